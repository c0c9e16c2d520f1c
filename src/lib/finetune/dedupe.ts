// Drops repeated training questions: two pairs whose questions read the same once case,
// punctuation and spacing are set aside are one question, and the first one drafted is kept.
import type { TrainingPair } from './types';

/** The question as compared: NFKC, lower case, punctuation and symbols as spaces, one space. */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Deduped {
  kept: TrainingPair[];
  /** Pairs dropped because an earlier pair asked the same question. */
  duplicates: TrainingPair[];
}

/**
 * Keeps the first pair of each normalised question, over the whole library: a question repeated
 * from another chunk would otherwise land in train and test at once and leak the answer.
 */
export function dedupePairs(pairs: readonly TrainingPair[]): Deduped {
  const seen = new Set<string>();
  const kept: TrainingPair[] = [];
  const duplicates: TrainingPair[] = [];
  for (const pair of pairs) {
    const key = normaliseQuestion(pair.question);
    if (seen.has(key)) duplicates.push(pair);
    else {
      seen.add(key);
      kept.push(pair);
    }
  }
  return { kept, duplicates };
}
