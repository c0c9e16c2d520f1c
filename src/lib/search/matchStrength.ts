// Whether a result list is a weak match: when no result holds any of the query's words, vector
// search still returns its nearest passages, which look as confident as real answers. Saying so
// plainly keeps a nonsense query from reading like a found answer.
import type { SearchHit } from './searchHit';

export interface MatchStrength {
  /** Results exist, and none holds any word of the query: they are only nearest by meaning. */
  weak: boolean;
  /** The best cosine similarity among the results, when vectors were searched. */
  bestSimilarity?: number;
}

/** A hit found by meaning alone (no word of the query in it). */
export const meaningOnly = (hit: SearchHit): boolean => hit.matchedTerms.length === 0;

export function matchStrength(hits: readonly SearchHit[]): MatchStrength {
  const scores = hits.flatMap((h) => (h.vectorScore === undefined ? [] : [h.vectorScore]));
  const best = scores.length ? Math.max(...scores) : undefined;
  return {
    weak: hits.length > 0 && hits.every(meaningOnly),
    ...(best === undefined ? {} : { bestSimilarity: best }),
  };
}
