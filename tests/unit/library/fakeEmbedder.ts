// A deterministic bag-of-words embedder for unit tests of the library's own logic (the real
// transformers.js path is covered by tests/unit/embed and the end-to-end tests).
import type { Embedder, EmbeddingModelSpec } from '../../../src/lib/embed/Embedder';

export function fakeEmbedder(id = 'fake/bow', dim = 64): Embedder & { calls: number } {
  const spec: EmbeddingModelSpec = {
    id,
    label: id,
    dim,
    downloadMB: 0,
    languages: 'English',
    description: 'test',
    queryPrefix: '',
    passagePrefix: '',
    pooling: 'mean',
    maxTokens: 512,
    dtype: { webgpu: 'fp32', wasm: 'fp32' },
  };
  const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const slot = (w: string) => {
    let h = 2166136261;
    for (const c of w) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    return h % dim;
  };
  const embedder = {
    spec,
    device: 'wasm' as const,
    calls: 0,
    async embed(texts: string[]) {
      embedder.calls++;
      const out = new Float32Array(texts.length * dim);
      texts.forEach((t, i) => {
        for (const w of words(t)) if (w.length > 3) out[i * dim + slot(w)]! += 1;
        const row = out.subarray(i * dim, (i + 1) * dim);
        const norm = Math.hypot(...row) || 1;
        for (let j = 0; j < dim; j++) row[j]! /= norm;
      });
      return out;
    },
    countTokens: (text: string) => words(text).length,
    dispose: async () => {},
  };
  return embedder;
}
