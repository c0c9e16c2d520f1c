// Loads the tests' tiny cross-encoder through loadTransformersReranker from a local http model host
// (the path a hub reranker takes; onnxruntime-node in Node) and checks what reranking relies on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { setModelFileCacheDir, type DownloadProgress } from '../../../src/lib/ml/transformers';
import type { Reranker } from '../../../src/lib/rerank/Reranker';
import { customRerankerSpec } from '../../../src/lib/rerank/catalog';
import { loadTransformersReranker } from '../../../src/lib/rerank/transformersReranker';
import {
  TINY_CROSS_ENCODER_ID,
  writeTinyCrossEncoder,
} from '../../fixtures/models/tinyCrossEncoder';
import { serveModels, unreachableHost, type ModelServer } from '../embed/modelServer';

const PASSAGES = [
  'Pitch the tent on flat ground and stake it down before the rain starts.',
  'The stock market fell today as share prices dropped across the world.',
  'Bake the bread in a hot oven until the crust turns golden brown.',
  'The train crossed the old bridge over the river at night.',
];
const QUERIES = [
  'how do I pitch a tent in the rain?',
  'why did share prices fall on the market',
  'how hot should the oven be to bake bread',
  'when did the train cross the river bridge',
];
/** Filler that shares no content word with any query. */
const FILLER = 'Volcanic islands form where magma rises through cracks in the ocean floor.';

let work: string;
let server: ModelServer;
let reranker: Reranker;
const progress: DownloadProgress[] = [];

const ms = (started: number) => `${(performance.now() - started).toFixed(1)} ms`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ragtune-rerank-'));
  await writeTinyCrossEncoder(join(work, 'models', TINY_CROSS_ENCODER_ID), {
    words: [...PASSAGES, ...QUERIES, FILLER, 'zebra quilt xylophone'],
  });
  server = await serveModels(join(work, 'models'));
  setModelFileCacheDir(join(work, 'cache'));
  const started = performance.now();
  reranker = await loadTransformersReranker(customRerankerSpec(TINY_CROSS_ENCODER_ID), {
    host: server.host,
    onProgress: (p) => progress.push(p),
  });
  console.log(`tiny-cross-encoder load: ${ms(started)}`);
});

