// Symmetric int8 scalar quantisation with one scale per dimension, and the int16 query that
// turns a row's codes into an estimate of its cosine with one integer dot product.

/**
 * One code step per dimension (max |value| / 127) and its inverse. Per dimension rather than one
 * global scale: embedding models put a few dimensions on a much wider range than the rest, and
 * one global step sized for those would leave the others a handful of levels. It costs nothing at
 * search time, since the scales are folded into the query.
 */
export interface Calibration {
  scales: Float32Array;
  inverse: Float64Array;
}

const CODE_MAX = 127;
/**
 * A value this far beyond its dimension's range (in codes) means the data drifted: such rows are
 * counted so the index can re-calibrate. New maxima just above the range are common (384 chances
 * a row) and harmless: their one clipped value loses less than a quarter of the range.
 */
const DRIFT = 1.25 * CODE_MAX;
const I32_MAX = 2 ** 31 - 1;

/** Widens `max` (one per dimension) to cover the rows of `floats` (row-major, `dim` a row). */
export function widenRange(max: Float32Array, floats: Float32Array, dim: number): void {
  for (let base = 0; base < floats.length; base += dim) {
    for (let j = 0; j < dim; j++) {
      const value = Math.abs(floats[base + j] as number);
      if (value > (max[j] as number)) max[j] = value;
    }
  }
}

/** Scales for values within ±max per dimension; an all-zero dimension gets 1. */
export function calibration(max: Float32Array): Calibration {
  const scales = max.map((m) => (m > 0 ? m / CODE_MAX : 1));
  return { scales, inverse: new Float64Array(scales.map((s) => 1 / s)) };
}

/**
 * Codes rows `from..to` of `floats` (`dim` a row) into `codes` (`stride` a row); values beyond a
 * dimension's range are clipped to ±127. Returns how many rows had a value far beyond (DRIFT: the
 * calibration is getting stale). One flat loop, the whole cost of a re-calibration.
 */
export function quantiseRows(
  floats: Float32Array,
  dim: number,
  { inverse }: Calibration,
  codes: Int8Array,
  stride: number,
  from: number,
  to: number,
): number {
  let driftedRows = 0;
  for (let row = from; row < to; row++) {
    const base = row * dim;
    const out = row * stride;
    let drifted = false;
    for (let j = 0; j < dim; j++) {
      let x = (floats[base + j] as number) * (inverse[j] as number);
      if (x > CODE_MAX || x < -CODE_MAX) {
        if (x > DRIFT || x < -DRIFT) drifted = true;
        x = x > 0 ? CODE_MAX : -CODE_MAX;
      }
      // Round half up without Math.round: x + 128.5 is positive, so `| 0` floors it.
      codes[out + j] = ((x + CODE_MAX + 1.5) | 0) - CODE_MAX - 1;
    }
    if (drifted) driftedRows++;
  }
  return driftedRows;
}

/**
 * The query times each dimension's scale, rounded to int16 with as many levels as the i32 sums
 * allow: Σ_j query_j · code_j (integers) is then proportional to the estimated cosine. An int16
 * query leaves the row's int8 codes as the only real source of error.
 */
export function quantiseQuery(query: Float32Array, { scales }: Calibration): Int16Array {
  const dim = query.length;
  const scaled = new Float32Array(dim);
  let max = 0;
  for (let j = 0; j < dim; j++) {
    const value = (query[j] as number) * (scales[j] as number);
    scaled[j] = value;
    max = Math.max(max, Math.abs(value));
  }
  const out = new Int16Array(dim);
  if (max === 0) return out;
  // |Σ| ≤ dim · 127 · level must stay within i32; at 384 dimensions that allows the full 32767.
  const level = Math.min(32767, Math.floor(I32_MAX / (CODE_MAX * dim)));
  const factor = level / max;
  for (let j = 0; j < dim; j++) out[j] = Math.round((scaled[j] as number) * factor);
  return out;
}
