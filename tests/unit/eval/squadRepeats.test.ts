// SQuAD F1 counts a repeated word as often as both sides have it (Python's Counter & Counter), not
// as often as one side does: a short answer cannot earn the credit of a ground truth's repeats.
import { describe, expect, it } from 'vitest';
import { f1Score } from '../../../src/lib/eval/squad';

describe('f1Score with repeated words', () => {
  it('shares min(count in prediction, count in ground truth) of each word', () => {
    // "cat" once against "cat cat sat": one shared token, P = 1, R = 1/3, F1 = 0.5.
    expect(f1Score('the cat', 'cat cat sat')).toBeCloseTo(0.5, 10);
    // Both ways round: P = 1/3, R = 1, F1 = 0.5.
    expect(f1Score('cat cat sat', 'a cat')).toBeCloseTo(0.5, 10);
    // Two of each: both shared, P = 1, R = 2/3, F1 = 0.8.
    expect(f1Score('cat cat', 'cat cat sat')).toBeCloseTo(0.8, 10);
  });
});
