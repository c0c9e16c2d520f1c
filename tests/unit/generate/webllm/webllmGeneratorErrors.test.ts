// How the WebLLM adapter fails: worker-string and TypeError rejections while loading, a lost device,
// a rejection mid-stream and a throwing token callback, each as a RagtuneError that says what to do.
import { describe, expect, it } from 'vitest';
import { createWebllmGenerator } from '../../../../src/lib/generate/webllm/webllmGenerator';
import { CODER, QWEN, REQUEST, loaded, standIn } from './webllmStandIn';

describe('createWebllmGenerator: errors', () => {
  it('turns an offline worker rejection (a plain string) into model-not-cached', async () => {
    const fake = standIn({ createError: 'TypeError: Failed to fetch' });
    const generator = createWebllmGenerator({ ...fake.options, isOnline: () => false });
    await expect(generator.load(QWEN, () => {})).rejects.toMatchObject({
      code: 'model-not-cached',
      message: expect.stringMatching(/offline and Qwen2\.5-0\.5B-Instruct is not cached yet/),
    });
  });

  it('turns TypeError("Failed to fetch") online into model-unavailable, with our facts', async () => {
    const fake = standIn({ createError: new TypeError('Failed to fetch') });
    const generator = createWebllmGenerator({
      ...fake.options,
      describeModel: () => ({ label: 'Qwen2.5 0.5B' }),
    });
    await expect(generator.load(QWEN, () => {})).rejects.toMatchObject({
      code: 'model-unavailable',
      message: expect.stringMatching(/^Could not download Qwen2\.5 0\.5B/),
    });
  });

  it('starts afresh after a failed reload (device lost)', async () => {
    const { generator, state } = await loaded({
      reloadError: 'DeviceLostError: The WebGPU device was lost while loading the model.',
    });
    await expect(generator.load(CODER, () => {})).rejects.toMatchObject({
      code: 'insufficient-memory',
    });
    expect(state.disposed).toBe(1);
    await generator.load(QWEN, () => {});
    expect(state.created).toBe(2);
  });

  it('maps a rejection in the middle of a stream', async () => {
    const { generator } = await loaded({
      tokens: ['a', 'b', 'c'],
      streamError: {
        afterTokens: 1,
        error:
          'ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096',
      },
    });
    await expect(generator.generate(REQUEST, () => {})).rejects.toMatchObject({
      code: 'context-too-long',
    });
  });

  it('stops the engine when onToken throws, then reports that error', async () => {
    const { generator, log, state } = await loaded({ tokens: ['a', 'b', 'c'] });
    const failing = () => {
      throw new Error('UI went away');
    };
    await expect(generator.generate(REQUEST, failing)).rejects.toMatchObject({
      code: 'internal',
      message: 'UI went away',
    });
    expect(log.interrupts).toBeGreaterThanOrEqual(1);
    expect(state.drained).toBe(true);
  });
});

describe('createWebllmGenerator: Chrome’s real download failures', () => {
  const partial = [
    { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
    {
      progress: 0.33,
      timeElapsed: 2,
      text: 'Fetching param cache[3/9]: 100MB fetched. 33% completed, 2 secs elapsed.',
    },
  ];
  it.each([
    "TypeError: Failed to execute 'add' on 'Cache': Cache.add() encountered a network error",
    "TypeError: Failed to execute 'add' on 'Cache': Request failed",
  ])('%s mid-download says: interrupted, try again', async (createError) => {
    const fake = standIn({ createError, reports: partial });
    const generator = createWebllmGenerator(fake.options);
    await expect(generator.load(QWEN, () => {})).rejects.toMatchObject({
      code: 'download-interrupted',
      message: expect.stringMatching(/interrupted after 100 MB — try again/),
    });
  });
});

describe('createWebllmGenerator: a token callback across Comlink', () => {
  it('stops when the page’s callback rejects asynchronously, and reports that error', async () => {
    const { generator, log } = await loaded({ tokens: ['a', 'b', 'c', 'd', 'e', 'f'] });
    // What a Comlink proxy of a throwing page callback returns: a promise that rejects later.
    const remote = (() => Promise.reject(new Error('The page went away'))) as unknown as (
      t: string,
    ) => void;
    await expect(generator.generate(REQUEST, remote)).rejects.toMatchObject({
      message: 'The page went away',
    });
    expect(log.interrupts).toBeGreaterThanOrEqual(1);
  });
});
