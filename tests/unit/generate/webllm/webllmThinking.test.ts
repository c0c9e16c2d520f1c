// Reasoning models on WebLLM: Qwen3 is asked not to think (enable_thinking: false), an R1 distill's
// <think> block is kept out of the shown answer but kept to view, and a cut-off answer says so.
import { describe, expect, it } from 'vitest';
import { createWebllmGenerator } from '../../../../src/lib/generate/webllm/webllmGenerator';
import { ThinkSplitter, thinkingOf } from '../../../../src/lib/generate/webllm/thinking';
import { REQUEST, standIn } from './webllmStandIn';

const QWEN3 = 'Qwen3-1.7B-q4f16_1-MLC';
const R1 = 'DeepSeek-R1-Distill-Qwen-7B-q4f16_1-MLC';
const REASONING = Array.from({ length: 20 }, (_, i) => `step ${i}. `);

async function loadedAs(id: string, script: Parameters<typeof standIn>[0]) {
  const fake = standIn(script);
  const generator = createWebllmGenerator(fake.options);
  await generator.load(id, () => {});
  return { ...fake, generator };
}

describe('WebLLM reasoning models', () => {
  it('asks a hybrid model (Qwen3) not to think, and shows only the answer', async () => {
    const { generator, log } = await loadedAs(QWEN3, {
      tokens: ['RAG', ' retrieves', '.'],
      thinks: { kind: 'hybrid', reasoning: REASONING },
    });
    const shown: string[] = [];
    const result = await generator.generate(REQUEST, (t) => shown.push(t));
    expect(log.requests[0]?.extra_body).toEqual({ enable_thinking: false });
    expect(result.text).toBe('RAG retrieves.');
    expect(shown.join('')).toBe('RAG retrieves.');
    expect(result.cutOff).toBeUndefined();
  });

  it('sends no enable_thinking to a model that does not know it', async () => {
    const fake = standIn({ tokens: ['a'] });
    const generator = createWebllmGenerator(fake.options);
    await generator.load('Llama-3.2-1B-Instruct-q4f16_1-MLC', () => {});
    await generator.generate(REQUEST, () => {});
    expect(fake.log.requests[0]).not.toHaveProperty('extra_body');
  });

  it('keeps an always-thinking model’s reasoning out of the answer, but viewable', async () => {
    const { generator } = await loadedAs(R1, {
      tokens: ['RAG', ' retrieves', '.'],
      thinks: { kind: 'always', reasoning: ['Let me ', 'see.'] },
    });
    const shown: string[] = [];
    const result = await generator.generate(REQUEST, (t) => shown.push(t));
    expect(result.text).toBe('RAG retrieves.');
    expect(shown.join('')).toBe('RAG retrieves.');
    expect(result.reasoning).toBe('Let me see.');
  });

  it('marks an answer cut off by the token limit (finish_reason "length")', async () => {
    const { generator } = await loadedAs(R1, {
      tokens: ['never', ' reached'],
      thinks: { kind: 'always', reasoning: REASONING },
    });
    const shown: string[] = [];
    const result = await generator.generate({ ...REQUEST, maxTokens: 5 }, (t) => shown.push(t));
    expect(result.cutOff).toBe(true);
    expect(result.text).toBe('');
    expect(shown).toEqual([]);
    expect(result.reasoning).toBe(REASONING.slice(0, 5).join('').trim());
  });
});

describe('ThinkSplitter', () => {
  it('finds tags split across pieces', () => {
    const split = new ThinkSplitter();
    const shown = ['  <th', 'ink>why', ' so</thi', 'nk>\n\nBe', 'cause.'].map((p) => split.push(p));
    expect(shown.join('')).toBe('Because.');
    expect(split.finish()).toMatchObject({ answer: 'Because.', reasoning: 'why so' });
  });

  it('leaves an answer without a think block alone, "<" and all', () => {
    const split = new ThinkSplitter();
    const shown = ['<', 'b> is bold; a <think> later is text'].map((p) => split.push(p));
    expect(shown.join('') + split.finish().shown).toBe('<b> is bold; a <think> later is text');
  });

  it('reads which models think', () => {
    expect(thinkingOf('Qwen3-8B-q4f32_1-MLC')).toBe('hybrid');
    expect(thinkingOf('Qwen3.5-2B-q4f16_1-MLC')).toBe('hybrid');
    expect(thinkingOf('DeepSeek-R1-Distill-Llama-8B-q4f16_1-MLC')).toBe('always');
    expect(thinkingOf('Qwen2.5-7B-Instruct-q4f16_1-MLC')).toBe('none');
  });
});
