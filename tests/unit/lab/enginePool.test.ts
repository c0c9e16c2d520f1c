// EnginePool with stand-in engines: one engine per model, loaded once and reused (a swap of 0 ms),
// loads timed by an injected clock, unavailable models refused before any worker starts, failed
// loads ended and retried later, releaseExcept and cancelLoads touching only what they should.
import { describe, expect, it, vi } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import type { LoadProgress } from '../../../src/lib/generate/Generator';
import { unwatched } from '../../../src/lib/generate/modelLost';
import { EnginePool, type PoolDeps } from '../../../src/lib/lab/enginePool';
import { modelKey, type ArmModel } from '../../../src/lib/lab/types';
import { CODER, LLAMA, QWEN, TINY } from './arms';
import { fakeEngines, flush, PROGRESS, type FakeEngineOptions } from './fakeEngines';
import { answerOf } from '../generate/fakeAnswer';

function setup(options: FakeEngineOptions = {}, deps: Partial<PoolDeps> = {}) {
  const fake = fakeEngines(options);
  const createEngine = vi.fn(fake.createEngine);
  let time = 1000;
  const clock = {
    now: () => time,
    advance: (ms: number) => (time += ms),
  };
  const pool = new EnginePool({ createEngine, now: clock.now, ...deps });
  return { fake, createEngine, clock, pool };
}

const noProgress = () => {};

async function rejection(promise: Promise<unknown>): Promise<RagtuneError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RagtuneError);
  return error as RagtuneError;
}

