// ModelsState and the GPU: after a reset ('model-lost') the model counts as unloaded and loads again;
// the chat's WebLLM model is lent to the lab, and the chat moves to a new engine while it is lent.
import { describe, expect, it, vi } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import type { EngineClient, LoadedGenerator } from '../../../src/lib/generate/generatorClient';

const loads: string[] = [];
const terminated: number[] = [];
let answers: 'lost' | 'ok' = 'ok';
let hosts = 0;

function fakeClient(engine: 'webllm' | 'transformers', n = 0): EngineClient {
  return {
    engine,
    async load(id, onProgress) {
      loads.push(engine === 'webllm' ? `#${n} ${id}` : id);
      onProgress({ fraction: 0.5, phase: 'download', text: '', loadedBytes: 300 * 2 ** 20 });
      const info: LoadedGenerator = {
        engine,
        requestedId: id,
        modelId: id,
        contextWindow: 2048,
        countTokens: (t) => t.length,
        warnings: [],
      };
      return info;
    },
    cancelLoad: () => {},
    async generate() {
      if (answers === 'lost') throw new RagtuneError('model-lost', 'The GPU was reset.');
      throw new Error('not used');
    },
    unload: async () => {},
    terminate: () => void terminated.push(n),
  };
}

vi.mock('../../../src/lib/generate/generatorClient', () => ({
  createWebllmHost: () => ({
    catalog: async () => ({ families: [], entries: [] }),
    check: async () => [],
    setCustomModels: async () => {},
    validateCustomModel: async () => {
      throw new Error('not used');
    },
    engine: fakeClient('webllm', ++hosts),
  }),
  createTransformersEngine: () => ({
    ...fakeClient('transformers'),
    setCustomModels: async () => {},
    validateCustomModel: async () => {
      throw new Error('not used');
    },
  }),
}));

const { ModelsState } = await import('../../../src/lib/state/ModelsState.svelte');

describe('ModelsState after a GPU reset', () => {
  it('forgets a model its engine lost and loads it again on the next question', async () => {
    const models = new ModelsState({ models: [] });
    models.select({ engine: 'webllm', id: 'Qwen3-1.7B-q4f16_1-MLC' });
    const { client } = await models.ensureLoaded();
    expect(models.ready?.modelId).toBe('Qwen3-1.7B-q4f16_1-MLC');
    answers = 'lost';
    const request = { messages: [], temperature: 0, topP: 1, maxTokens: 8, seed: 1 };
    await expect(client.generate(request, () => {})).rejects.toMatchObject({ code: 'model-lost' });
    expect(models.ready).toBeUndefined();
    await models.ensureLoaded();
    expect(loads).toEqual(['#1 Qwen3-1.7B-q4f16_1-MLC', '#1 Qwen3-1.7B-q4f16_1-MLC']);
  });

  it('lends its WebLLM model to the lab, and loads another in a new engine while lent', async () => {
    loads.length = 0;
    answers = 'ok';
    const models = new ModelsState({ models: [] });
    const first = hosts;
    const freed: string[] = [];
    models.lending.beforeLoad = async (model) => void freed.push(model.id);
    const QWEN = { engine: 'webllm' as const, id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC' };
    models.select(QWEN);
    await models.ensureLoaded();
    expect(models.lending.resident).toEqual([QWEN]);
    expect(
      models.lending.lend({ ...QWEN, id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC' }),
    ).toBeUndefined();
    const lease = models.lending.lend(QWEN);
    expect(lease?.ready.info.requestedId).toBe(QWEN.id);
    models.select({ engine: 'webllm', id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC' });
    await models.ensureLoaded();
    expect(freed).toEqual([QWEN.id, 'Llama-3.2-1B-Instruct-q4f16_1-MLC']);
    // The lent engine keeps its model for the lab; the chat's new one loads the other model.
    expect(loads).toEqual([
      `#${first} ${QWEN.id}`,
      `#${first + 1} Llama-3.2-1B-Instruct-q4f16_1-MLC`,
    ]);
    expect(terminated).not.toContain(first);
    lease?.release();
    expect(terminated).toContain(first);
  });

  it('asks for persistent storage after a large download, and says what it got', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist } });
    const models = new ModelsState({ models: [] });
    models.select({ engine: 'webllm', id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC' });
    await models.ensureLoaded();
    await vi.waitFor(() => expect(models.storagePersistent).toBe(true));
    expect(persist).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });
});
