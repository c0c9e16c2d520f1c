// Figures that compare across engines: time to first token by our clock from the call (WebLLM's
// own is GPU prefill only), and the prompt size the builder counted (WebLLM counts only the round's
// prefill when it reuses its KV cache), with the engine's own count kept beside it.
import { describe, expect, it } from 'vitest';
import { withBuilderPrompt } from '../../../../src/lib/generate/Generator';
import { REQUEST, USAGE, loaded } from './webllmStandIn';

describe('fair figures', () => {
  it('times the first token by our clock, from the call to the first piece', async () => {
    let t = 0;
    const { generator } = await loaded(
      { tokens: ['a', 'b'], usage: USAGE },
      { now: () => (t += 100) },
    );
    t = 10_000;
    const { stats } = await generator.generate(REQUEST, () => {});
    // Start 10,100; first piece 10,200: 100 ms (WebLLM's prefill-only figure says 250).
    expect(stats.timeToFirstTokenMs).toBe(100);
    expect(stats.decodeTokensPerS).toBe(42.5);
  });

  it('shows the builder’s prompt size and keeps what the engine prefilled', async () => {
    const { generator } = await loaded({ tokens: ['a'], usage: { ...USAGE, prompt_tokens: 12 } });
    const { stats } = await generator.generate(REQUEST, () => {});
    const shown = withBuilderPrompt(stats, 480);
    expect(shown.promptTokens).toBe(480);
    expect(shown.prefillTokens).toBe(12);
  });
});