describe('EnginePool.acquire', () => {
  it('loads a model once in its own engine, then reuses it with a swap of 0 ms', async () => {
    const { fake, createEngine, pool } = setup({ loadedAs: (id) => `${id}-twin` });
    const progress: LoadProgress[] = [];
    const first = await pool.acquire(QWEN, (p) => progress.push(p));
    expect(createEngine).toHaveBeenCalledTimes(1);
    expect(createEngine).toHaveBeenCalledWith('webllm');
    expect(progress).toEqual([PROGRESS]);
    expect(unwatched(first.ready.client)).toBe(fake.engines[0]);
    expect(first.ready.info.requestedId).toBe(QWEN.id);
    expect(first.ready.info.modelId).toBe(`${QWEN.id}-twin`);
    expect(first.swap).toEqual({ modelKey: modelKey(QWEN), ms: 0 });

    const again = await pool.acquire(QWEN, (p) => progress.push(p));
    expect(again.ready).toBe(first.ready);
    expect(again.swap).toEqual({ modelKey: modelKey(QWEN), ms: 0, reused: true });
    expect(createEngine).toHaveBeenCalledTimes(1);
    expect(progress).toHaveLength(1);
    expect(fake.log).toEqual(['create webllm #1', `load #1 ${QWEN.id}`]);
    expect(pool.loadedKeys).toEqual([modelKey(QWEN)]);
  });

  it('gives each model its own engine of its own kind', async () => {
    const { fake, pool } = setup();
    const [a, b] = await Promise.all([
      pool.acquire(QWEN, noProgress),
      pool.acquire(TINY, noProgress),
    ]);
    expect(a.ready.client).not.toBe(b.ready.client);
    expect(fake.engines.map((e) => e.engine)).toEqual(['webllm', 'transformers']);
    expect(pool.loadedKeys).toEqual([modelKey(QWEN), modelKey(TINY)]);
  });

  it('times a load as a swap with the injected clock', async () => {
    const { fake, clock, pool } = setup({ manual: true });
    const acquiring = pool.acquire(CODER, noProgress);
    expect(pool.loadedKeys).toEqual([modelKey(CODER)]);
    clock.advance(2456.4);
    fake.settle(CODER.id);
    const { swap } = await acquiring;
    expect(swap).toEqual({ modelKey: modelKey(CODER), ms: 2456 });
  });

  it('loads once when the same model is asked for while it loads', async () => {
    const { fake, createEngine, pool } = setup({ manual: true });
    const first = pool.acquire(QWEN, noProgress);
    const second = pool.acquire(QWEN, noProgress);
    fake.settle(QWEN.id);
    const [a, b] = await Promise.all([first, second]);
    expect(createEngine).toHaveBeenCalledTimes(1);
    expect(b.ready).toBe(a.ready);
    expect(b.swap.reused).toBe(true);
  });

  it('refuses an unavailable model with its code and reason, and starts no engine', async () => {
    const reason = 'This browser has no WebGPU: choose a transformers.js model.';
    const unavailable = vi.fn((model: ArmModel) =>
      model.engine === 'webllm' ? { code: 'webgpu-unavailable' as const, reason } : undefined,
    );
    const { createEngine, pool } = setup({}, { unavailable });
    const error = await rejection(pool.acquire(LLAMA, noProgress));
    expect(error.code).toBe('webgpu-unavailable');
    expect(error.message).toBe(reason);
    expect(unavailable).toHaveBeenCalledWith(LLAMA);
    expect(createEngine).not.toHaveBeenCalled();
    expect(pool.loadedKeys).toEqual([]);
    // Another engine's model still loads.
    await pool.acquire(TINY, noProgress);
    expect(createEngine).toHaveBeenCalledTimes(1);
    expect(createEngine).toHaveBeenCalledWith('transformers');
  });

  it('ends the engine of a failed load, keeps the load’s code, and retries on the next acquire', async () => {
    const memory = new RagtuneError(
      'insufficient-memory',
      'Not enough GPU memory: pick a smaller model.',
    );
    const { fake, createEngine, pool } = setup({
      failLoad: (id, attempt) => (id === QWEN.id && attempt === 1 ? memory : undefined),
    });
    const error = await rejection(pool.acquire(QWEN, noProgress));
    expect(error).toBe(memory);
    expect(fake.engines[0]?.terminated).toBe(true);
    expect(pool.loadedKeys).toEqual([]);

    const retried = await pool.acquire(QWEN, noProgress);
    expect(createEngine).toHaveBeenCalledTimes(2);
    expect(unwatched(retried.ready.client)).toBe(fake.engines[1]);
    expect(retried.swap.reused).toBeUndefined();
    expect(fake.engines[1]?.terminated).toBe(false);
    expect(fake.log).toEqual([
      'create webllm #1',
      `load #1 ${QWEN.id}`,
      'terminate #1',
      'create webllm #2',
      `load #2 ${QWEN.id}`,
    ]);
  });

  it('turns a plain failure into a model-unavailable RagtuneError with its message', async () => {
    const { pool } = setup({ failLoad: () => new Error('404 on model.onnx') });
    const error = await rejection(pool.acquire(TINY, noProgress));
    expect(error.code).toBe('model-unavailable');
    expect(error.message).toBe('404 on model.onnx');
  });
});

describe('EnginePool.releaseExcept', () => {
  it('unloads and ends only the models not kept', async () => {
    const { fake, pool } = setup();
    for (const model of [QWEN, TINY, CODER]) await pool.acquire(model, noProgress);
    fake.log.length = 0;
    await pool.releaseExcept([modelKey(TINY)]);
    expect(fake.log).toEqual(['unload #1', 'terminate #1', 'unload #3', 'terminate #3']);
    expect(fake.engines.map((e) => e.terminated)).toEqual([true, false, true]);
    expect(pool.loadedKeys).toEqual([modelKey(TINY)]);
    // The kept model is still loaded: no swap.
    expect((await pool.acquire(TINY, noProgress)).swap.reused).toBe(true);
    // A released model loads again in a new engine.
    const back = await pool.acquire(QWEN, noProgress);
    expect(back.swap.reused).toBeUndefined();
    expect(unwatched(back.ready.client)).toBe(fake.engines[3]);
  });

  it('ends the worker even when unload fails', async () => {
    const { fake, pool } = setup({ failUnload: true });
    await pool.acquire(QWEN, noProgress);
    await pool.releaseExcept([]);
    expect(fake.log.slice(-2)).toEqual(['unload #1', 'terminate #1']);
    expect(pool.loadedKeys).toEqual([]);
  });

  it('keeps everything when every model is kept', async () => {
    const { fake, pool } = setup();
    await pool.acquire(QWEN, noProgress);
    await pool.acquire(TINY, noProgress);
    await pool.releaseExcept([modelKey(TINY), modelKey(QWEN), 'webllm:not-loaded']);
    expect(fake.log.filter((line) => /unload|terminate/.test(line))).toEqual([]);
  });
});

