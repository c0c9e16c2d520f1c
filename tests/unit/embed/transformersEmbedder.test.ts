// Loads the tests' tiny BERT through loadTransformersEmbedder from a local http model host, the
// same path a hub model takes (onnxruntime-node in Node), and checks what retrieval relies on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import type { Embedder } from '../../../src/lib/embed/Embedder';
import { customModelSpec } from '../../../src/lib/embed/catalog';
import { loadTransformersEmbedder } from '../../../src/lib/embed/transformersEmbedder';
import { setModelFileCacheDir, type DownloadProgress } from '../../../src/lib/ml/transformers';
import { TINY_BERT_ID, writeTinyBert } from '../../fixtures/models/tinyBert';
import { serveModels, unreachableHost, type ModelServer } from './modelServer';

let work: string;
let server: ModelServer;
let embedder: Embedder;
const progress: DownloadProgress[] = [];

const cosine = (v: Float32Array, i: number, j: number, dim: number) => {
  let sum = 0;
  for (let k = 0; k < dim; k++) sum += v[i * dim + k]! * v[j * dim + k]!;
  return sum;
};

/** Cosine between row 0 of `a` and row 0 of `b`. */
const cosineAcross = (a: Float32Array, b: Float32Array) => {
  let sum = 0;
  for (let k = 0; k < 384; k++) sum += a[k]! * b[k]!;
  return sum;
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ragtune-embed-'));
  await writeTinyBert(join(work, 'models', TINY_BERT_ID), {
    words: ['zebra', 'quilt', 'xylophone'],
  });
  server = await serveModels(join(work, 'models'));
  setModelFileCacheDir(join(work, 'cache'));
  const started = performance.now();
  embedder = await loadTransformersEmbedder(customModelSpec(TINY_BERT_ID), {
    host: server.host,
    onProgress: (p) => progress.push(p),
  });
  console.log(`tiny-bert load: ${Math.round(performance.now() - started)} ms`);
});

