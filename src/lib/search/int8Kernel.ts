// A WebAssembly SIMD kernel that scores int8 rows against an int16 query (i32 dot products);
// rows live in the kernel's own memory. The int8 twin of dotKernel.ts, for quantisedIndex.ts.

/**
 * The module, hand-assembled like dotKernel.ts's. Its one function,
 * scan(query, data, rows, stride, out), writes out[r] = Σ_j data[r·stride + j] · query[j] (i32)
 * for int8 data and int16 query, 32 bytes of a row per step; stride % 32 == 0. Each int8 half is
 * widened to int16 and multiplied pairwise by i32x4.dot_i16x8_s into two i32x4 accumulators.
 */
// prettier-ignore
const WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x09, 0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00, // type: (i32 ×5) → ()
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: 1 page minimum, no maximum
  0x07, 0x11, 0x02, // exports: "memory", "scan"
  0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00,
  0x04, 0x73, 0x63, 0x61, 0x6e, 0x00, 0x00,
  0x0a, 0xf8, 0x01, 0x01, 0xf5, 0x01, // code: one body of 245 bytes
  0x02, 0x03, 0x7f, 0x04, 0x7b, // locals: r, j, q (i32); acc0, acc1, lo, hi (v128)
  0x02, 0x40, 0x03, 0x40, // block, loop over rows
  0x20, 0x05, 0x20, 0x02, 0x4f, 0x0d, 0x01, // if r >= rows: break
  0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x22, 0x08, 0x21, 0x09, // acc0 = acc1 = 0
  0x41, 0x00, 0x21, 0x06, // j = 0
  0x20, 0x00, 0x21, 0x07, // q = query
  0x02, 0x40, 0x03, 0x40, // block, loop over the row's bytes, 32 at a time
  0x20, 0x06, 0x20, 0x03, 0x4f, 0x0d, 0x01, // if j >= stride: break
  0x20, 0x01, 0x20, 0x06, 0x6a, 0xfd, 0x00, 0x04, 0x00, 0x21, 0x0a, // lo = data[j..j+16]
  0x20, 0x01, 0x20, 0x06, 0x6a, 0xfd, 0x00, 0x04, 0x10, 0x21, 0x0b, // hi = data[j+16..j+32]
  0x20, 0x08, // acc0 += dot(widen_low(lo), query[j..j+8])
  0x20, 0x0a, 0xfd, 0x87, 0x01, 0x20, 0x07, 0xfd, 0x00, 0x04, 0x00,
  0xfd, 0xba, 0x01, 0xfd, 0xae, 0x01, 0x21, 0x08,
  0x20, 0x09, // acc1 += dot(widen_high(lo), query[j+8..j+16])
  0x20, 0x0a, 0xfd, 0x88, 0x01, 0x20, 0x07, 0xfd, 0x00, 0x04, 0x10,
  0xfd, 0xba, 0x01, 0xfd, 0xae, 0x01, 0x21, 0x09,
  0x20, 0x08, // acc0 += dot(widen_low(hi), query[j+16..j+24])
  0x20, 0x0b, 0xfd, 0x87, 0x01, 0x20, 0x07, 0xfd, 0x00, 0x04, 0x20,
  0xfd, 0xba, 0x01, 0xfd, 0xae, 0x01, 0x21, 0x08,
  0x20, 0x09, // acc1 += dot(widen_high(hi), query[j+24..j+32])
  0x20, 0x0b, 0xfd, 0x88, 0x01, 0x20, 0x07, 0xfd, 0x00, 0x04, 0x30,
  0xfd, 0xba, 0x01, 0xfd, 0xae, 0x01, 0x21, 0x09,
  0x20, 0x06, 0x41, 0x20, 0x6a, 0x21, 0x06, // j += 32
  0x20, 0x07, 0x41, 0xc0, 0x00, 0x6a, 0x21, 0x07, // q += 64 (32 int16)
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop, end block
  0x20, 0x08, 0x20, 0x09, 0xfd, 0xae, 0x01, 0x21, 0x08, // acc0 += acc1
  0x20, 0x04, // out[r] = sum of acc0's lanes
  0x20, 0x08, 0xfd, 0x1b, 0x00,
  0x20, 0x08, 0xfd, 0x1b, 0x01, 0x6a,
  0x20, 0x08, 0xfd, 0x1b, 0x02, 0x6a,
  0x20, 0x08, 0xfd, 0x1b, 0x03, 0x6a,
  0x36, 0x02, 0x00,
  0x20, 0x04, 0x41, 0x04, 0x6a, 0x21, 0x04, // out += 4
  0x20, 0x01, 0x20, 0x03, 0x6a, 0x21, 0x01, // data += stride
  0x20, 0x05, 0x41, 0x01, 0x6a, 0x21, 0x05, // r += 1
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop, end block
  0x0b, // end of function
]);

type Scan = (query: number, data: number, rows: number, stride: number, out: number) => void;
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (then callers use JS). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled =
        typeof WebAssembly === 'object' && WebAssembly.validate(WASM)
          ? new WebAssembly.Module(WASM)
          : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Bytes per row: dim, padded to a multiple of 32 as the kernel reads two int8x16 per step. */
export function int8Stride(dim: number): number {
  return Math.ceil(dim / 32) * 32;
}

/** Row storage plus scoring in one wasm instance: [int16 query | rows × stride | i32 scores]. */
export class Int8Kernel {
  readonly stride: number;
  readonly #memory: WebAssembly.Memory;
  readonly #scan: Scan;
  readonly #dataOffset: number;
  #capacity = 0;
  #rows: Int8Array;

  /** A kernel for rows of `dim` int8 codes, or null when WebAssembly SIMD is unavailable. */
  static create(dim: number): Int8Kernel | null {
    const module = kernelModule();
    return module ? new Int8Kernel(dim, new WebAssembly.Instance(module)) : null;
  }

  private constructor(dim: number, instance: WebAssembly.Instance) {
    this.stride = int8Stride(dim);
    this.#memory = instance.exports.memory as WebAssembly.Memory;
    this.#scan = instance.exports.scan as Scan;
    this.#dataOffset = this.stride * 2;
    this.#rows = new Int8Array(this.#memory.buffer, this.#dataOffset, 0);
  }

  /** The row storage (capacity × stride codes); a new view after every reserve(). */
  get rows(): Int8Array {
    return this.#rows;
  }

  /** Makes room for `capacity` rows. Rows stay in place; only the scratch scores move. */
  reserve(capacity: number): void {
    if (capacity <= this.#capacity) return;
    const needed = this.#dataOffset + capacity * this.stride + capacity * 4;
    const have = this.#memory.buffer.byteLength;
    if (needed > have) this.#memory.grow(Math.ceil((needed - have) / PAGE));
    this.#capacity = capacity;
    this.#rows = new Int8Array(this.#memory.buffer, this.#dataOffset, capacity * this.stride);
  }

  /**
   * Scores of the first `count` rows against `query` (int16, at most `stride` values; the rest
   * count as 0). A view, valid until the next call.
   */
  scores(query: Int16Array, count: number): Int32Array {
    const buffer = this.#memory.buffer;
    const padded = new Int16Array(buffer, 0, this.stride);
    padded.fill(0, query.length);
    padded.set(query);
    const out = this.#dataOffset + this.#capacity * this.stride;
    this.#scan(0, this.#dataOffset, count, this.stride, out);
    return new Int32Array(buffer, out, count);
  }
}