describe('EnginePool.cancelLoads', () => {
  it('ends only the loads under way; loaded models stay', async () => {
    const { fake, pool } = setup({ manual: true });
    const loaded = pool.acquire(QWEN, noProgress);
    fake.settle(QWEN.id);
    await loaded;
    const loading = pool.acquire(LLAMA, noProgress);
    const alsoLoading = pool.acquire(TINY, noProgress);
    pool.cancelLoads();
    expect((await rejection(loading)).code).toBe('cancelled');
    expect((await rejection(alsoLoading)).code).toBe('cancelled');
    expect(fake.loading).toEqual([]);
    expect(fake.log.filter((line) => line.includes('#1'))).toEqual([
      'create webllm #1',
      `load #1 ${QWEN.id}`,
    ]);
    expect(fake.log).toContain('cancelLoad #2');
    expect(fake.log).toContain('cancelLoad #3');
    expect(pool.loadedKeys).toEqual([modelKey(QWEN)]);
    expect((await pool.acquire(QWEN, noProgress)).swap.reused).toBe(true);
  });

  it('does nothing when no load is under way', async () => {
    const { fake, pool } = setup();
    await pool.acquire(QWEN, noProgress);
    pool.cancelLoads();
    expect(fake.log).toEqual(['create webllm #1', `load #1 ${QWEN.id}`]);
    expect(pool.loadedKeys).toEqual([modelKey(QWEN)]);
  });

  it('keeps a load started right after the cancel, before the cancelled one settled', async () => {
    const { fake, pool } = setup({ manual: true });
    const cancelled = pool.acquire(QWEN, noProgress);
    pool.cancelLoads();
    const restarted = pool.acquire(QWEN, noProgress);
    expect((await rejection(cancelled)).code).toBe('cancelled');
    await flush();
    // The cancelled acquire's clean-up must not drop the new load from the pool.
    expect(pool.loadedKeys).toEqual([modelKey(QWEN)]);
    fake.settle(QWEN.id);
    const { ready } = await restarted;
    expect(unwatched(ready.client)).toBe(fake.engines[1]);
    await pool.releaseExcept([]);
    expect(fake.engines[1]?.terminated).toBe(true);
  });
});

describe('EnginePool.dispose', () => {
  it('ends every engine', async () => {
    const { fake, pool } = setup();
    await pool.acquire(QWEN, noProgress);
    await pool.acquire(TINY, noProgress);
    pool.dispose();
    expect(fake.engines.every((e) => e.terminated)).toBe(true);
    expect(pool.loadedKeys).toEqual([]);
  });
});

describe('EnginePool after a GPU reset', () => {
  it('drops a model its engine lost, and loads it afresh on the next acquire', async () => {
    const lost = new RagtuneError('model-lost', 'The GPU was reset.');
    const { fake, createEngine, pool } = setup({ generate: () => Promise.reject(lost) });
    const first = await pool.acquire(QWEN, noProgress);
    await expect(
      first.ready.client.generate(
        { messages: [], temperature: 0, topP: 1, maxTokens: 8, seed: 1 },
        () => {},
      ),
    ).rejects.toBe(lost);
    expect(fake.engines[0]?.terminated).toBe(true);
    expect(pool.loadedKeys).toEqual([]);
    const second = await pool.acquire(QWEN, noProgress);
    expect(second.swap.reused).toBeUndefined();
    expect(createEngine).toHaveBeenCalledTimes(2);
  });
});

