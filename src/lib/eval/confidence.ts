// How sure a question set's figures are: 95 % bootstrap intervals for each arm's mean exact match
// and F1, and for the difference between two arms paired by question (the same questions, so the
// question's difficulty cancels out). A difference whose interval excludes 0 is significant at
// the 5 % level. Seeded, so the same results always give the same intervals. Written here: the
// percentile bootstrap is a few lines, and no maintained library offers it for the browser alone.
import { seededRandom as random } from '../seededRandom';
import type { ExperimentResult } from '../lab/types';

export type QualityMetric = 'exactMatch' | 'f1';

export interface Interval {
  mean: number;
  low: number;
  high: number;
  /** How many questions it rests on. */
  n: number;
}

export interface ArmDifference {
  a: string;
  b: string;
  /** Mean of (a − b) over the questions both answered, with its 95 % interval. */
  difference: Interval;
  /** The interval leaves out 0, on enough questions to say so. */
  significant: boolean;
  /** Fewer than MIN_QUESTIONS paired questions: no claim either way. */
  tooFew: boolean;
}

const RESAMPLES = 2000;
/** Below this many paired questions a bootstrap interval is too coarse to call anything real. */
export const MIN_QUESTIONS = 10;

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;

/** The percentile bootstrap 95 % interval of the mean of `values` (undefined when empty). */
export function bootstrapMean(values: readonly number[], seed = 1): Interval | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const next = random(seed);
  const means = new Float64Array(RESAMPLES);
  for (let r = 0; r < RESAMPLES; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(next() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  return {
    mean: mean(values),
    low: means[Math.floor(0.025 * (RESAMPLES - 1))]!,
    high: means[Math.ceil(0.975 * (RESAMPLES - 1))]!,
    n,
  };
}

/** One arm's scores by question (an errored answer scores 0, as in the table). */
function scoresByItem(results: readonly ExperimentResult[], armKey: string, metric: QualityMetric) {
  const out = new Map<string, number>();
  for (const r of results) {
    if (r.armKey === armKey) out.set(r.itemId, r.answer.error ? 0 : r.scores[metric]);
  }
  return out;
}

/** Each arm's mean `metric` with its interval, over `answerable` questions when given. */
export function armIntervals(
  results: readonly ExperimentResult[],
  armKeys: readonly string[],
  metric: QualityMetric,
  answerable?: ReadonlySet<string>,
): Map<string, Interval | undefined> {
  return new Map(
    armKeys.map((key) => {
      const scores = [...scoresByItem(results, key, metric)]
        .filter(([item]) => !answerable || answerable.has(item))
        .map(([, s]) => s);
      return [key, bootstrapMean(scores)];
    }),
  );
}

/** Every pair of arms: the paired difference in `metric` and whether it is significant. */
export function pairedDifferences(
  results: readonly ExperimentResult[],
  armKeys: readonly string[],
  metric: QualityMetric,
  answerable?: ReadonlySet<string>,
): ArmDifference[] {
  const out: ArmDifference[] = [];
  const byArm = new Map(armKeys.map((k) => [k, scoresByItem(results, k, metric)]));
  for (let i = 0; i < armKeys.length; i++) {
    for (let j = i + 1; j < armKeys.length; j++) {
      const a = byArm.get(armKeys[i]!)!;
      const b = byArm.get(armKeys[j]!)!;
      const diffs = [...a]
        .filter(([item]) => b.has(item) && (!answerable || answerable.has(item)))
        .map(([item, s]) => s - b.get(item)!);
      const difference = bootstrapMean(diffs);
      if (!difference) continue;
      const tooFew = difference.n < MIN_QUESTIONS;
      const significant = !tooFew && (difference.low > 0 || difference.high < 0);
      out.push({ a: armKeys[i]!, b: armKeys[j]!, difference, significant, tooFew });
    }
  }
  return out;
}
