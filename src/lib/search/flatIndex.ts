// Exact vector search: a brute-force dot-product scan over contiguous float32 rows with a top-k
// heap. Rows live in a WebAssembly SIMD kernel when available, else in a plain Float32Array.
import { DotKernel } from './dotKernel';
import { RowTable } from './rowTable';
import { TopK } from './topK';
import {
  checkBatch,
  checkDimension,
  checkQuery,
  type VectorHit,
  type VectorIndex,
} from './VectorIndex';

export interface FlatIndexOptions {
  /** Rows to allocate up front; storage doubles when full. */
  initialCapacity?: number;
  /** Use the WebAssembly SIMD kernel when the runtime supports it (default true). */
  simd?: boolean;
}

export class FlatIndex implements VectorIndex {
  readonly dim: number;
  /** Floats per row: dim, padded to a multiple of 8 for the SIMD kernel (padding stays 0). */
  readonly #stride: number;
  readonly #kernel: DotKernel | null;
  #data: Float32Array;
  #capacity = 0;
  readonly #table = new RowTable();

  constructor(dim: number, options: FlatIndexOptions = {}) {
    checkDimension(dim);
    this.dim = dim;
    this.#kernel = options.simd === false ? null : DotKernel.create(dim);
    this.#stride = this.#kernel?.stride ?? dim;
    this.#data = new Float32Array(0);
    this.#reserve(Math.max(1, options.initialCapacity ?? 1024));
  }

  get size(): number {
    return this.#table.size;
  }

  /** Whether searches run in the WebAssembly SIMD kernel. */
  get accelerated(): boolean {
    return this.#kernel !== null;
  }

  has(id: string): boolean {
    return this.#table.has(id);
  }

  add(ids: string[], vectors: Float32Array): void {
    checkBatch(this.dim, ids, vectors);
    this.#reserve(this.size + ids.length);
    const { dim } = this;
    ids.forEach((id, i) => {
      const row = this.#table.assign(id);
      this.#data.set(vectors.subarray(i * dim, (i + 1) * dim), row * this.#stride);
    });
  }

  /** Removes by moving the last row into the hole: O(dim) per id, no compaction pass. */
  remove(ids: string[]): void {
    const stride = this.#stride;
    for (const id of ids) {
      const freed = this.#table.remove(id);
      if (!freed || freed.moved < 0) continue;
      const { row, moved } = freed;
      this.#data.copyWithin(row * stride, moved * stride, (moved + 1) * stride);
    }
  }

  search(query: Float32Array, k: number): VectorHit[] {
    checkQuery(this.dim, query);
    const count = Math.min(Math.floor(k), this.size);
    if (count <= 0) return [];
    const heap = new TopK(count);
    const rows = this.size;
    let floor = -Infinity; // the heap only sees rows that can enter it
    if (this.#kernel) {
      const scores = this.#kernel.scores(query, rows);
      for (let row = 0; row < rows; row++) {
        const score = scores[row] as number;
        if (score > floor) floor = heap.offer(score, row);
      }
    } else {
      for (let row = 0; row < rows; row++) {
        const score = this.#dot(row, query);
        if (score > floor) floor = heap.offer(score, row);
      }
    }
    return heap.drain().map(({ row, score }) => ({ id: this.#table.idAt(row), score }));
  }

  /** Cosine similarity of one stored vector to `query`, or undefined for an unknown id. */
  score(id: string, query: Float32Array): number | undefined {
    const row = this.#table.rowOf(id);
    return row === undefined ? undefined : this.#dot(row, query);
  }

  scoreIds(query: Float32Array, ids: readonly string[]): Map<string, number> {
    checkQuery(this.dim, query);
    const scores = new Map<string, number>();
    for (const id of ids) {
      const row = this.#table.rowOf(id);
      if (row !== undefined) scores.set(id, this.#dot(row, query));
    }
    return scores;
  }

  /** A copy of one stored vector. */
  getVector(id: string): Float32Array | undefined {
    const row = this.#table.rowOf(id);
    if (row === undefined) return undefined;
    return this.#data.slice(row * this.#stride, row * this.#stride + this.dim);
  }

  clear(): void {
    this.#table.clear();
  }

  #reserve(rows: number): void {
    if (rows <= this.#capacity) return;
    let next = Math.max(1, this.#capacity);
    while (next < rows) next *= 2;
    if (this.#kernel) {
      this.#kernel.reserve(next); // rows stay in place in the kernel's memory
      this.#data = this.#kernel.rows;
    } else {
      const grown = new Float32Array(next * this.#stride);
      grown.set(this.#data.subarray(0, this.size * this.#stride));
      this.#data = grown;
    }
    this.#capacity = next;
  }

  /** Scalar dot product with four accumulators, so the engine can pipeline the multiply-adds. */
  #dot(row: number, query: Float32Array): number {
    const data = this.#data;
    const dim = this.dim;
    const base = row * this.#stride;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j + 3 < dim; j += 4) {
      s0 += (data[base + j] as number) * (query[j] as number);
      s1 += (data[base + j + 1] as number) * (query[j + 1] as number);
      s2 += (data[base + j + 2] as number) * (query[j + 2] as number);
      s3 += (data[base + j + 3] as number) * (query[j + 3] as number);
    }
    for (; j < dim; j++) s0 += (data[base + j] as number) * (query[j] as number);
    return s0 + s1 + s2 + s3;
  }
}
