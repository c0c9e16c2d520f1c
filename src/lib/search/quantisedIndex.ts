// Vector search over int8 scalar-quantised rows (4× less memory to read than float32), with the
// best candidates re-scored exactly in float32: the ranking and scores of the exact scan, faster.
import { Int8Kernel, int8Stride } from './int8Kernel';
import { calibration, quantiseQuery, quantiseRows, widenRange, type Calibration } from './quantise';
import { RowTable } from './rowTable';
import { TopK } from './topK';
import {
  checkBatch,
  checkDimension,
  checkQuery,
  type VectorHit,
  type VectorIndex,
} from './VectorIndex';

/**
 * Candidates re-scored in float32 beyond the `k` asked for. The int8 estimate of a cosine is off
 * by 2e-4 typically and under 2e-3 at worst at 384 dimensions (steps of max/127 a dimension), so
 * only near-ties at the cut-off can swap: 16 extra already gave recall@10 1.0 on the tests' data;
 * 256 (≈ 0.3 ms of float32 dots) leaves room for less even data, and kept recall@10 at 1.0 on
 * the scale benchmark at 10k and 100k.
 */
export const RESCORE_EXTRA = 256;
/** Share of rows added since calibration far outside its range (drifted) that re-calibrates. */
const DRIFTED_SHARE = 0.01;

export interface QuantisedIndexOptions {
  /** Rows to allocate up front; storage doubles when full. */
  initialCapacity?: number;
  /** Use the WebAssembly SIMD kernel when the runtime supports it (default true). */
  simd?: boolean;
  /** Extra candidates re-scored in float32 (default RESCORE_EXTRA). */
  rescoreExtra?: number;
}

export class QuantisedIndex implements VectorIndex {
  readonly dim: number;
  readonly #stride: number;
  readonly #kernel: Int8Kernel | null;
  readonly #rescoreExtra: number;
  readonly #table = new RowTable();
  /** The float32 rows (dim floats each): the exact scores and the source of every code. */
  #floats = new Float32Array(0);
  /** The int8 codes (stride bytes a row, padding 0), in the kernel's memory when it runs. */
  #codes: Int8Array = new Int8Array(0);
  #capacity = 0;
  /** Largest |value| per dimension of every row added since the last clear. */
  readonly #max: Float32Array;
  /** Each dimension's code step; null until the first search. */
  #calibration: Calibration | null = null;
  /** Index size at the last calibration, and rows added since that fell far outside its range. */
  #calibratedSize = 0;
  #drifted = 0;

  constructor(dim: number, options: QuantisedIndexOptions = {}) {
    checkDimension(dim);
    this.dim = dim;
    this.#kernel = options.simd === false ? null : Int8Kernel.create(dim);
    this.#stride = this.#kernel?.stride ?? int8Stride(dim);
    this.#rescoreExtra = Math.max(0, Math.floor(options.rescoreExtra ?? RESCORE_EXTRA));
    this.#max = new Float32Array(dim);
    this.#reserve(Math.max(1, options.initialCapacity ?? 1024));
  }

  get size(): number {
    return this.#table.size;
  }

  /** Whether the int8 scan runs in the WebAssembly SIMD kernel. */
  get accelerated(): boolean {
    return this.#kernel !== null;
  }

  add(ids: string[], vectors: Float32Array): void {
    checkBatch(this.dim, ids, vectors);
    this.#reserve(this.size + ids.length);
    const { dim } = this;
    widenRange(this.#max, vectors, dim);
    const current = this.#calibration;
    ids.forEach((id, i) => {
      const row = this.#table.assign(id);
      this.#floats.set(vectors.subarray(i * dim, (i + 1) * dim), row * dim);
      // Before the first calibration the codes are written all at once by it.
      if (current) {
        this.#drifted += quantiseRows(
          this.#floats,
          dim,
          current,
          this.#codes,
          this.#stride,
          row,
          row + 1,
        );
      }
    });
  }

