// The WebLLM adapter against a stand-in engine that behaves like WebLLM's: load progress, streamed
// tokens, stopping mid-answer, usage figures turned into stats, the answering model recorded.
import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../../../src/lib/generate/Generator';
import { createWebllmGenerator } from '../../../../src/lib/generate/webllm/webllmGenerator';
import { CODER, QWEN, REQUEST, USAGE, loaded, standIn } from './webllmStandIn';

describe('createWebllmGenerator: load', () => {
  it('maps WebLLM progress to a bar that only moves forward', async () => {
    const fake = standIn({});
    const generator = createWebllmGenerator(fake.options);
    const seen: LoadProgress[] = [];
    await generator.load(QWEN, (p) => seen.push(p));
    const fractions = seen.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(seen.map((p) => p.phase)).toEqual([
      undefined, // 'Start to fetch params' comes for cached models too
      'download',
      'download',
      'compile',
      'ready',
    ]);
    expect(seen[1]).toMatchObject({ loadedBytes: 100 * 2 ** 20 });
    expect(seen[1]?.totalBytes).toBeCloseTo((100 * 2 ** 20) / 0.33, -3);
    expect(seen[1]?.text).toMatch(/^Downloading weights: 100 MB of 303 MB$/);
    expect(seen.at(-1)).toEqual({ fraction: 1, phase: 'ready', text: 'Ready' });
  });

  it('reloads the same engine for the next model, with the current model list', async () => {
    const appConfig = { model_list: [] };
    const { generator, state } = await loaded({}, { appConfig: () => appConfig });
    const seen: LoadProgress[] = [];
    await generator.load(CODER, (p) => seen.push(p));
    expect(state.created).toBe(1);
    expect(state.reloads).toEqual([CODER]);
    expect(state.appConfigs).toBe(1);
    expect(seen.at(-1)?.phase).toBe('ready');
  });
});

describe('createWebllmGenerator: generate', () => {
  it('streams tokens and sends the request WebLLM expects', async () => {
    const { generator, log } = await loaded({ tokens: ['Retrieval', '-augmented', ' generation'] });
    const tokens: string[] = [];
    const result = await generator.generate(REQUEST, (t) => tokens.push(t));
    expect(tokens).toEqual(['Retrieval', '-augmented', ' generation']);
    expect(result.text).toBe('Retrieval-augmented generation');
    expect(result.stopped).toBe(false);
    expect(log.requests[0]).toEqual({
      messages: REQUEST.messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      top_p: 0.9,
      max_tokens: 64,
      seed: 7,
      // Neutral penalties, so that no model's own defaults make arms decode differently.
      repetition_penalty: 1,
      frequency_penalty: 0,
      presence_penalty: 0,
    });
  });

  it('fills stats from usage and records the model that answered', async () => {
    const { generator } = await loaded({
      tokens: ['a', 'b', 'c'],
      usage: USAGE,
      answeredBy: CODER,
    });
    const { stats } = await generator.generate(REQUEST, () => {});
    expect(stats).toEqual({
      promptTokens: 120,
      prefillTokens: 120,
      completionTokens: 3,
      // Our clock, not WebLLM's prefill-only time_to_first_token_s (see webllmFairFigures).
      timeToFirstTokenMs: expect.any(Number),
      prefillTokensPerS: 800,
      decodeTokensPerS: 42.5,
      totalMs: 1500,
      modelId: CODER,
      timingSource: 'engine',
      penalties: { repetition: 1, frequency: 0, presence: 0 },
    });
  });

  it('falls back to its own clock when no usage arrives', async () => {
    let t = 0;
    const { generator } = await loaded({ tokens: ['a', 'b', 'c'] }, { now: () => (t += 100) });
    const { stats } = await generator.generate(REQUEST, () => {});
    expect(stats).toMatchObject({ timingSource: 'client', completionTokens: 3, modelId: QWEN });
    // The clock is read at the start (100), the first token (200) and the end (300).
    expect(stats.timeToFirstTokenMs).toBe(100);
    expect(stats.totalMs).toBe(200);
    expect(stats.decodeTokensPerS).toBeCloseTo(2 / 0.1);
  });

  it('stops mid-answer, keeps the text so far and drains the stream', async () => {
    const { generator, log, state } = await loaded({
      tokens: ['one', ' two', ' three', ' four', ' five'],
      usage: USAGE,
    });
    const controller = new AbortController();
    const tokens: string[] = [];
    const result = await generator.generate(
      REQUEST,
      (t) => {
        tokens.push(t);
        if (tokens.length === 2) controller.abort();
      },
      controller.signal,
    );
    expect(result).toMatchObject({ text: 'one two', stopped: true });
    expect(tokens).toEqual(['one', ' two']);
    expect(log.interrupts).toBeGreaterThanOrEqual(1);
    expect(state.drained).toBe(true);
    expect(result.stats.timingSource).toBe('engine');
  });

  it('repeats the interrupt when the stop came before WebLLM started the request', async () => {
    const controller = new AbortController();
    const { generator, log, state } = await loaded({
      tokens: ['a', 'b', 'c', 'd'],
      beforeStream: () => controller.abort(),
    });
    const tokens: string[] = [];
    const result = await generator.generate(REQUEST, (t) => tokens.push(t), controller.signal);
    expect(result.stopped).toBe(true);
    expect(result.text).toBe('');
    expect(log.interrupts).toBe(2);
    expect(state.drained).toBe(true);
  });

  it('rejects with cancelled when the signal fired before the start', async () => {
    const { generator, log } = await loaded({ tokens: ['a'] });
    const controller = new AbortController();
    controller.abort();
    await expect(generator.generate(REQUEST, () => {}, controller.signal)).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(log.requests).toHaveLength(0);
  });

  it('needs a loaded model, and frees it on unload', async () => {
    const { generator, log, state } = await loaded({ tokens: ['a'] });
    await generator.unload();
    expect(log.unloads).toBe(1);
    expect(state.disposed).toBe(1);
    await expect(generator.generate(REQUEST, () => {})).rejects.toMatchObject({
      code: 'generation-failed',
      message: expect.stringMatching(/load a model first/),
    });
  });
});
