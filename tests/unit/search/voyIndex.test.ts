// VoyIndex against the exact flat scan on 2,000+ random 384-d unit vectors: same top-10, true
// cosine scores, incremental add/remove, and refusal of dimensions Voy would truncate.
import { beforeAll, describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { FlatIndex } from '../../../src/lib/search/flatIndex';
import { VoyIndex } from '../../../src/lib/search/voyIndex';
import { cosine, randomUnitVectors, seededRandom } from './randomVectors';

const DIM = 384;
const COUNT = 2500;
const K = 10;
const vectors = randomUnitVectors(COUNT, DIM, 42);
const ids = Array.from({ length: COUNT }, (_, i) => `doc${i % 50}#${i}`);

/** Half random directions, half near a stored vector (the realistic case: a close paraphrase). */
function makeQueries(count: number): Float32Array[] {
  const random = seededRandom(7);
  const noise = randomUnitVectors(count, DIM, 8);
  return Array.from({ length: count }, (_, q) => {
    const query = noise.slice(q * DIM, (q + 1) * DIM);
    if (q % 2 === 0) return query;
    const row = Math.floor(random() * COUNT);
    let norm = 0;
    for (let j = 0; j < DIM; j++) {
      const value = (vectors[row * DIM + j] as number) + 0.05 * (query[j] as number);
      query[j] = value;
      norm += value * value;
    }
    return query.map((value) => value / Math.sqrt(norm));
  });
}

function expectSameTopK(voy: VoyIndex, flat: FlatIndex, queries: Float32Array[]): void {
  let agree = 0;
  for (const query of queries) {
    const expected = flat.search(query, K).map((hit) => hit.id);
    const got = voy.search(query, K).map((hit) => hit.id);
    if (got.join() === expected.join()) agree++;
  }
  expect(agree / queries.length).toBe(1); // recall@10 = 1.0, in the same order
}

describe('VoyIndex', () => {
  let voy: VoyIndex;
  const flat = new FlatIndex(DIM);
  const queries = makeQueries(100);

  beforeAll(async () => {
    voy = await VoyIndex.create(DIM);
    const started = performance.now();
    voy.add(ids, vectors);
    const buildMs = performance.now() - started;
    flat.add(ids, vectors);
    console.info(
      `Voy build: ${COUNT} × ${DIM} in ${buildMs.toFixed(0)} ms ` +
        `(${voy.buildStats.msPer1k.toFixed(0)} ms per 1k vectors)`,
    );
  });

  it('finds the same top-10 as the exact scan, with true cosine scores', () => {
    expectSameTopK(voy, flat, queries);
    for (const query of queries.slice(0, 20)) {
      for (const hit of voy.search(query, K)) {
        const row = ids.indexOf(hit.id);
        expect(hit.score).toBeCloseTo(cosine(vectors, row, query), 5);
      }
    }
    const time = (search: (q: Float32Array) => unknown) => {
      const started = performance.now();
      for (const query of queries) search(query);
      return ((performance.now() - started) / queries.length).toFixed(2);
    };
    console.info(
      `Search top-${K} of ${COUNT}: Voy ${time((q) => voy.search(q, K))} ms, ` +
        `flat ${time((q) => flat.search(q, K))} ms per query`,
    );
  });

  it('supports incremental remove and add (including replacing an id)', () => {
    const removed = ids.filter((_, i) => i % 5 === 0);
    voy.remove(removed);
    flat.remove(removed);
    expect(voy.size).toBe(COUNT - removed.length);
    expectSameTopK(voy, flat, queries);
    for (const query of queries.slice(0, 20)) {
      expect(voy.search(query, K).some((hit) => removed.includes(hit.id))).toBe(false);
    }
    const extra = randomUnitVectors(300, DIM, 99);
    const extraIds = [...Array.from({ length: 299 }, (_, i) => `new#${i}`), 'doc1#1'];
    voy.add(extraIds, extra);
    flat.add(extraIds, extra);
    expect(voy.size).toBe(flat.size);
    expectSameTopK(voy, flat, queries);
    const replaced = extra.subarray(299 * DIM);
    expect(voy.search(replaced, 1)[0]).toMatchObject({ id: 'doc1#1' });
  });

  it('clears', async () => {
    const small = await VoyIndex.create(DIM);
    small.add(ids.slice(0, 10), vectors.subarray(0, 10 * DIM));
    small.clear();
    expect(small.size).toBe(0);
    expect(small.search(queries[0] as Float32Array, K)).toEqual([]);
    small.dispose();
  });

  it('refuses more than 768 dimensions instead of truncating them', async () => {
    const error = await VoyIndex.create(1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RagtuneError);
    expect((error as RagtuneError).code).toBe('model-unavailable');
    expect((error as Error).message).toMatch(/1024-dimensional.*at most 768/);
    await expect(VoyIndex.create(768)).resolves.toBeInstanceOf(VoyIndex);
  });
});
