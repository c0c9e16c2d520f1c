// A result list is a weak match when keyword search found none of the query's words in any result.
import { describe, expect, it } from 'vitest';
import { matchStrength } from '../../../src/lib/search/matchStrength';
import { hit } from '../rag/hits';

describe('matchStrength', () => {
  it('is weak when every result came by meaning alone, with the best similarity', () => {
    const hits = [
      { ...hit('a', 'Bananas grow in bunches.'), matchedTerms: [], vectorScore: 0.21 },
      { ...hit('b', 'Trains leave at noon.'), matchedTerms: [], vectorScore: 0.34 },
    ];
    expect(matchStrength(hits)).toEqual({ weak: true, bestSimilarity: 0.34 });
  });

  it('is not weak when one result holds a word of the query, nor when there are no results', () => {
    const hits = [
      { ...hit('a', 'The ferry leaves at seven.'), matchedTerms: ['ferry'] },
      { ...hit('b', 'Trains leave at noon.'), matchedTerms: [] },
    ];
    expect(matchStrength(hits).weak).toBe(false);
    expect(matchStrength([]).weak).toBe(false);
  });
});