  remove(ids: string[]): void {
    const { dim } = this;
    const stride = this.#stride;
    for (const id of ids) {
      const freed = this.#table.remove(id);
      if (!freed || freed.moved < 0) continue;
      const { row, moved } = freed;
      this.#floats.copyWithin(row * dim, moved * dim, (moved + 1) * dim);
      this.#codes.copyWithin(row * stride, moved * stride, (moved + 1) * stride);
    }
  }

  search(query: Float32Array, k: number): VectorHit[] {
    checkQuery(this.dim, query);
    const wanted = Math.min(Math.floor(k), this.size);
    if (wanted <= 0) return [];
    const calibration = this.#calibrateIfStale();
    const rows = this.size;
    const pool = new TopK(Math.min(rows, wanted + this.#rescoreExtra));
    const scores = this.#approximateScores(quantiseQuery(query, calibration));
    let floor = -Infinity; // the heap only sees rows that can enter it
    for (let row = 0; row < rows; row++) {
      const score = scores[row] as number;
      if (score > floor) floor = pool.offer(score, row);
    }
    const exact = new TopK(wanted);
    floor = -Infinity;
    for (const { row } of pool.drain()) {
      const score = this.#dot(row, query);
      if (score > floor) floor = exact.offer(score, row);
    }
    return exact.drain().map(({ row, score }) => ({ id: this.#table.idAt(row), score }));
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

  clear(): void {
    this.#table.clear();
    this.#max.fill(0);
    this.#calibration = null;
    this.#calibratedSize = 0;
    this.#drifted = 0;
  }

  /**
   * Sets each dimension's scale from the rows held and re-codes them all, on the first search and
   * again once the index has doubled or 1 % of later rows fell far outside the range (drift):
   * amortised O(1) per added vector, and a library of one kind of text keeps its scales.
   */
  #calibrateIfStale(): Calibration {
    const size = this.size;
    const current = this.#calibration;
    if (current && size < 2 * this.#calibratedSize && this.#drifted <= DRIFTED_SHARE * size) {
      return current;
    }
    const next = calibration(this.#max);
    quantiseRows(this.#floats, this.dim, next, this.#codes, this.#stride, 0, size);
    this.#calibration = next;
    this.#calibratedSize = size;
    this.#drifted = 0;
    return next;
  }

  /** Integer dot products of every row with the int16 query (a view or scratch array). */
  #approximateScores(query: Int16Array): Int32Array {
    const rows = this.size;
    if (this.#kernel) return this.#kernel.scores(query, rows);
    const codes = this.#codes;
    const stride = this.#stride;
    const dim = this.dim;
    const out = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      const base = row * stride;
      let s0 = 0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < dim; j += 2) {
        s0 += (codes[base + j] as number) * (query[j] as number);
        s1 += (codes[base + j + 1] as number) * (query[j + 1] as number);
      }
      if (j < dim) s0 += (codes[base + j] as number) * (query[j] as number);
      out[row] = s0 + s1;
    }
    return out;
  }

  #reserve(rows: number): void {
    if (rows <= this.#capacity) return;
    let next = Math.max(1, this.#capacity);
    while (next < rows) next *= 2;
    const floats = new Float32Array(next * this.dim);
    floats.set(this.#floats.subarray(0, this.size * this.dim));
    this.#floats = floats;
    if (this.#kernel) {
      this.#kernel.reserve(next); // codes stay in place in the kernel's memory
      this.#codes = this.#kernel.rows;
    } else {
      const codes = new Int8Array(next * this.#stride);
      codes.set(this.#codes.subarray(0, this.size * this.#stride));
      this.#codes = codes;
    }
    this.#capacity = next;
  }

  /** Exact float32 dot product of a stored row with the query. */
  #dot(row: number, query: Float32Array): number {
    const floats = this.#floats;
    const dim = this.dim;
    const base = row * dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j + 3 < dim; j += 4) {
      s0 += (floats[base + j] as number) * (query[j] as number);
      s1 += (floats[base + j + 1] as number) * (query[j + 1] as number);
      s2 += (floats[base + j + 2] as number) * (query[j + 2] as number);
      s3 += (floats[base + j + 3] as number) * (query[j + 3] as number);
    }
    for (; j < dim; j++) s0 += (floats[base + j] as number) * (query[j] as number);
    return s0 + s1 + s2 + s3;
  }
}
