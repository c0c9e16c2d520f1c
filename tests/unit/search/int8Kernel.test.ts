// The int8 SIMD kernel against a plain integer dot product (extreme codes included, odd
// dimensions padded), and the quantiser's rounding, clipping and int16 query bounds.
import { describe, expect, it } from 'vitest';
import { Int8Kernel, int8Stride } from '../../../src/lib/search/int8Kernel';
import {
  calibration,
  quantiseQuery,
  quantiseRows,
  widenRange,
} from '../../../src/lib/search/quantise';
import { randomUnitVectors, seededRandom } from './randomVectors';

describe('Int8Kernel', () => {
  it.each([1, 31, 32, 45, 384, 1000])(
    'equals a plain integer dot product at %i dimensions',
    (dim) => {
      const kernel = Int8Kernel.create(dim);
      expect(kernel).not.toBeNull();
      if (!kernel) return;
      expect(kernel.stride).toBe(int8Stride(dim));
      expect(kernel.stride % 32).toBe(0);
      const random = seededRandom(dim);
      const rows = 70;
      kernel.reserve(3);
      kernel.reserve(rows); // grows; codes written after the last reserve
      const codes = kernel.rows;
      const query = new Int16Array(dim);
      for (let j = 0; j < dim; j++) query[j] = Math.round((random() * 2 - 1) * 32767);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < dim; j++)
          codes[r * kernel.stride + j] = Math.round((random() * 2 - 1) * 127);
      }
      // Row 0 at the extremes: the largest sums the kernel must hold in i32.
      for (let j = 0; j < dim; j++) codes[j] = query[j]! >= 0 ? 127 : -127;
      const scores = kernel.scores(query, rows);
      for (let r = 0; r < rows; r++) {
        let dot = 0;
        for (let j = 0; j < dim; j++) dot += codes[r * kernel.stride + j]! * query[j]!;
        expect(scores[r]).toBe(dot);
      }
    },
  );
});

describe('int8 quantisation', () => {
  it('rounds to the nearest code per dimension and clips values beyond the range', () => {
    const dim = 3;
    const max = new Float32Array(dim);
    widenRange(max, new Float32Array([0.5, -0.1, 0, -0.25, 0.05, 0]), dim);
    expect(Array.from(max)).toEqual([0.5, expect.closeTo(0.1, 6), 0]);
    const cal = calibration(max);
    expect(cal.scales[2]).toBe(1); // an all-zero dimension
    const codes = new Int8Array(2 * 4);
    const rows = new Float32Array([0.5, -0.1, 0, 0.126, 0.0504, 0.3]);
    expect(quantiseRows(rows, dim, cal, codes, 4, 0, 2)).toBe(0);
    expect(Array.from(codes)).toEqual([127, -127, 0, 0, 32, 64, 0, 0]);
    // Far beyond the range (drift): clipped to ±127 and counted.
    const far = new Float32Array([-2, 0.11, 0]);
    expect(quantiseRows(far, dim, cal, codes, 4, 0, 1)).toBe(1);
    expect(Array.from(codes.subarray(0, 3))).toEqual([-127, 127, 0]);
  });

  it('keeps every row within half a step of its value', () => {
    const dim = 50;
    const vectors = randomUnitVectors(200, dim, 3);
    const max = new Float32Array(dim);
    widenRange(max, vectors, dim);
    const cal = calibration(max);
    const codes = new Int8Array(200 * dim);
    quantiseRows(vectors, dim, cal, codes, dim, 0, 200);
    vectors.forEach((value, i) => {
      const step = cal.scales[i % dim]!;
      expect(Math.abs(codes[i]! * step - value)).toBeLessThanOrEqual(step / 2 + 1e-7);
    });
  });

  it('sizes the int16 query so that no i32 sum can overflow', () => {
    for (const dim of [16, 384, 4096]) {
      const query = randomUnitVectors(1, dim, dim);
      const cal = calibration(new Float32Array(dim).fill(0.3));
      const q = quantiseQuery(query, cal);
      let absSum = 0;
      for (let j = 0; j < dim; j++) absSum += Math.abs(q[j]!) * 127;
      expect(absSum).toBeLessThanOrEqual(2 ** 31 - 1);
      expect(Math.max(...q.map(Math.abs))).toBe(
        dim * 127 * 32767 < 2 ** 31 ? 32767 : Math.floor((2 ** 31 - 1) / (127 * dim)),
      );
    }
    expect(
      Array.from(quantiseQuery(new Float32Array(4), calibration(new Float32Array(4)))),
    ).toEqual([0, 0, 0, 0]);
  });
});
