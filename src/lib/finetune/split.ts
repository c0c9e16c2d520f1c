// Splits training pairs into train and held-out test BY CHUNK: every pair of a chunk goes to the
// same side, so no passage is both trained on and tested. Seeded, so a split can be made again.
import { seededRandom } from '../seededRandom';
import type { FinetuneSplit, SplitSettings, TrainingPair } from './types';

export { seededRandom };

export const TEST_SHARE = { min: 0.05, max: 0.5, default: 0.2 } as const;

/** A Fisher–Yates shuffle of a copy, driven by `random`. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** How many of `chunks` go to the test split: the share rounded, at least one on each side. */
export function testChunkCount(chunks: number, share: number): number {
  return Math.min(chunks - 1, Math.max(1, Math.round(chunks * share)));
}

/**
 * The chunks are sorted, shuffled with the seed, and the first `testChunkCount` are held out;
 * pairs keep their order within each side. The result depends on the set of chunks and the
 * seed, not on the order the pairs came in.
 */
export function splitByChunk(
  pairs: readonly TrainingPair[],
  settings: SplitSettings,
): FinetuneSplit {
  if (!(settings.testShare >= TEST_SHARE.min && settings.testShare <= TEST_SHARE.max)) {
    throw new RangeError(
      `The test share must be between ${TEST_SHARE.min * 100} % and ${TEST_SHARE.max * 100} %.`,
    );
  }
  const chunks = [...new Set(pairs.map((p) => p.chunkId))].sort();
  if (chunks.length < 2) {
    throw new RangeError(
      `The pairs come from ${chunks.length} chunk${chunks.length === 1 ? '' : 's'}: a split by chunk needs at least two (draft from more passages).`,
    );
  }
  const held = new Set(
    shuffle(chunks, seededRandom(settings.seed)).slice(
      0,
      testChunkCount(chunks.length, settings.testShare),
    ),
  );
  return {
    train: pairs.filter((p) => !held.has(p.chunkId)),
    test: pairs.filter((p) => held.has(p.chunkId)),
    settings: { ...settings },
    trainChunks: chunks.length - held.size,
    testChunks: held.size,
  };
}
