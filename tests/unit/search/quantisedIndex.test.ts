// QuantisedIndex against the exact flat scan: recall@10 on 5,000 random and clustered 384-d unit
// vectors, exact scores, incremental add/remove equal to a fresh build, odd dimensions, zeros.
import { describe, expect, it } from 'vitest';
import { FlatIndex } from '../../../src/lib/search/flatIndex';
import { QuantisedIndex } from '../../../src/lib/search/quantisedIndex';
import { bruteForce, cosine, randomUnitVectors, seededRandom } from './randomVectors';

const DIM = 384;
const COUNT = 5000;
const K = 10;

/** Unit vectors around 20 centres, with one dimension on a much wider range (as real models have). */
function clusteredUnitVectors(count: number, dim: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const centres = randomUnitVectors(20, dim, seed + 1);
  const noise = randomUnitVectors(count, dim, seed + 2);
  const out = new Float32Array(count * dim);
  for (let row = 0; row < count; row++) {
    const centre = Math.floor(random() * 20);
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const value =
        (centres[centre * dim + j] as number) +
        0.4 * (noise[row * dim + j] as number) +
        (j === 5 ? 0.5 : 0);
      out[row * dim + j] = value;
      norm += value * value;
    }
    for (let j = 0; j < dim; j++)
      out[row * dim + j] = (out[row * dim + j] as number) / Math.sqrt(norm);
  }
  return out;
}

/** Half the queries near a stored vector (a close paraphrase), half from the data's own shape. */
function queriesFor(vectors: Float32Array, fresh: Float32Array, count: number): Float32Array[] {
  const random = seededRandom(17);
  const rows = vectors.length / DIM;
  return Array.from({ length: count }, (_, q) => {
    const query = fresh.slice(q * DIM, (q + 1) * DIM);
    if (q % 2 === 0) return query;
    const row = Math.floor(random() * rows);
    const near = query.map((v, j) => (vectors[row * DIM + j] as number) + 0.1 * v);
    const norm = Math.hypot(...near);
    return near.map((v) => v / norm);
  });
}

/** Share of the exact top-k ids the index also returns in its top-k. */
function recallAtK(index: QuantisedIndex, exact: FlatIndex, queries: Float32Array[]): number {
  let found = 0;
  for (const query of queries) {
    const truth = new Set(exact.search(query, K).map((h) => h.id));
    found += index.search(query, K).filter((h) => truth.has(h.id)).length;
  }
  return found / (queries.length * K);
}

