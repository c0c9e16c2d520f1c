// The page's WebLLM host ends its worker after a failed load (a GPU device and shard downloads may
// live on in it), but not after a cancel it asked for, and starts its successor at once (so
// WebLLM's code is loaded while the network is there), which the next call uses.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RagtuneError } from '../../../../src/lib/errors';

const workers: { terminated: boolean }[] = [];
let loadError: unknown;

vi.mock('../../../../src/lib/rpc/rpc', () => ({
  wrapWorker: () => ({
    setCustomModels: async () => {},
    catalog: async () => ({ families: [] }),
    load: async (id: string) => {
      if (loadError !== undefined) throw loadError;
      return {
        requestedId: id,
        modelId: id,
        contextWindow: 4096,
        tokenizer: 'model',
        warnings: [],
      };
    },
  }),
  call: <T>(p: Promise<T>) => p,
  callback: <F>(f: F) => f,
}));

class FakeWorker {
  terminated = false;
  constructor() {
    workers.push(this);
  }
  terminate() {
    this.terminated = true;
  }
}
vi.stubGlobal('Worker', FakeWorker);

const { createWebllmHost } = await import('../../../../src/lib/generate/generatorClient');

afterEach(() => {
  workers.length = 0;
  loadError = undefined;
});

describe('createWebllmHost: failed loads', () => {
  it('ends the worker after a failed load and starts its successor for the next', async () => {
    const host = createWebllmHost();
    loadError = new RagtuneError('insufficient-memory', 'Out of GPU memory.');
    await expect(host.engine.load('X-q4f16_1-MLC', () => {})).rejects.toBe(loadError);
    await vi.waitFor(() => expect(workers).toHaveLength(2));
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[1]?.terminated).toBe(false);
    loadError = undefined;
    await host.engine.load('X-q4f16_1-MLC', () => {});
    expect(workers).toHaveLength(2); // the successor answered: no third worker
    expect(workers[1]?.terminated).toBe(false);
  });

  it('keeps the worker when the load was cancelled (cancelLoad ended it already)', async () => {
    const host = createWebllmHost();
    loadError = new RagtuneError('cancelled', 'Cancelled.');
    await expect(host.engine.load('X-q4f16_1-MLC', () => {})).rejects.toBe(loadError);
    expect(workers[0]?.terminated).toBe(false);
  });
});
