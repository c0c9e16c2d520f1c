// Fusion against hand-computed values: reciprocal rank fusion with k = 60 and k = 1, and the
// convex combination of min-max normalised scores.
import { describe, expect, it } from 'vitest';
import { convexFusion, reciprocalRankFusion } from '../../../src/lib/search/fuse';

const keyword = [
  { id: 'a', score: 12 },
  { id: 'b', score: 8 },
  { id: 'c', score: 2 },
];
const vector = [
  { id: 'c', score: 0.9 },
  { id: 'a', score: 0.7 },
  { id: 'd', score: 0.5 },
];

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the lists', () => {
    const fused = reciprocalRankFusion([keyword, vector]);
    // a: 1/61 + 1/62, c: 1/63 + 1/61, b: 1/62, d: 1/63
    expect(fused.map((f) => f.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1]?.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[2]?.score).toBeCloseTo(1 / 62, 12);
    expect(fused[3]?.score).toBeCloseTo(1 / 63, 12);
    expect(fused.map((f) => f.ranks)).toEqual([
      [1, 2],
      [3, 1],
      [2, undefined],
      [undefined, 3],
    ]);
  });

  it('honours k, keeps a repeated id’s first rank, and handles empty lists', () => {
    const fused = reciprocalRankFusion(
      [
        [
          { id: 'x', score: 1 },
          { id: 'x', score: 0.5 },
          { id: 'y', score: 0.2 },
        ],
        [],
      ],
      1,
    );
    expect(fused).toEqual([
      { id: 'x', score: 1 / 2, ranks: [1, undefined] },
      { id: 'y', score: 1 / 4, ranks: [3, undefined] },
    ]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });
});

describe('convexFusion', () => {
  it('weights min-max normalised scores', () => {
    const fused = convexFusion([keyword, vector], [0.3, 0.7]);
    // keyword normalised: a 1, b 0.6, c 0; vector normalised: c 1, a 0.5, d 0
    // a = 0.3·1 + 0.7·0.5 = 0.65; c = 0 + 0.7 = 0.7; b = 0.18; d = 0
    expect(fused.map((f) => f.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(fused.map((f) => f.score)).toEqual([
      expect.closeTo(0.7, 12),
      expect.closeTo(0.65, 12),
      expect.closeTo(0.18, 12),
      expect.closeTo(0, 12),
    ]);
    expect(fused[0]?.ranks).toEqual([3, 1]);
  });

  it('scales a list of equal scores to 1, and checks the weights', () => {
    const flat = [
      { id: 'p', score: 3 },
      { id: 'q', score: 3 },
    ];
    expect(convexFusion([flat], [0.5]).map((f) => f.score)).toEqual([0.5, 0.5]);
    expect(() => convexFusion([flat, flat], [1])).toThrow(/one weight per list/);
  });
});
