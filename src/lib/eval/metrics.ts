// Retrieval metrics for one ranked list against graded relevance judgements (BEIR qrels),
// plus the aggregates a benchmark reports: mean and percentiles.

/** Judgements for one query: id → grade. Grades ≤ 0 count as not relevant. */
export type Relevance = ReadonlyMap<string, number>;

/** The ranking with repeated ids dropped (a repeat must not earn gain twice), cut at k. */
function topK(ranked: readonly string[], k: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ranked) {
    if (out.length >= k) break;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

const grade = (relevance: Relevance, id: string): number => Math.max(0, relevance.get(id) ?? 0);

/**
 * nDCG@k with linear gain and a log2 discount, as trec_eval / pytrec_eval compute it for BEIR:
 * DCG = Σ_{i=1..k} grade_i / log2(i + 1); the ideal ranks every judged id by grade. Returns 0
 * when nothing is relevant.
 */
export function ndcgAtK(ranked: readonly string[], relevance: Relevance, k: number): number {
  const dcg = topK(ranked, k).reduce(
    (sum, id, i) => sum + grade(relevance, id) / Math.log2(i + 2),
    0,
  );
  const ideal = [...relevance.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Share of the relevant ids found in the top k (0 when nothing is relevant). */
export function recallAtK(ranked: readonly string[], relevance: Relevance, k: number): number {
  let relevant = 0;
  for (const g of relevance.values()) if (g > 0) relevant++;
  if (relevant === 0) return 0;
  const found = topK(ranked, k).filter((id) => grade(relevance, id) > 0).length;
  return found / relevant;
}

/** 1 / rank of the first relevant id within the top k (default: the whole list), else 0. */
export function reciprocalRank(
  ranked: readonly string[],
  relevance: Relevance,
  k: number = ranked.length,
): number {
  const index = topK(ranked, k).findIndex((id) => grade(relevance, id) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The p-th percentile (p in 0..100) with linear interpolation between closest ranks, as numpy's
 * default does; NaN for no values. Does not reorder `values`.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}