const ids = (count: number, prefix = 'c') =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe.each([
  { simd: true, label: 'WebAssembly SIMD kernel' },
  { simd: false, label: 'plain JavaScript' },
])('QuantisedIndex ($label)', ({ simd }) => {
  it('uses the requested scan', () => {
    expect(new QuantisedIndex(DIM, { simd }).accelerated).toBe(simd);
  });

  describe.each([
    {
      shape: 'random',
      make: () => randomUnitVectors(COUNT, DIM, 1),
      fresh: () => randomUnitVectors(100, DIM, 2),
    },
    {
      shape: 'clustered',
      make: () => clusteredUnitVectors(COUNT, DIM, 10),
      fresh: () => clusteredUnitVectors(100, DIM, 20),
    },
  ])('on $shape unit vectors', ({ shape, make, fresh }) => {
    const vectors = make();
    const queries = queriesFor(vectors, fresh(), 100);
    const exact = new FlatIndex(DIM);
    exact.add(ids(COUNT), vectors);

    it('keeps recall@10 ≥ 0.99 against the exact scan, with exact cosine scores', () => {
      const index = new QuantisedIndex(DIM, { simd });
      index.add(ids(COUNT), vectors);
      const recall = recallAtK(index, exact, queries);
      const noMargin = new QuantisedIndex(DIM, { simd, rescoreExtra: 0 });
      noMargin.add(ids(COUNT), vectors);
      console.info(
        `QuantisedIndex ${shape} ${COUNT} × ${DIM}: recall@10 ${recall.toFixed(4)} ` +
          `(with no re-score margin: ${recallAtK(noMargin, exact, queries).toFixed(4)})`,
      );
      expect(recall).toBeGreaterThanOrEqual(0.99);
      // The int8 ranking alone must already be close: the margin only settles near-ties.
      expect(recallAtK(noMargin, exact, queries)).toBeGreaterThanOrEqual(0.9);
      for (const query of queries.slice(0, 10)) {
        for (const hit of index.search(query, K)) {
          const row = Number(hit.id.slice(1));
          expect(hit.score).toBeCloseTo(cosine(vectors, row, query), 5);
        }
      }
    });
  });

  it('gives after adds, replacements and removals what a fresh build of the same rows gives', () => {
    const vectors = clusteredUnitVectors(3000, DIM, 30);
    const names = ids(3000);
    const queries = queriesFor(vectors, clusteredUnitVectors(40, DIM, 31), 40);
    // A small margin, so that a wrong code (not a re-score) would show in the results.
    const grown = new QuantisedIndex(DIM, { simd, initialCapacity: 8, rescoreExtra: 5 });
    // Batches with searches between them: calibrated at 100 rows, again at 200, 400 … rows.
    for (let from = 0; from < 3000; from += 100) {
      grown.add(names.slice(from, from + 100), vectors.subarray(from * DIM, (from + 100) * DIM));
      grown.search(queries[0] as Float32Array, K);
    }
    grown.search(queries[0] as Float32Array, K); // calibrated, if the last batches drifted
    // Removals, then replacements by negated rows (same ranges, so no re-calibration can hide a
    // code left behind by the removals' row moves).
    const removed = names.filter((_, i) => i % 7 === 0);
    grown.remove([...removed, 'unknown']);
    const replaced = vectors.slice(1000 * DIM, 1005 * DIM).map((v) => -v);
    grown.add(['c1', 'c2', 'c3', 'c4', 'c5'], replaced);
    const final = vectors.slice();
    final.set(replaced, DIM);
    const keptRows = names.flatMap((_, i) => (i % 7 === 0 ? [] : [i]));
    const fresh = new QuantisedIndex(DIM, { simd, rescoreExtra: 5 });
    const exact = new FlatIndex(DIM);
    for (const row of keptRows) {
      const vector = final.subarray(row * DIM, (row + 1) * DIM);
      fresh.add([`c${row}`], vector);
      exact.add([`c${row}`], vector);
    }
    expect(grown.size).toBe(keptRows.length);
    for (const query of [...queries, replaced.subarray(0, DIM)]) {
      const got = grown.search(query, K).map((h) => h.id);
      expect(got).toEqual(fresh.search(query, K).map((h) => h.id));
      expect(got).toEqual(exact.search(query, K).map((h) => h.id));
    }
    expect(grown.search(replaced.subarray(0, DIM), 1)[0]).toMatchObject({ id: 'c1' });
  });

  it('finds rows far outside the calibrated range (clipped codes, then re-calibration)', () => {
    const base = randomUnitVectors(500, DIM, 40);
    const index = new QuantisedIndex(DIM, { simd, rescoreExtra: 5 });
    const exact = new FlatIndex(DIM);
    index.add(ids(500), base);
    exact.add(ids(500), base);
    index.search(base.subarray(0, DIM), K); // calibrates on components of about ±0.2
    // Spikes: most of their length on one dimension, far beyond its calibrated range.
    const spikes = randomUnitVectors(20, DIM, 41);
    for (let row = 0; row < 20; row++) {
      const v = spikes.subarray(row * DIM, (row + 1) * DIM);
      v[row % 7] = (v[row % 7] as number) + 3;
      const norm = Math.hypot(...v);
      v.set(v.map((x) => x / norm));
    }
    index.add(ids(20, 's'), spikes);
    exact.add(ids(20, 's'), spikes);
    for (let row = 0; row < 20; row++) {
      const query = spikes.subarray(row * DIM, (row + 1) * DIM);
      expect(index.search(query, K).map((h) => h.id)).toEqual(
        exact.search(query, K).map((h) => h.id),
      );
    }
  });

  it('scores dimensions that are not a multiple of 16 or 32 (padded rows)', () => {
    for (const dim of [1, 13, 45, 100]) {
      const vectors = randomUnitVectors(300, dim, dim);
      const names = ids(300);
      const index = new QuantisedIndex(dim, { simd, initialCapacity: 2 });
      index.add(names, vectors);
      index.remove(['c3']);
      const query = randomUnitVectors(1, dim, dim + 1);
      const truth = bruteForce(names, vectors, query, 300).filter((t) => t.id !== 'c3');
      const hits = index.search(query, 20);
      expect(hits.map((h) => h.id)).toEqual(truth.slice(0, 20).map((t) => t.id));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(truth[i]?.score ?? NaN, 5));
      expect(index.scoreIds(query, ['c0', 'c3']).size).toBe(1);
    }
  });

  it('handles zero vectors, a zero query and all-zero dimensions without NaN', () => {
    const dim = 40;
    const vectors = randomUnitVectors(50, dim, 50);
    for (let row = 0; row < 50; row++) vectors.fill(0, row * dim + 30, (row + 1) * dim); // dims 30+ unused
    vectors.fill(0, 0, 3 * dim); // rows 0–2 are zero vectors
    const index = new QuantisedIndex(dim, { simd });
    index.add(ids(50), vectors);
    const zero = new Float32Array(dim);
    const flat = index.search(zero, 50);
    expect(flat).toHaveLength(50);
    expect(flat.every((h) => h.score === 0)).toBe(true);
    const query = randomUnitVectors(1, dim, 51);
    const hits = index.search(query, 50);
    expect(hits.every((h) => Number.isFinite(h.score))).toBe(true);
    expect(hits.map((h) => h.id)).toEqual(bruteForce(ids(50), vectors, query, 50).map((t) => t.id));
    expect(index.scoreIds(query, ['c0']).get('c0')).toBe(0);
  });

  it('handles k larger than the index, k = 0, an empty index and clear()', () => {
    const index = new QuantisedIndex(16, { simd });
    const query = randomUnitVectors(1, 16, 5);
    expect(index.search(query, 5)).toEqual([]);
    index.add(['a', 'b'], randomUnitVectors(2, 16, 6));
    expect(index.search(query, 10)).toHaveLength(2);
    expect(index.search(query, 0)).toEqual([]);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.search(query, 3)).toEqual([]);
    index.add(['c'], query);
    expect(index.search(query, 3)).toEqual([{ id: 'c', score: expect.closeTo(1, 5) }]);
  });

  it('refuses vectors and queries of the wrong dimension', () => {
    const index = new QuantisedIndex(16, { simd });
    expect(() => index.add(['a'], new Float32Array(17))).toThrow(/16 dimensions/);
    expect(() => index.search(new Float32Array(8), 1)).toThrow(/8 dimensions/);
    expect(() => new QuantisedIndex(0, { simd })).toThrow(/positive dimension/);
  });
});
