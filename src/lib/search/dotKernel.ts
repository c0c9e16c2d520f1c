// A 250-byte WebAssembly SIMD kernel that scores every stored vector against a query; rows live
// in the kernel's own memory. Several times faster than a scalar JS loop on 100k × 384 floats.

/**
 * The module, hand-assembled. Its one function, scan(query, data, rows, stride, out), writes
 * out[r] = Σ_j data[r·stride + j] · query[j] with two f32x4 accumulators; stride % 8 == 0.
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
  0x0a, 0xc1, 0x01, 0x01, 0xbe, 0x01, // code: one body of 190 bytes
  0x02, 0x03, 0x7f, 0x02, 0x7b, // locals: r, j, rowBytes (i32); acc0, acc1 (v128)
  0x20, 0x03, 0x41, 0x02, 0x74, 0x21, 0x07, // rowBytes = stride << 2
  0x02, 0x40, 0x03, 0x40, // block, loop over rows
  0x20, 0x05, 0x20, 0x02, 0x4f, 0x0d, 0x01, // if r >= rows: break
  0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x22, 0x08, 0x21, 0x09, // acc0 = acc1 = 0
  0x41, 0x00, 0x21, 0x06, // j = 0
  0x02, 0x40, 0x03, 0x40, // block, loop over the row's bytes, 32 at a time
  0x20, 0x06, 0x20, 0x07, 0x4f, 0x0d, 0x01, // if j >= rowBytes: break
  0x20, 0x08, 0x20, 0x01, 0x20, 0x06, 0x6a, 0xfd, 0x00, 0x04, 0x00, // acc0 + data[j..j+4]
  0x20, 0x00, 0x20, 0x06, 0x6a, 0xfd, 0x00, 0x04, 0x00, // × query[j..j+4]
  0xfd, 0xe6, 0x01, 0xfd, 0xe4, 0x01, 0x21, 0x08,
  0x20, 0x09, 0x20, 0x01, 0x20, 0x06, 0x6a, 0xfd, 0x00, 0x04, 0x10, // acc1 + data[j+4..j+8]
  0x20, 0x00, 0x20, 0x06, 0x6a, 0xfd, 0x00, 0x04, 0x10, // × query[j+4..j+8]
  0xfd, 0xe6, 0x01, 0xfd, 0xe4, 0x01, 0x21, 0x09,
  0x20, 0x06, 0x41, 0x20, 0x6a, 0x21, 0x06, // j += 32
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop, end block
  0x20, 0x08, 0x20, 0x09, 0xfd, 0xe4, 0x01, 0x21, 0x08, // acc0 += acc1
  0x20, 0x04, // out[r] = sum of acc0's lanes
  0x20, 0x08, 0xfd, 0x1f, 0x00,
  0x20, 0x08, 0xfd, 0x1f, 0x01, 0x92,
  0x20, 0x08, 0xfd, 0x1f, 0x02, 0x92,
  0x20, 0x08, 0xfd, 0x1f, 0x03, 0x92,
  0x38, 0x02, 0x00,
  0x20, 0x04, 0x41, 0x04, 0x6a, 0x21, 0x04, // out += 4
  0x20, 0x01, 0x20, 0x07, 0x6a, 0x21, 0x01, // data += rowBytes
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

/** Rows padded to a multiple of 8 floats, as the kernel reads two f32x4 lanes per step. */
export function kernelStride(dim: number): number {
  return Math.ceil(dim / 8) * 8;
}

/** Row storage plus scoring in one wasm instance: [query | rows × stride | scores]. */
export class DotKernel {
  readonly stride: number;
  readonly #memory: WebAssembly.Memory;
  readonly #scan: Scan;
  readonly #dataOffset: number;
  #capacity = 0;
  #rows: Float32Array;

  /** A kernel for vectors of `dim` floats, or null when WebAssembly SIMD is unavailable. */
  static create(dim: number): DotKernel | null {
    const module = kernelModule();
    return module ? new DotKernel(dim, new WebAssembly.Instance(module)) : null;
  }

  private constructor(dim: number, instance: WebAssembly.Instance) {
    this.stride = kernelStride(dim);
    this.#memory = instance.exports.memory as WebAssembly.Memory;
    this.#scan = instance.exports.scan as Scan;
    this.#dataOffset = this.stride * 4;
    this.#rows = new Float32Array(this.#memory.buffer, this.#dataOffset, 0);
  }

  /** The row storage (capacity × stride floats); a new view after every reserve(). */
  get rows(): Float32Array {
    return this.#rows;
  }

  /** Makes room for `capacity` rows. Rows stay in place; only the scratch scores move. */
  reserve(capacity: number): void {
    if (capacity <= this.#capacity) return;
    const needed = this.#dataOffset + capacity * this.stride * 4 + capacity * 4;
    const have = this.#memory.buffer.byteLength;
    if (needed > have) this.#memory.grow(Math.ceil((needed - have) / PAGE));
    this.#capacity = capacity;
    this.#rows = new Float32Array(this.#memory.buffer, this.#dataOffset, capacity * this.stride);
  }

  /** Scores of the first `count` rows against `query` (a view, valid until the next call). */
  scores(query: Float32Array, count: number): Float32Array {
    const buffer = this.#memory.buffer;
    const padded = new Float32Array(buffer, 0, this.stride);
    padded.fill(0, query.length);
    padded.set(query);
    const out = this.#dataOffset + this.#capacity * this.stride * 4;
    this.#scan(0, this.#dataOffset, count, this.stride, out);
    return new Float32Array(buffer, out, count);
  }
}
