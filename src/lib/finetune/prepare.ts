// From reviewed drafts to what leaves the browser: complete pairs, deduplicated, split by chunk,
// the two training files with their SHA-256, and the held-out split as a lab question set that
// records which files and which split it belongs to.
import type { QuestionItem, QuestionSet } from '../lab/types';
import { dedupePairs } from './dedupe';
import { sha256Hex } from './hash';
import { toJsonl } from './jsonl';
import { seededRandom, shuffle, splitByChunk } from './split';
import {
  TRAINING_FILE_KINDS,
  type FinetuneSetRecord,
  type FinetuneSplit,
  type SplitSettings,
  type TrainingFileRecord,
  type TrainingPair,
} from './types';

export interface TrainingFile extends TrainingFileRecord {
  text: string;
}

export interface PreparedData {
  split: FinetuneSplit;
  files: TrainingFile[];
  /** Pairs left out because their question or answer was empty. */
  incomplete: number;
  /** Pairs left out because an earlier pair asked the same question. */
  duplicates: number;
}

/** The file name of one training file: `<stem>-train-<kind>.jsonl`. */
export function trainingFileName(stem: string, kind: TrainingFileRecord['kind']): string {
  return `${stem}-train-${kind}.jsonl`;
}

export async function prepareTrainingData(
  pairs: readonly TrainingPair[],
  settings: SplitSettings,
  stem = 'ragtune',
): Promise<PreparedData> {
  const trimmed = pairs.map((p) => ({
    ...p,
    question: p.question.trim(),
    answer: p.answer.trim(),
  }));
  const complete = trimmed.filter((p) => p.question !== '' && p.answer !== '');
  const { kept, duplicates } = dedupePairs(complete);
  const chunks = new Set(kept.map((p) => p.chunkId)).size;
  if (chunks < 2) {
    const missing = trimmed.length - complete.length;
    throw new RangeError(
      `The complete pairs come from ${chunks} chunk${chunks === 1 ? '' : 's'}: a split by chunk needs at least two.` +
        (missing > 0
          ? ` ${missing} pair${missing === 1 ? ' has' : 's have'} no question or no answer: write ${missing === 1 ? 'it' : 'them'} in, or draft from more chunks.`
          : ' Draft from more chunks.'),
    );
  }
  const split = splitByChunk(kept, settings);
  const files = await Promise.all(
    TRAINING_FILE_KINDS.map(async (kind) => {
      const text = toJsonl(split.train, kind);
      return {
        kind,
        name: trainingFileName(stem, kind),
        sha256: await sha256Hex(text),
        examples: split.train.length,
        text,
      };
    }),
  );
  return {
    split,
    files,
    incomplete: trimmed.length - complete.length,
    duplicates: duplicates.length,
  };
}

const toItem = (pair: TrainingPair): QuestionItem => ({
  id: pair.id,
  question: pair.question,
  answers: [pair.answer],
  goldDocs: [pair.docName],
  goldPassage: pair.passage,
});

/**
 * The held-out pairs as a question set with their gold passages. With `trained` > 0, that many
 * training pairs (picked with the split's seed) are asked too: only they can show whether the
 * fine-tune learned what it was trained on, since the held-out facts were never in its data.
 */
export function heldOutSet(prepared: PreparedData, trained: number): QuestionSet {
  const { split, files } = prepared;
  const probes = shuffle(split.train, seededRandom(split.settings.seed + 1)).slice(
    0,
    Math.max(0, Math.min(trained, split.train.length)),
  );
  const record: FinetuneSetRecord = {
    split: {
      ...split.settings,
      trainChunks: split.trainChunks,
      testChunks: split.testChunks,
      trainPairs: split.train.length,
      testPairs: split.test.length,
    },
    files: files.map(({ kind, name, sha256, examples }) => ({ kind, name, sha256, examples })),
    trainedItemIds: probes.map((p) => p.id),
  };
  const short = files[0]?.sha256.slice(0, 12) ?? '';
  return {
    name: `Held-out split (training data ${short})`,
    source: 'generated',
    items: [...split.test.map(toItem), ...probes.map(toItem)],
    finetune: record,
  };
}
