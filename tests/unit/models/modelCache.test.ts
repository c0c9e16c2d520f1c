// The downloaded-models list over an in-memory CacheStorage: grouping files by model from their
// URLs (hub, self-hosted, runtime), sizes, and deleting one model or all.
import { describe, expect, it } from 'vitest';
import {
  deleteCachedModel,
  listCachedModels,
  modelIdFromUrl,
} from '../../../src/lib/models/modelCache';

class MemoryCache {
  entries = new Map<string, Response>();
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async match(request: Request) {
    return this.entries.get(request.url)?.clone();
  }
  async delete(request: Request) {
    return this.entries.delete(request.url);
  }
}

function storage(files: Record<string, Record<string, number>>): CacheStorage {
  const caches = new Map<string, MemoryCache>();
  for (const [name, urls] of Object.entries(files)) {
    const cache = new MemoryCache();
    for (const [url, size] of Object.entries(urls))
      cache.entries.set(url, new Response(new Uint8Array(size)));
    caches.set(name, cache);
  }
  return {
    keys: async () => [...caches.keys()],
    open: async (name: string) => caches.get(name) as unknown as Cache,
  } as unknown as CacheStorage;
}

const HOST = 'http://127.0.0.1:4173/test-models/';

describe('model cache', () => {
  it('names the model of a hub file, a self-hosted file and a runtime file', () => {
    expect(
      modelIdFromUrl(
        'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/onnx/model_quantized.onnx',
      ).id,
    ).toBe('Xenova/bge-small-en-v1.5');
    expect(modelIdFromUrl(`${HOST}ragtune-test/tiny-bert/config.json`, [HOST]).id).toBe(
      'ragtune-test/tiny-bert',
    );
    expect(
      modelIdFromUrl('http://127.0.0.1:4173/assets/ort-wasm-simd-threaded.asyncify-X.wasm'),
    ).toEqual({ id: 'ONNX Runtime (WebAssembly)', kind: 'runtime' });
    // Its loader script, cached beside it, is the same runtime (once listed as "assets").
    expect(
      modelIdFromUrl('http://127.0.0.1:4173/assets/ort-wasm-simd-threaded.asyncify-Y.mjs'),
    ).toEqual({ id: 'ONNX Runtime (WebAssembly)', kind: 'runtime' });
  });

  it('lists models with their files and sizes, ignoring other caches, and deletes one or all', async () => {
    const s = storage({
      'transformers-cache': {
        'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/config.json': 100,
        'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/onnx/model_quantized.onnx': 5000,
        [`${HOST}ragtune-test/tiny-bert/config.json`]: 10,
        'http://127.0.0.1:4173/assets/ort-wasm-simd-threaded.asyncify-X.wasm': 9000,
      },
      'webllm/model': {
        'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC/resolve/main/params_shard_0.bin': 7000,
      },
      'my-app-assets': { 'http://127.0.0.1:4173/logo.png': 42 },
    });
    const models = await listCachedModels(s, [HOST]);
    expect(models).toEqual([
      { id: 'mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC', kind: 'model', files: 1, bytes: 7000 },
      { id: 'Xenova/bge-small-en-v1.5', kind: 'model', files: 2, bytes: 5100 },
      { id: 'ragtune-test/tiny-bert', kind: 'model', files: 1, bytes: 10 },
      { id: 'ONNX Runtime (WebAssembly)', kind: 'runtime', files: 1, bytes: 9000 },
    ]);
    expect(await deleteCachedModel(s, 'Xenova/bge-small-en-v1.5', [HOST])).toBe(2);
    expect((await listCachedModels(s, [HOST])).map((m) => m.id)).not.toContain(
      'Xenova/bge-small-en-v1.5',
    );
    expect(await deleteCachedModel(s)).toBe(3);
    expect(await listCachedModels(s)).toEqual([]);
  });
});
