// Comparisons cut off by a reload or a closed tab: on open, one still 'running' that no open tab
// runs becomes 'interrupted' (its partial texts kept); its missing arms are the ones to resume.
import { armKey, type Arm, type Comparison } from './types';

/** The comparison marked 'interrupted' if it was left running by a tab that is gone, else undefined. */
export function settleComparison(
  comparison: Comparison,
  isLive: (id: string) => boolean,
): Comparison | undefined {
  if (comparison.status !== 'running' || isLive(comparison.id)) return undefined;
  return { ...comparison, status: 'interrupted' };
}

/** Arms with no saved answer: the ones a resume runs (finished arms are never run again). */
export function missingArms(comparison: Comparison): Arm[] {
  const done = new Set(comparison.answers.map((a) => a.armKey));
  return comparison.arms.filter((arm) => !done.has(armKey(arm)));
}

/** The text streamed so far by every arm with no saved answer, by arm key (empty ones left out). */
export function partialTexts(
  comparison: Comparison,
  streamed: Readonly<Record<string, { text: string }>>,
): Record<string, string> {
  const done = new Set(comparison.answers.map((a) => a.armKey));
  return Object.fromEntries(
    Object.entries(streamed).flatMap(([key, { text }]) =>
      !done.has(key) && text ? [[key, text]] : [],
    ),
  );
}

/** The comparison as a finished (or stopped) run leaves it: no status, no partial texts. */
export function runEnded(comparison: Comparison): Comparison {
  const { status: _status, partials: _partials, ...ended } = comparison;
  return ended;
}

/** The name of the lock a tab holds while it runs a comparison. */
export function comparisonLockName(id: string): string {
  return `ragtune-comparison:${id}`;
}
