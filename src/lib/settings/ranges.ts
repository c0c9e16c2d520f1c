// The allowed range of every number a person sets or a file brings in, as plain data: the UI's
// number inputs take min/max/step from here, and imports and restored settings check against it.

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** What the person sees the field called. */
  readonly label: string;
  /** Whole numbers only. */
  readonly integer: boolean;
}

const range = (min: number, max: number, step: number, label: string): NumberRange => ({
  min,
  max,
  step,
  label,
  integer: Number.isInteger(step),
});

/** Decoding: what both engines accept (seeds are unsigned 32-bit). */
export const DECODING_RANGES = {
  temperature: range(0, 2, 0.1, 'Temperature'),
  // Step 0.01 puts the default 1 on the grid (0.05 made the browser block every submit).
  topP: range(0.01, 1, 0.01, 'Top-p'),
  maxTokens: range(1, 4096, 1, 'Max answer tokens'),
  seed: range(0, 4_294_967_295, 1, 'Seed'),
} as const;

/** Retrieval: how many chunks, and the lowest cosine similarity kept. */
export const SEARCH_RANGES = {
  topK: range(1, 100, 1, 'Top k'),
  threshold: range(0, 1, 0.05, 'Threshold'),
  /** Hybrid fusion by convex sum: the vector list's weight. */
  fusionWeight: range(0, 1, 0.05, 'Fusion weight'),
  /** Two-level keyword ranking: the whole document's share of a chunk's score. */
  docWeight: range(0, 1, 0.05, 'Document weight'),
  /** How many candidates each list brings to fusion. */
  candidates: range(10, 5000, 1, 'Candidates'),
} as const;

/** Chunking, in tokens of the embedding model (overlap is also kept under half a chunk). */
export const CHUNKING_RANGES = {
  maxTokens: range(32, 2048, 1, 'Chunk size (tokens)'),
  overlapTokens: range(0, 1024, 1, 'Overlap (tokens)'),
} as const;

/** The lab: questions in one set, questions drafted at once, memory for models at once (MB). */
export const LAB_RANGES = {
  questions: range(1, 5000, 1, 'Questions'),
  draftCount: range(1, 200, 1, 'Questions to draft'),
  budgetMb: range(256, 262_144, 256, 'Memory for models at once (MB)'),
  serverConcurrency: range(1, 16, 1, 'Server answers at once'),
} as const;

/** A score (exact match, F1, contained, hit, recall) is a share. */
export const SCORE_RANGE = range(0, 1, 0.001, 'Score');

/** Whether `value` is a finite number inside `r` (and whole when `r` wants whole numbers). */
export function inRange(value: number, r: NumberRange): boolean {
  return (
    Number.isFinite(value) &&
    value >= r.min &&
    value <= r.max &&
    (!r.integer || Number.isInteger(value))
  );
}

/** “between 0 and 2” / “a whole number between 1 and 4,096”: the range in words. */
export function describeRange(r: NumberRange): string {
  const n = (v: number) => v.toLocaleString('en');
  return `${r.integer ? 'a whole number ' : ''}between ${n(r.min)} and ${n(r.max)}`;
}

/** `value` pulled into `r` (rounded when whole); `fallback` when it is not a finite number. */
export function clampTo(r: NumberRange, value: number, fallback: number): number {
  const v = Number.isFinite(value) ? value : fallback;
  const clamped = Math.min(r.max, Math.max(r.min, v));
  return r.integer ? Math.round(clamped) : clamped;
}
