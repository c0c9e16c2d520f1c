// A lost GPU device on WebLLM: the engine unloads the model by itself, so the adapter must stop
// calling it loaded, say so in words and start afresh; a reload that an abort ended is no load.
import { describe, expect, it } from 'vitest';
import { createWebllmGenerator } from '../../../../src/lib/generate/webllm/webllmGenerator';
import { QWEN, REQUEST, loaded, standIn } from './webllmStandIn';

describe('createWebllmGenerator: device lost', () => {
  it('after a GPU reset between questions: says so, drops the engine, loads afresh', async () => {
    const fake = standIn({ tokens: ['a', 'b'] });
    const generator = createWebllmGenerator(fake.options);
    await generator.load(QWEN, () => {});
    fake.loseDevice();
    await expect(generator.generate(REQUEST, () => {})).rejects.toMatchObject({
      code: 'model-lost',
      message: expect.stringMatching(/GPU was reset.*loads again from the cache/),
    });
    expect(fake.state.disposed).toBe(1);
    await generator.load(QWEN, () => {});
    expect(fake.state.created).toBe(2);
    const result = await generator.generate(REQUEST, () => {});
    expect(result.text).toBe('ab');
  });

  it('a device lost mid-answer (an AbortError we did not ask for) is not “cancelled”', async () => {
    const { generator, state } = await loaded({
      tokens: ['a', 'b', 'c'],
      loseDevice: { afterTokens: 1 },
    });
    await expect(generator.generate(REQUEST, () => {})).rejects.toMatchObject({
      code: 'model-lost',
    });
    expect(state.disposed).toBe(1);
  });

  it('a reload that resolves with nothing loaded (aborted) fails in words', async () => {
    const fake = standIn({ abortReload: true });
    const generator = createWebllmGenerator(fake.options);
    await expect(generator.load(QWEN, () => {})).rejects.toMatchObject({
      code: 'model-lost',
      message: expect.stringMatching(/stopped before the model was ready/),
    });
    expect(fake.state.disposed).toBe(1);
    await expect(generator.generate(REQUEST, () => {})).rejects.toMatchObject({
      message: expect.stringMatching(/load a model first/),
    });
  });
});