afterAll(async () => {
  await embedder?.dispose();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

afterEach(() => vi.unstubAllGlobals());

describe('loadTransformersEmbedder with the tiny BERT', () => {
  it('loads the q8 weights on the CPU device and learns the dimension', () => {
    expect(embedder.device).toBe('wasm');
    expect(embedder.spec.dim).toBe(384);
    expect(server.requests).toContain(`${TINY_BERT_ID}/onnx/model_quantized.onnx`);
    expect(server.requests).not.toContain(`${TINY_BERT_ID}/onnx/model.onnx`);
  });

  it('reports download progress per file, ending at 1', () => {
    const last = progress.at(-1);
    expect(last?.done).toBe(true);
    expect(last?.fraction).toBe(1);
    const model = last?.files.find((f) => f.file === 'onnx/model_quantized.onnx');
    expect(model?.total).toBeGreaterThan(1_000_000);
    expect(model?.loaded).toBe(model?.total);
    expect(last?.files.map((f) => f.file)).toContain('tokenizer.json');
  });

  it('returns unit vectors, n × dim, row-major', async () => {
    const texts = ['The tent keeps the rain out.', 'zebra', 'the of and'];
    const vectors = await embedder.embed(texts, 'passage');
    expect(vectors).toBeInstanceOf(Float32Array);
    expect(vectors.length).toBe(texts.length * 384);
    for (let i = 0; i < texts.length; i++) expect(cosine(vectors, i, i, 384)).toBeCloseTo(1, 4);
    expect(await embedder.embed([], 'query')).toHaveLength(0);
  });

  it('ranks the passage that shares the query’s words first', async () => {
    const passages = [
      'Pitch the tent on flat ground and stake it down before the rain starts.',
      'The stock market fell today as share prices dropped across the world.',
      'Bake the bread in a hot oven until the crust turns golden brown.',
      'The train crossed the old bridge over the river at night.',
    ];
    const queries = [
      'how do I pitch a tent in the rain?',
      'why did share prices fall on the market',
      'what temperature should the oven be for bread',
      'when did the train cross the river bridge',
    ];
    const started = performance.now();
    const p = await embedder.embed(passages, 'passage');
    console.log(
      `tiny-bert batch of ${passages.length}: ${(performance.now() - started).toFixed(1)} ms`,
    );
    const q = await embedder.embed(queries, 'query');
    queries.forEach((_, qi) => {
      const scores = passages.map((__, pi) =>
        cosineAcross(q.subarray(qi * 384), p.subarray(pi * 384)),
      );
      const best = scores.indexOf(Math.max(...scores));
      expect(best, `query ${qi}: ${scores.map((s) => s.toFixed(2)).join(' ')}`).toBe(qi);
      expect(scores[qi]! - Math.max(...scores.filter((_s, i) => i !== qi))).toBeGreaterThan(0.2);
    });
  });

  it('counts tokens like the WordPiece tokenizer, without [CLS]/[SEP]', () => {
    expect(embedder.countTokens('Zebra quilt, xylophone!')).toBe(5);
    expect(embedder.countTokens('qzx')).toBe(3); // q ##z ##x
    expect(embedder.countTokens('tents')).toBe(2); // tent ##s
    expect(embedder.countTokens('')).toBe(0);
  });

  it('embeds a 64-passage batch (timing printed, not asserted)', async () => {
    const texts = Array.from(
      { length: 64 },
      (_, i) => `Passage ${i} about tents, rain and trails.`,
    );
    const started = performance.now();
    const vectors = await embedder.embed(texts, 'passage');
    console.log(`tiny-bert 64 passages: ${(performance.now() - started).toFixed(1)} ms`);
    expect(vectors.length).toBe(64 * 384);
  });
});

describe('specs', () => {
  it('applies the query and passage prefixes', async () => {
    const e5 = await loadTransformersEmbedder(
      customModelSpec(TINY_BERT_ID, { queryPrefix: 'query: ', passagePrefix: 'passage: ' }),
      { host: server.host },
    );
    try {
      const [asQuery, asPassage] = [
        await e5.embed(['tent'], 'query'),
        await e5.embed(['tent'], 'passage'),
      ];
      expect(cosineAcross(asQuery, await embedder.embed(['query: tent'], 'passage'))).toBeCloseTo(
        1,
        5,
      );
      expect(
        cosineAcross(asPassage, await embedder.embed(['passage: tent'], 'passage')),
      ).toBeCloseTo(1, 5);
      expect(cosineAcross(asQuery, asPassage)).toBeLessThan(0.9);
    } finally {
      await e5.dispose();
    }
  });

  it('loads fp32 weights when the spec asks, close to the q8 ones', async () => {
    const fp32 = await loadTransformersEmbedder(
      customModelSpec(TINY_BERT_ID, { dtype: { webgpu: 'fp32', wasm: 'fp32' } }),
      {
        host: server.host,
        device: 'wasm',
      },
    );
    try {
      expect(server.requests).toContain(`${TINY_BERT_ID}/onnx/model.onnx`);
      const text = ['Stake the tent down before the storm.'];
      expect(
        cosineAcross(await fp32.embed(text, 'passage'), await embedder.embed(text, 'passage')),
      ).toBeGreaterThan(0.999);
    } finally {
      await fp32.dispose();
    }
  });

  it('pools the first token with cls pooling', async () => {
    const cls = await loadTransformersEmbedder(customModelSpec(TINY_BERT_ID, { pooling: 'cls' }), {
      host: server.host,
    });
    try {
      // The tiny model's [CLS] output ignores context, so every text gets the same vector.
      const v = await cls.embed(['tent in the rain', 'stock prices'], 'passage');
      expect(cosine(v, 0, 1, 384)).toBeCloseTo(1, 5);
    } finally {
      await cls.dispose();
    }
  });
});

describe('failures become RagtuneErrors that say what to do', () => {
  const rejection = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RagtuneError);
    return error as RagtuneError;
  };

  it('an unreachable host', async () => {
    const host = await unreachableHost();
    const error = await rejection(
      loadTransformersEmbedder(customModelSpec('ragtune-test/never-cached'), { host }),
    );
    expect(error.code).toBe('model-unavailable');
    expect(error.message).toMatch(/Could not reach 127\.0\.0\.1:\d+/);
    expect(error.message).not.toMatch(/Failed to fetch|fetch failed|TypeError/);
  });

  it('a model the host does not have', async () => {
    const error = await rejection(
      loadTransformersEmbedder(customModelSpec('ragtune-test/missing'), { host: server.host }),
    );
    expect(error.code).toBe('model-unavailable');
    expect(error.message).toMatch(/“ragtune-test\/missing” was not found on 127\.0\.0\.1/);
  });

  it('offline with the model not cached', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const error = await rejection(
      loadTransformersEmbedder(customModelSpec('ragtune-test/offline'), { host: server.host }),
    );
    expect(error.code).toBe('offline');
    expect(error.message).toMatch(/offline.*Connect once/);
    expect(server.requests.some((r) => r.startsWith('ragtune-test/offline'))).toBe(false);
  });

  it('a load aborted while it runs', async () => {
    const controller = new AbortController();
    const loading = loadTransformersEmbedder(customModelSpec(TINY_BERT_ID), {
      host: server.host,
      signal: controller.signal,
    });
    controller.abort();
    expect((await rejection(loading)).code).toBe('cancelled');
  });

  it('an aborted load', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      loadTransformersEmbedder(customModelSpec(TINY_BERT_ID), {
        host: server.host,
        signal: controller.signal,
      }),
    );
    expect(error.code).toBe('cancelled');
  });
});
