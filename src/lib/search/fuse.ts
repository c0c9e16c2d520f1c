// Fusion of ranked lists (keyword BM25, vector cosine) into one ranking: reciprocal rank fusion,
// and a weighted (convex) sum of min-max normalised scores.
import { RagtuneError } from '../errors';

export interface RankedItem {
  id: string;
  score: number;
}

export interface FusedItem {
  id: string;
  score: number;
  /** 1-based rank of the id in each input list, undefined where the list lacks it. */
  ranks: (number | undefined)[];
}

/**
 * RRF (Cormack et al. 2009): score(d) = Σ over lists of 1 / (k + rank(d)), rank from 1. Only
 * ranks matter, so BM25 and cosine need no common scale. Ties keep first-seen order.
 */
export function reciprocalRankFusion(
  lists: readonly (readonly RankedItem[])[],
  k = 60,
): FusedItem[] {
  const fused = collect(lists);
  for (const item of fused.values()) {
    item.score = item.ranks.reduce<number>((sum, rank) => sum + (rank ? 1 / (k + rank) : 0), 0);
  }
  return sorted(fused);
}

/**
 * Σ weight_i × normalised score_i, where each list's scores are min-max scaled to [0, 1] (a list
 * whose scores are all equal scales to 1) and a missing id counts 0 for that list.
 */
export function convexFusion(
  lists: readonly (readonly RankedItem[])[],
  weights: readonly number[],
): FusedItem[] {
  if (weights.length !== lists.length) {
    throw new RagtuneError(
      'internal',
      `Convex fusion needs one weight per list: ${weights.length} weights for ${lists.length} lists.`,
    );
  }
  const fused = collect(lists);
  lists.forEach((list, i) => {
    const weight = weights[i] ?? 0;
    let min = Infinity;
    let max = -Infinity;
    for (const { score } of list) {
      min = Math.min(min, score);
      max = Math.max(max, score);
    }
    const span = max - min;
    const seen = new Set<string>();
    for (const { id, score } of list) {
      if (seen.has(id)) continue;
      seen.add(id);
      const item = fused.get(id) as FusedItem;
      item.score += weight * (span > 0 ? (score - min) / span : 1);
    }
  });
  return sorted(fused);
}

/** One entry per id with its rank in every list (first occurrence wins within a list). */
function collect(lists: readonly (readonly RankedItem[])[]): Map<string, FusedItem> {
  const fused = new Map<string, FusedItem>();
  lists.forEach((list, listIndex) => {
    list.forEach(({ id }, position) => {
      let item = fused.get(id);
      if (!item) {
        item = { id, score: 0, ranks: new Array<number | undefined>(lists.length).fill(undefined) };
        fused.set(id, item);
      }
      item.ranks[listIndex] ??= position + 1;
    });
  });
  return fused;
}

function sorted(fused: Map<string, FusedItem>): FusedItem[] {
  // Array.prototype.sort is stable, so equal scores keep the order ids were first seen.
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
