// Progress of an import, as figures a render can show without walking thousands of files: each
// file's share done, the job's, and which file rows to show when an import is large.
import type { IngestProgress } from '../library/protocol';

const STAGE_WEIGHT: Record<string, [number, number]> = {
  queued: [0, 0],
  reading: [0, 0.1],
  chunking: [0.1, 0.15],
  embedding: [0.15, 0.95],
  indexing: [0.95, 1],
};

/** Overall progress of one file, 0..1, from its stage and the fraction within it. */
export function fileFraction(p: IngestProgress): number {
  const w = STAGE_WEIGHT[p.stage];
  return w ? w[0] + (w[1] - w[0]) * p.fraction : 1;
}

/** Overall progress of a job's files, 0..1 (1 for none). */
export function jobFraction(files: readonly IngestProgress[]): number {
  if (files.length === 0) return 1;
  let sum = 0;
  for (const file of files) sum += fileFraction(file);
  return sum / files.length;
}

/** File rows shown at first: thousands of rows would stall the page on every update. */
export const FILE_ROWS_SHOWN = 50;

/**
 * The files to list: all of them up to `limit`; past it, failures first (they need reading),
 * then the rest in order, `limit` in all.
 */
export function visibleFiles(files: readonly IngestProgress[], limit: number): IngestProgress[] {
  if (files.length <= limit) return [...files];
  const failed = files.filter((f) => f.stage === 'failed');
  const others = files.filter((f) => f.stage !== 'failed');
  return [...failed, ...others].slice(0, limit);
}

/** “1,950 added · 3 failed · 47 waiting”: how many files are at each stage. */
export function stageCounts(
  files: readonly IngestProgress[],
  words: Readonly<Record<string, string>>,
): string {
  const counts = new Map<string, number>();
  for (const file of files) counts.set(file.stage, (counts.get(file.stage) ?? 0) + 1);
  return [...counts]
    .map(([stage, n]) => `${n.toLocaleString('en')} ${(words[stage] ?? stage).toLowerCase()}`)
    .join(' · ');
}