describe('EnginePool: one generation at a time', () => {
  it('lets co-resident models answer in turn, so none is timed under contention', async () => {
    const events: string[] = [];
    const { pool } = setup({
      generate: async (id) => {
        events.push(`start ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${id}`);
        return answerOf(id);
      },
    });
    const [a, b] = await Promise.all([
      pool.acquire(QWEN, noProgress),
      pool.acquire(CODER, noProgress),
    ]);
    const request = { messages: [], temperature: 0, topP: 1, maxTokens: 8, seed: 1 };
    await Promise.all([
      a.ready.client.generate(request, () => {}),
      b.ready.client.generate(request, () => {}),
    ]);
    expect(events).toEqual([
      `start ${QWEN.id}`,
      `end ${QWEN.id}`,
      `start ${CODER.id}`,
      `end ${CODER.id}`,
    ]);
  });
});

describe('EnginePool: models on the person’s server', () => {
  const SERVER_A: ArmModel = { engine: 'endpoint', id: 'lab/base' };
  const SERVER_B: ArmModel = { engine: 'endpoint', id: 'lab/lora' };
  const SERVER_C: ArmModel = { engine: 'endpoint', id: 'lab/other' };

  /** Each generation logs its start and end around a 5 ms wait; the peak of those running. */
  function timed() {
    const events: string[] = [];
    let running = 0;
    let peak = 0;
    const generate = async (id: string) => {
      running += 1;
      peak = Math.max(peak, running);
      events.push(`start ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${id}`);
      running -= 1;
      return answerOf(id);
    };
    return { events, generate, peak: () => peak };
  }
  const request = { messages: [], temperature: 0, topP: 1, maxTokens: 8, seed: 1 };

  it('answer up to the concurrency setting at once, read when each answer starts', async () => {
    const t = timed();
    let atOnce = 2;
    const { pool } = setup({ generate: t.generate }, { serverConcurrency: () => atOnce });
    const models = [SERVER_A, SERVER_B, SERVER_C];
    const ready = await Promise.all(models.map((m) => pool.acquire(m, noProgress)));
    await Promise.all(ready.map((r) => r.ready.client.generate(request, () => {})));
    expect(t.peak()).toBe(2);
    atOnce = 1;
    const t1 = timed();
    const { pool: one } = setup({ generate: t1.generate }, { serverConcurrency: () => atOnce });
    const again = await Promise.all(models.map((m) => one.acquire(m, noProgress)));
    await Promise.all(again.map((r) => r.ready.client.generate(request, () => {})));
    expect(t1.peak()).toBe(1);
  });

  it('do not wait for the device’s queue, and local models still answer one at a time', async () => {
    const t = timed();
    const { pool } = setup({ generate: t.generate }, { serverConcurrency: () => 1 });
    const [local1, local2, server] = await Promise.all(
      [QWEN, CODER, SERVER_A].map((m) => pool.acquire(m, noProgress)),
    );
    await Promise.all(
      [local1!, local2!, server!].map((r) => r.ready.client.generate(request, () => {})),
    );
    // The server's answer overlaps the first local one; the two local ones never overlap.
    expect(t.events.slice(0, 2).sort()).toEqual([`start ${QWEN.id}`, `start ${SERVER_A.id}`]);
    const local = t.events.filter((e) => !e.includes(SERVER_A.id));
    expect(local).toEqual([
      `start ${QWEN.id}`,
      `end ${QWEN.id}`,
      `start ${CODER.id}`,
      `end ${CODER.id}`,
    ]);
  });
});
