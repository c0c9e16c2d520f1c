// Bootstrap intervals for a question set's figures, and paired differences between arms.
import { describe, expect, it } from 'vitest';
import { armIntervals, bootstrapMean, pairedDifferences } from '../../../src/lib/eval/confidence';
import type { ExperimentResult } from '../../../src/lib/lab/types';

function result(armKey: string, itemId: string, f1: number, error = false): ExperimentResult {
  return {
    experimentId: 'e',
    itemId,
    armKey,
    finishedAt: 0,
    scores: { exactMatch: f1 === 1 ? 1 : 0, f1, contained: f1 > 0 ? 1 : 0 },
    answer: { ...(error ? { error: 'failed' } : {}) } as ExperimentResult['answer'],
  };
}

describe('bootstrapMean', () => {
  it('gives no interval for nothing, and a point for constant scores', () => {
    expect(bootstrapMean([])).toBeUndefined();
    expect(bootstrapMean([0.5, 0.5, 0.5])).toEqual({ mean: 0.5, low: 0.5, high: 0.5, n: 3 });
  });

  it('brackets the mean, narrows with more questions, and repeats for the same seed', () => {
    const few = [0, 1, 0, 1, 1, 0, 1, 0];
    const many = Array.from({ length: 200 }, (_, i) => i % 2);
    const a = bootstrapMean(few)!;
    const b = bootstrapMean(many)!;
    expect(a.low).toBeLessThan(a.mean);
    expect(a.high).toBeGreaterThan(a.mean);
    expect(b.high - b.low).toBeLessThan(a.high - a.low);
    expect(bootstrapMean(few)).toEqual(a);
    // About ±1.96 standard errors for 200 coin flips: 0.5 ± 0.069.
    expect(b.high - b.low).toBeGreaterThan(0.1);
    expect(b.high - b.low).toBeLessThan(0.18);
  });
});

describe('pairedDifferences', () => {
  const items = Array.from({ length: 12 }, (_, i) => `q${i}`);

  it('finds an arm that answers every question the other misses significantly better', () => {
    const results = items.flatMap((q) => [result('rag', q, 1), result('none', q, 0)]);
    const [d] = pairedDifferences(results, ['rag', 'none'], 'f1');
    expect(d).toMatchObject({ a: 'rag', b: 'none', significant: true, tooFew: false });
    expect(d!.difference.mean).toBe(1);
  });

  it('calls two arms that trade wins question by question not significantly different', () => {
    const results = items.flatMap((q, i) => [
      result('x', q, i % 2 ? 1 : 0),
      result('y', q, i % 2 ? 0 : 1),
    ]);
    const [d] = pairedDifferences(results, ['x', 'y'], 'f1');
    expect(d!.difference.mean).toBe(0);
    expect(d!.significant).toBe(false);
  });

  it('pairs only questions both arms answered, counts an error as 0 and honours answerable', () => {
    const results = [
      result('a', 'q1', 1),
      result('b', 'q1', 1, true),
      result('a', 'q2', 1),
      result('a', 'q3', 0.5),
      result('b', 'q3', 0.5),
    ];
    const [d] = pairedDifferences(results, ['a', 'b'], 'f1');
    expect(d!.difference.n).toBe(2);
    expect(d!.difference.mean).toBe(0.5);
    // Two questions are too few to call any difference real, however large.
    expect(d).toMatchObject({ tooFew: true, significant: false });
    const intervals = armIntervals(results, ['a', 'b'], 'f1', new Set(['q1', 'q2']));
    expect(intervals.get('a')!.n).toBe(2);
    expect(intervals.get('b')!.mean).toBe(0);
  });
});
