// The arena table: wins, ties and losses per arm over blind votes, and a Bradley–Terry rating.
import { describe, expect, it } from 'vitest';
import { arenaTable, type BlindRecord } from '../../../src/lib/lab/arena';

const label = (k: string) => k.toUpperCase();
const pick = (order: string[], vote: string): BlindRecord => ({ order, vote });

describe('arenaTable', () => {
  it('counts wins, ties and losses per arm; unjudged comparisons count for nothing', () => {
    const rows = arenaTable(
      [
        pick(['a', 'b'], 'a'),
        pick(['b', 'a'], 'a'),
        { order: ['a', 'b'], outcome: 'tie' },
        { order: ['a', 'b'], outcome: 'all-bad' },
        { order: ['a', 'b'] },
      ],
      label,
    );
    expect(
      rows.map(({ armKey, wins, ties, losses, shown }) => ({ armKey, wins, ties, losses, shown })),
    ).toEqual([
      { armKey: 'a', wins: 2, ties: 2, losses: 0, shown: 4 },
      { armKey: 'b', wins: 0, ties: 2, losses: 2, shown: 4 },
    ]);
    expect(rows[0]!.label).toBe('A');
  });

  it('rates the preferred arm higher, symmetrically around 1000, finite when never beaten', () => {
    const rows = arenaTable(
      [pick(['a', 'b'], 'a'), pick(['a', 'b'], 'a'), pick(['a', 'b'], 'b')],
      label,
    );
    const [a, b] = rows;
    expect(a!.armKey).toBe('a');
    expect(a!.rating).toBeGreaterThan(1000);
    expect(a!.rating + b!.rating).toBe(2000);
    const unbeaten = arenaTable([pick(['x', 'y'], 'x')], label);
    expect(Number.isFinite(unbeaten[0]!.rating)).toBe(true);
    expect(unbeaten[0]!.rating).toBeGreaterThan(unbeaten[1]!.rating);
  });

  it('orders a chain of preferences (a over b over c) and rates ties equal', () => {
    const chain = arenaTable(
      [pick(['a', 'b'], 'a'), pick(['b', 'c'], 'b'), pick(['a', 'b'], 'a'), pick(['b', 'c'], 'b')],
      label,
    );
    expect(chain.map((r) => r.armKey)).toEqual(['a', 'b', 'c']);
    const tied = arenaTable([{ order: ['p', 'q'], outcome: 'tie' }], label);
    expect(tied[0]!.rating).toBe(tied[1]!.rating);
  });

  it('in a three-arm comparison the pick beats both others, who draw with each other', () => {
    const rows = arenaTable([pick(['a', 'b', 'c'], 'c')], label);
    expect(rows[0]!.armKey).toBe('c');
    expect(rows[1]!.rating).toBe(rows[2]!.rating);
  });
});
