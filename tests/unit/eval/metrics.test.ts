// Retrieval metrics against values computed by hand: graded nDCG with a log2 discount, recall,
// reciprocal rank, mean and interpolated percentiles.
import { describe, expect, it } from 'vitest';
import {
  mean,
  ndcgAtK,
  percentile,
  recallAtK,
  reciprocalRank,
} from '../../../src/lib/eval/metrics';

const graded = new Map([
  ['a', 3],
  ['b', 2],
  ['c', 1],
  ['z', 0], // judged, not relevant
]);
const ranking = ['x', 'a', 'c', 'b'];

describe('ndcgAtK', () => {
  it('matches a hand-computed graded example', () => {
    // DCG@3 = 0/log2(2) + 3/log2(3) + 1/log2(4); IDCG@3 = 3/log2(2) + 2/log2(3) + 1/log2(4)
    const dcg = 3 / Math.log2(3) + 1 / 2;
    const idcg = 3 + 2 / Math.log2(3) + 1 / 2;
    expect(ndcgAtK(ranking, graded, 3)).toBeCloseTo(dcg / idcg, 12);
    expect(ndcgAtK(ranking, graded, 3)).toBeCloseTo(0.502494, 5);
  });

  it('is 1 for the ideal ranking, 0 without relevant ids, and ignores repeats', () => {
    expect(ndcgAtK(['a', 'b', 'c'], graded, 10)).toBe(1);
    expect(ndcgAtK(['x', 'z'], graded, 10)).toBe(0);
    expect(ndcgAtK(['a'], new Map([['q', 0]]), 10)).toBe(0);
    const binary = new Map([
      ['a', 1],
      ['b', 1],
    ]);
    expect(ndcgAtK(['a', 'a', 'b'], binary, 2)).toBe(1);
  });
});

describe('recallAtK and reciprocalRank', () => {
  it('count only grades above 0', () => {
    expect(recallAtK(ranking, graded, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranking, graded, 4)).toBe(1);
    expect(recallAtK(ranking, new Map([['z', 0]]), 4)).toBe(0);
    expect(reciprocalRank(ranking, graded)).toBe(0.5);
    expect(reciprocalRank(ranking, graded, 1)).toBe(0);
    expect(reciprocalRank(['x', 'y'], graded)).toBe(0);
  });
});

describe('mean and percentile', () => {
  it('aggregate with linear interpolation between ranks', () => {
    const values = [4, 1, 3, 2];
    expect(mean(values)).toBe(2.5);
    expect(percentile(values, 50)).toBe(2.5);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(4);
    expect(percentile(values, 95)).toBeCloseTo(3.85, 12);
    expect(percentile([7], 95)).toBe(7);
    expect(values).toEqual([4, 1, 3, 2]); // not reordered
    expect(mean([])).toBeNaN();
    expect(percentile([], 50)).toBeNaN();
  });
});
