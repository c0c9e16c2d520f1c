// ModelsState after a GPU reset: an answer rejected with 'model-lost' leaves the model unloaded, so
// choosing it again (or the next question) loads it again instead of reusing the dead engine.
import { describe, expect, it, vi } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import type { EngineClient, LoadedGenerator } from '../../../src/lib/generate/generatorClient';

const loads: string[] = [];
let answers: 'lost' | 'ok' = 'ok';

function fakeClient(engine: 'webllm' | 'transformers'): EngineClient {
  return {
    engine,
    async load(id) {
      loads.push(id);
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
    terminate: () => {},
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
    engine: fakeClient('webllm'),
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
    expect(loads).toEqual(['Qwen3-1.7B-q4f16_1-MLC', 'Qwen3-1.7B-q4f16_1-MLC']);
  });
});
