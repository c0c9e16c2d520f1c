// The embedder's pure pieces: download-progress mapping, pooling, the model catalog and the
// test model's writer.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EMBEDDING_MODELS,
  customModelSpec,
  findEmbeddingModel,
} from '../../../src/lib/embed/catalog';
import { poolAndNormalise } from '../../../src/lib/embed/transformersEmbedder';
import { trackDownload, type DownloadProgress } from '../../../src/lib/ml/downloadProgress';
import { writeTinyBert } from '../../fixtures/models/tinyBert';

describe('trackDownload', () => {
  it('maps transformers.js events to bytes per file and an overall fraction', () => {
    const seen: DownloadProgress[] = [];
    const callback = trackDownload('m', (p) => seen.push(p), { intervalMs: 0, heartbeatMs: 0 });
    callback({ status: 'initiate', name: 'm', file: 'config.json' });
    callback({ status: 'initiate', name: 'm', file: 'onnx/model.onnx' });
    callback({
      status: 'progress_total',
      files: { 'onnx/model.onnx': { loaded: 0, total: 1000 } },
    });
    callback({ status: 'progress', file: 'config.json', loaded: 50, total: 100, progress: 50 });
    expect(seen.at(-1)).toMatchObject({ loaded: 50, total: 1100, done: false });
    expect(seen.at(-1)?.fraction).toBeCloseTo(50 / 1100);
    callback({ status: 'done', file: 'config.json' });
    callback({ status: 'progress', file: 'onnx/model.onnx', loaded: 600, total: 1000 });
    expect(seen.at(-1)?.fraction).toBeCloseTo(700 / 1100);
    callback({ status: 'done', file: 'onnx/model.onnx' });
    callback({ status: 'ready', task: 'feature-extraction', model: 'm' });
    callback('not an event');
    expect(seen.at(-1)).toEqual({
      model: 'm',
      files: [
        { file: 'config.json', loaded: 100, total: 100 },
        { file: 'onnx/model.onnx', loaded: 1000, total: 1000 },
      ],
      loaded: 1100,
      total: 1100,
      fraction: 1,
      done: true,
    });
  });

  it('throttles byte updates but never a file finishing', () => {
    const seen: DownloadProgress[] = [];
    const callback = trackDownload('m', (p) => seen.push(p), {
      intervalMs: 60_000,
      heartbeatMs: 0,
    });
    callback({ status: 'initiate', file: 'a' });
    for (let i = 1; i <= 100; i++)
      callback({ status: 'progress', file: 'a', loaded: i, total: 100 });
    callback({ status: 'done', file: 'a' });
    expect(seen.length).toBe(2);
    expect(seen.at(-1)?.done).toBe(true);
  });
});

describe('poolAndNormalise', () => {
  // batch 2, seq 3, hidden 2; the second text has one padding position
  const states = {
    data: Float32Array.from([1, 0, 0, 1, 1, 1, 3, 4, 0, 2, 100, 100]),
    mask: Uint8Array.from([1, 1, 1, 1, 1, 0]),
    batch: 2,
    seq: 3,
    hidden: 2,
  };

  it('means over unmasked tokens, then normalises', () => {
    const v = poolAndNormalise(states, 'mean');
    expect(v[0]).toBeCloseTo(Math.SQRT1_2);
    expect(v[1]).toBeCloseTo(Math.SQRT1_2);
    expect(v[2]).toBeCloseTo(3 / Math.hypot(3, 6)); // (3,4)+(0,2), padding ignored
    expect(v[3]).toBeCloseTo(6 / Math.hypot(3, 6));
  });

  it('takes the first token with cls pooling', () => {
    expect([...poolAndNormalise(states, 'cls')]).toEqual([1, 0, 0.6, 0.8].map(Math.fround));
  });

  it('keeps an all-zero row at zero instead of NaN', () => {
    const zero = { ...states, data: new Float32Array(12) };
    expect([...poolAndNormalise(zero, 'mean')]).toEqual([0, 0, 0, 0]);
  });
});

describe('catalog', () => {
  it('offers three known models, BGE first with its query instruction', () => {
    expect(EMBEDDING_MODELS.map((m) => m.id)).toEqual([
      'Xenova/bge-small-en-v1.5',
      'Xenova/all-MiniLM-L6-v2',
      'Xenova/multilingual-e5-small',
    ]);
    const bge = findEmbeddingModel('Xenova/bge-small-en-v1.5');
    expect(bge).toMatchObject({ pooling: 'cls', dim: 384, passagePrefix: '' });
    expect(bge?.queryPrefix).toMatch(/^Represent this sentence/);
    expect(findEmbeddingModel('Xenova/multilingual-e5-small')).toMatchObject({
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
    });
    for (const m of EMBEDDING_MODELS) expect(m.downloadMB).toBeGreaterThan(0);
  });

  it('builds a custom spec: mean pooling, dim learnt at load, overrides kept', () => {
    expect(customModelSpec('me/model')).toMatchObject({ id: 'me/model', pooling: 'mean', dim: 0 });
    expect(customModelSpec('me/model', { pooling: 'cls' }).pooling).toBe('cls');
  });
});

describe('writeTinyBert', () => {
  it('writes the same bytes every time (deterministic, so builds are reproducible)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ragtune-tiny-'));
    try {
      const a = await writeTinyBert(join(dir, 'a'), { words: ['Zebra'], hiddenSize: 8 });
      await writeTinyBert(join(dir, 'b'), { words: ['Zebra'], hiddenSize: 8 });
      for (const file of a.files) {
        expect(await readFile(join(dir, 'a', file))).toEqual(await readFile(join(dir, 'b', file)));
      }
      expect(a.vocab.get('[PAD]')).toBe(0);
      expect(a.vocab.has('zebra')).toBe(true);
      expect(a.vocab.has('##s')).toBe(true);
      const config = JSON.parse(await readFile(join(dir, 'a', 'config.json'), 'utf8')) as unknown;
      expect(config).toMatchObject({ model_type: 'bert', hidden_size: 8, vocab_size: a.vocabSize });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