afterAll(async () => {
  await reranker?.dispose();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

afterEach(() => vi.unstubAllGlobals());

describe('loadTransformersReranker with the tiny cross-encoder', () => {
  it('loads the q8 weights on the CPU device and reports progress', () => {
    expect(reranker.device).toBe('wasm');
    expect(server.requests).toContain(`${TINY_CROSS_ENCODER_ID}/onnx/model_quantized.onnx`);
    expect(server.requests).not.toContain(`${TINY_CROSS_ENCODER_ID}/onnx/model.onnx`);
    expect(progress.at(-1)?.done).toBe(true);
    expect(progress.at(-1)?.files.map((f) => f.file)).toContain('tokenizer.json');
  });

  it('scores the passage that shares the query’s words above unrelated ones', async () => {
    for (const [qi, query] of QUERIES.entries()) {
      const started = performance.now();
      const scores = await reranker.rerank(query, PASSAGES);
      if (qi === 0) console.log(`tiny-cross-encoder ${PASSAGES.length} pairs: ${ms(started)}`);
      const label = `query ${qi}: ${scores.map((s) => s.toFixed(2)).join(' ')}`;
      console.log(`tiny-cross-encoder scores, ${label}`);
      expect(scores, label).toHaveLength(PASSAGES.length);
      const others = scores.filter((_s, i) => i !== qi);
      // About one logit per shared content word; unrelated pairs stay near 0.
      expect(scores[qi]!, label).toBeGreaterThan(1.5);
      expect(scores[qi]! - Math.max(...others), label).toBeGreaterThan(1);
      for (const s of others) expect(Math.abs(s), label).toBeLessThan(0.8);
    }
  });

  it('grows with the overlap and ignores stop-words', async () => {
    const [none, one, two, three, stopWords] = await reranker.rerank('pitch the tent in the rain', [
      FILLER,
      'A tent.',
      'A tent in the rain.',
      'Pitch your tent before the rain.',
      'the in the of and the',
    ]);
    expect(one! - none!).toBeGreaterThan(0.7);
    expect(two! - one!).toBeGreaterThan(0.7);
    expect(three! - two!).toBeGreaterThan(0.7);
    expect(Math.abs(stopWords!)).toBeLessThan(0.05);
  });

  it('keeps scores aligned with the input order, whatever the batch around them', async () => {
    const query = QUERIES[2]!;
    const forward = await reranker.rerank(query, PASSAGES);
    const backward = await reranker.rerank(query, [...PASSAGES].reverse());
    backward.reverse().forEach((s, i) => expect(s).toBeCloseTo(forward[i]!, 4));
    for (const [i, passage] of PASSAGES.entries()) {
      const [alone] = await reranker.rerank(query, [passage]);
      expect(alone).toBeCloseTo(forward[i]!, 4);
    }
    expect(await reranker.rerank(query, [])).toEqual([]);
  });

  it('scores more than one batch (16) in order; 30 candidates timed', async () => {
    const query = QUERIES[3]!;
    const passages = Array.from({ length: 40 }, (_, i) => `${i}. ${FILLER}`);
    passages[5] = PASSAGES[3]!;
    passages[33] = PASSAGES[3]!;
    passages[21] = PASSAGES[0]!;
    let started = performance.now();
    const scores = await reranker.rerank(query, passages);
    console.log(`tiny-cross-encoder 40 pairs: ${ms(started)}`);
    expect(scores).toHaveLength(40);
    const ranked = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
    expect(
      ranked
        .slice(0, 2)
        .map(([, i]) => i)
        .sort(),
    ).toEqual([33, 5]);
    expect(scores[33]).toBeCloseTo(scores[5]!, 4);
    expect(scores[33]! - scores[21]!).toBeGreaterThan(1);

    started = performance.now();
    await reranker.rerank(query, passages.slice(0, 30));
    console.log(`tiny-cross-encoder 30 pairs (the lead's top-30): ${ms(started)}`);
  });

  it('truncates a pair longer than the model reads instead of failing', async () => {
    const long = `The tent stood in the rain. ${'Magma rises through the ocean floor. '.repeat(120)}`;
    const [score] = await reranker.rerank('tent in the rain', [long]);
    expect(score).toBeGreaterThan(1.5);
  });

  it('loads fp32 weights when the spec asks, scoring like the q8 ones', async () => {
    const fp32 = await loadTransformersReranker(
      customRerankerSpec(TINY_CROSS_ENCODER_ID, { dtype: { webgpu: 'fp32', wasm: 'fp32' } }),
      { host: server.host, device: 'wasm' },
    );
    try {
      expect(server.requests).toContain(`${TINY_CROSS_ENCODER_ID}/onnx/model.onnx`);
      const exact = await fp32.rerank(QUERIES[0]!, PASSAGES);
      const q8 = await reranker.rerank(QUERIES[0]!, PASSAGES);
      exact.forEach((s, i) => expect(Math.abs(s - q8[i]!)).toBeLessThan(0.05));
    } finally {
      await fp32.dispose();
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
    const started = performance.now();
    const error = await rejection(
      loadTransformersReranker(customRerankerSpec('ragtune-test/never-cached'), { host }),
    );
    console.log(`unreachable host rejected in ${ms(started)}`);
    expect(error.code).toBe('model-unavailable');
    expect(error.message).toMatch(
      /Could not reach 127\.0\.0\.1:\d+ to download the reranking model “ragtune-test\/never-cached”/,
    );
    expect(error.message).not.toMatch(/Failed to fetch|fetch failed|TypeError|embedding/);
  });

  it('a model the host does not have', async () => {
    const error = await rejection(
      loadTransformersReranker(customRerankerSpec('ragtune-test/missing'), { host: server.host }),
    );
    expect(error.code).toBe('model-unavailable');
    expect(error.message).toMatch(/“ragtune-test\/missing” was not found on 127\.0\.0\.1/);
  });

  it('offline with the model not cached', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const error = await rejection(
      loadTransformersReranker(customRerankerSpec('ragtune-test/offline'), { host: server.host }),
    );
    expect(error.code).toBe('offline');
    expect(error.message).toMatch(/offline and the reranking model .* Search works without/);
    expect(server.requests.some((r) => r.startsWith('ragtune-test/offline'))).toBe(false);
  });

  it('WebGPU asked for where there is none', async () => {
    const error = await rejection(
      loadTransformersReranker(customRerankerSpec(TINY_CROSS_ENCODER_ID), {
        host: server.host,
        device: 'webgpu',
      }),
    );
    expect(error.message).toMatch(/WebGPU is not available/);
  });

  it('a load aborted before or while it runs', async () => {
    const before = new AbortController();
    before.abort();
    const spec = customRerankerSpec(TINY_CROSS_ENCODER_ID);
    const early = loadTransformersReranker(spec, { host: server.host, signal: before.signal });
    expect((await rejection(early)).code).toBe('cancelled');

    const during = new AbortController();
    const loading = loadTransformersReranker(spec, { host: server.host, signal: during.signal });
    during.abort();
    expect((await rejection(loading)).code).toBe('cancelled');
  });

  it('reranking after dispose', async () => {
    const spare = await loadTransformersReranker(customRerankerSpec(TINY_CROSS_ENCODER_ID), {
      host: server.host,
    });
    await spare.dispose();
    const error = await rejection(spare.rerank('tent', ['a tent']));
    expect(error.message).toMatch(/unloaded/);
  });
});
