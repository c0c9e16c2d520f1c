// The contract every vector index meets (exact flat scan, Voy), plus the checks they share.
// Vectors are unit length, so a dot product is the cosine similarity reported as `score`.
import { RagtuneError } from '../errors';

export interface VectorHit {
  id: string;
  /** Cosine similarity to the query, in [-1, 1]. */
  score: number;
}

export interface VectorIndex {
  readonly dim: number;
  readonly size: number;
  /** Adds `ids.length` row-major vectors; an id already present is replaced. */
  add(ids: string[], vectors: Float32Array): void;
  /** Removes these ids; unknown ids are ignored. */
  remove(ids: string[]): void;
  /** The `k` nearest vectors by cosine similarity, best first. */
  search(query: Float32Array, k: number): VectorHit[];
  /** Exact cosine of the given ids (unknown ids are left out), e.g. for keyword-only hits. */
  scoreIds(query: Float32Array, ids: readonly string[]): Map<string, number>;
  clear(): void;
}

export function checkDimension(dim: number): void {
  if (!Number.isInteger(dim) || dim <= 0) {
    throw new RagtuneError('internal', `A vector index needs a positive dimension, not ${dim}.`);
  }
}

export function checkBatch(dim: number, ids: readonly string[], vectors: Float32Array): void {
  if (vectors.length !== ids.length * dim) {
    throw new RagtuneError(
      'internal',
      `Expected ${ids.length} vectors of ${dim} dimensions (${ids.length * dim} floats), ` +
        `got ${vectors.length} floats: was the library embedded with another model?`,
    );
  }
}

export function checkQuery(dim: number, query: Float32Array): void {
  if (query.length !== dim) {
    throw new RagtuneError(
      'internal',
      `The query vector has ${query.length} dimensions but the index holds ${dim}: ` +
        'embed the query with the library’s model, or re-index the library.',
    );
  }
}
