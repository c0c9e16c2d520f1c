// A vector index on Voy's k-d tree (wasm). Voy returns ids without scores and silently truncates
// vectors above 768 dimensions, so we refuse those and score Voy's candidates exactly ourselves.
import { RagtuneError } from '../errors';
import { FlatIndex } from './flatIndex';
import { loadVoy, type Voy, type VoyResource } from './voy';
import {
  checkBatch,
  checkDimension,
  checkQuery,
  type VectorHit,
  type VectorIndex,
} from './VectorIndex';

/** Voy resizes every vector to this many dimensions: longer ones would lose their tail. */
export const VOY_MAX_DIM = 768;
/** Vectors per Voy call: each call round-trips its batch through JSON inside the wasm glue. */
const BATCH = 1000;

export interface VoyBuildStats {
  vectors: number;
  ms: number;
  msPer1k: number;
}

export class VoyIndex implements VectorIndex {
  readonly dim: number;
  /** The same vectors, kept to compute true cosine scores and to tell Voy what to remove. */
  readonly #exact: FlatIndex;
  readonly #voy: Voy;
  #built = 0;
  #buildMs = 0;

  /** Loads Voy (once per page) and makes an empty index; `wasm` overrides how its bytes load. */
  static async create(dim: number, wasm?: BufferSource): Promise<VoyIndex> {
    checkVoyDimension(dim);
    const Voy = await loadVoy(wasm);
    return new VoyIndex(dim, new Voy());
  }

  private constructor(dim: number, voy: Voy) {
    this.dim = dim;
    this.#exact = new FlatIndex(dim);
    this.#voy = voy;
  }

  get size(): number {
    return this.#exact.size;
  }

  /** Time spent inserting into Voy so far, to compare build cost per 1k vectors. */
  get buildStats(): VoyBuildStats {
    const ms = this.#buildMs;
    return { vectors: this.#built, ms, msPer1k: this.#built ? (ms * 1000) / this.#built : 0 };
  }

  add(ids: string[], vectors: Float32Array): void {
    checkBatch(this.dim, ids, vectors);
    // Replacing an id means taking its old point out of the tree first (Voy would keep both).
    this.remove(ids.filter((id) => this.#exact.has(id)));
    this.#exact.add(ids, vectors);
    const started = performance.now();
    const dim = this.dim;
    // A later duplicate in the same batch wins, as in FlatIndex: insert each id once.
    const rows = new Map(ids.map((id, row) => [id, row]));
    const pending = [...rows];
    for (let from = 0; from < pending.length; from += BATCH) {
      const embeddings = pending.slice(from, from + BATCH).map(([id, row]) => ({
        id,
        title: '',
        url: '',
        embeddings: Array.from(vectors.subarray(row * dim, (row + 1) * dim)),
      }));
      this.#call('add', () => this.#voy.add({ embeddings }));
    }
    this.#buildMs += performance.now() - started;
    this.#built += pending.length;
  }

  remove(ids: string[]): void {
    const present = [...new Set(ids)].filter((id) => this.#exact.has(id));
    if (present.length === 0) return;
    const embeddings: VoyResource['embeddings'] = present.map((id) => ({
      id,
      title: '',
      url: '',
      embeddings: Array.from(this.#exact.getVector(id) ?? []),
    }));
    this.#call('remove', () => this.#voy.remove({ embeddings }));
    this.#exact.remove(present);
  }

  search(query: Float32Array, k: number): VectorHit[] {
    checkQuery(this.dim, query);
    const wanted = Math.min(Math.floor(k), this.size);
    if (wanted <= 0) return [];
    // Voy ranks by squared Euclidean distance in float32; a margin of extra candidates keeps
    // near-ties at the cut-off from being lost before we re-rank by exact cosine.
    const candidates = Math.min(this.size, 2 * wanted + 10);
    const { neighbors } = this.#call('search', () => this.#voy.search(query, candidates));
    const hits: VectorHit[] = [];
    for (const { id } of neighbors) {
      const score = this.#exact.score(id, query);
      if (score !== undefined) hits.push({ id, score });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, wanted);
  }

  scoreIds(query: Float32Array, ids: readonly string[]): Map<string, number> {
    return this.#exact.scoreIds(query, ids);
  }

  clear(): void {
    this.#call('clear', () => this.#voy.clear());
    this.#exact.clear();
  }

  /** Frees the wasm memory; the index is unusable afterwards. */
  dispose(): void {
    this.#voy.free();
  }

  #call<T>(what: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw new RagtuneError('internal', `Voy failed to ${what}: ${String(error)}`, {
        cause: error,
      });
    }
  }
}

/** Refuses dimensions Voy would truncate: silently wrong results are worse than an error. */
export function checkVoyDimension(dim: number): void {
  checkDimension(dim);
  if (dim > VOY_MAX_DIM) {
    throw new RagtuneError(
      'model-unavailable',
      `This embedding model makes ${dim}-dimensional vectors, but the Voy index handles at most ` +
        `${VOY_MAX_DIM}. Pick an embedding model with ${VOY_MAX_DIM} or fewer dimensions, or ` +
        'use the exact (flat) vector index.',
    );
  }
}
