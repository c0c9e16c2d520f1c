// FlatIndex: exact top-k against a plain sort, replacement, swap-with-last removal, growth and
// the dimension checks that catch vectors from another embedding model.
import { describe, expect, it } from 'vitest';
import { FlatIndex } from '../../../src/lib/search/flatIndex';
import { bruteForce, randomUnitVectors } from './randomVectors';

const DIM = 16;

describe.each([
  { simd: true, label: 'WebAssembly SIMD kernel' },
  { simd: false, label: 'plain JavaScript' },
])('FlatIndex ($label)', ({ simd }) => {
  it('uses the requested scan', () => {
    expect(new FlatIndex(DIM, { simd }).accelerated).toBe(simd);
  });

  it('returns the exact top-k, best first, with cosine scores', () => {
    const vectors = randomUnitVectors(500, DIM, 1);
    const ids = Array.from({ length: 500 }, (_, i) => `c${i}`);
    const index = new FlatIndex(DIM, { simd, initialCapacity: 4 }); // must grow by doubling
    index.add(ids, vectors);
    expect(index.size).toBe(500);
    const queries = randomUnitVectors(20, DIM, 2);
    for (let q = 0; q < 20; q++) {
      const query = queries.subarray(q * DIM, (q + 1) * DIM);
      const hits = index.search(query, 7);
      const truth = bruteForce(ids, vectors, query, 7);
      expect(hits.map((h) => h.id)).toEqual(truth.map((t) => t.id));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(truth[i]?.score ?? NaN, 5));
    }
  });

  it('removes by swapping with the last row, and replaces an existing id', () => {
    const vectors = randomUnitVectors(50, DIM, 3);
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const index = new FlatIndex(DIM, { simd });
    index.add(ids, vectors);
    index.remove(['c0', 'c49', 'c10', 'unknown', 'c10']);
    expect(index.size).toBe(47);
    const kept = ids.filter((id) => !['c0', 'c49', 'c10'].includes(id));
    for (const id of kept) {
      const row = ids.indexOf(id);
      const query = vectors.subarray(row * DIM, (row + 1) * DIM);
      expect(index.search(query, 1)[0]?.id).toBe(id);
      expect(index.score(id, query)).toBeCloseTo(1, 5);
    }
    expect(index.has('c10')).toBe(false);
    const replacement = randomUnitVectors(1, DIM, 4);
    index.add(['c5'], replacement);
    expect(index.size).toBe(47);
    expect(index.search(replacement, 1)[0]).toMatchObject({ id: 'c5' });
    expect(Array.from(index.getVector('c5') ?? [])).toEqual(Array.from(replacement));
  });

  it('handles k larger than the index, k = 0 and an empty index', () => {
    const index = new FlatIndex(DIM, { simd });
    const query = randomUnitVectors(1, DIM, 5);
    expect(index.search(query, 5)).toEqual([]);
    index.add(['a', 'b'], randomUnitVectors(2, DIM, 6));
    expect(index.search(query, 10).length).toBe(2);
    expect(index.search(query, 0)).toEqual([]);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.search(query, 3)).toEqual([]);
  });

  it('refuses vectors and queries of the wrong dimension', () => {
    const index = new FlatIndex(DIM, { simd });
    expect(() => index.add(['a'], new Float32Array(DIM + 1))).toThrow(/16 dimensions/);
    expect(() => index.search(new Float32Array(8), 1)).toThrow(/8 dimensions/);
    expect(() => new FlatIndex(0, { simd })).toThrow(/positive dimension/);
  });

  it('scores dimensions that are not a multiple of 8 (padded rows)', () => {
    const dim = 13;
    const vectors = randomUnitVectors(40, dim, 11);
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const index = new FlatIndex(dim, { simd, initialCapacity: 2 });
    index.add(ids, vectors);
    index.remove(['c3']);
    const query = randomUnitVectors(1, dim, 12);
    const truth = bruteForce(ids, vectors, query, 40).filter((t) => t.id !== 'c3');
    const hits = index.search(query, 39);
    expect(hits.map((h) => h.id)).toEqual(truth.map((t) => t.id));
    hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(truth[i]?.score ?? NaN, 5));
    expect(index.scoreIds(query, ['c0', 'c3']).size).toBe(1);
  });
});
