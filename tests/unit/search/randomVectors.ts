// Seeded random unit vectors and a naive float64 cosine ranking, for the vector index tests.
// A fixed seed keeps every run identical, so a failure always reproduces.

import { seededRandom } from '../../../src/lib/seededRandom';

export { seededRandom };

/** `count` row-major unit vectors with roughly Gaussian components. */
export function randomUnitVectors(count: number, dim: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(count * dim);
  for (let row = 0; row < count; row++) {
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const value = random() + random() + random() - 1.5;
      out[row * dim + j] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < dim; j++) out[row * dim + j] = (out[row * dim + j] as number) / norm;
  }
  return out;
}

export function cosine(vectors: Float32Array, row: number, query: Float32Array): number {
  const dim = query.length;
  let dot = 0;
  for (let j = 0; j < dim; j++) dot += (vectors[row * dim + j] as number) * (query[j] as number);
  return dot;
}

/** The exact top-k by a plain sort: the ground truth for the indexes. */
export function bruteForce(
  ids: string[],
  vectors: Float32Array,
  query: Float32Array,
  k: number,
): { id: string; score: number }[] {
  return ids
    .map((id, row) => ({ id, score: cosine(vectors, row, query) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}
