// Fine-tuning data drafted from the library: question–answer pairs tied to the chunk they came
// from, their split into train and held-out test by chunk, and the record a question set keeps.

/** One reviewed question and answer, and the chunk (passage) that holds the answer. */
export interface TrainingPair {
  id: string;
  question: string;
  answer: string;
  /** The library chunk the pair was drafted from: the unit of the train/test split. */
  chunkId: string;
  docName: string;
  passage: string;
  /** Enclosing headings of the chunk, outermost first (shown in the passage's label). */
  headingPath: string[];
  page?: number;
}

export interface SplitSettings {
  /** Share of the chunks held out for the test split, 0.05..0.5. */
  testShare: number;
  /** Seed of the shuffle: the same pairs, share and seed give the same split. */
  seed: number;
}

export interface FinetuneSplit {
  train: TrainingPair[];
  test: TrainingPair[];
  settings: SplitSettings;
  trainChunks: number;
  testChunks: number;
}

/**
 * Which training file: the question alone (knowledge injection: the model must learn the fact)
 * or the passage in the prompt as the lab's RAG arms give it (retrieval-aware fine-tuning).
 */
export type TrainingFileKind = 'closed-book' | 'with-passage';

export const TRAINING_FILE_KINDS: readonly TrainingFileKind[] = ['closed-book', 'with-passage'];

/** A training file as it was written: enough to name what a fine-tune was trained on. */
export interface TrainingFileRecord {
  kind: TrainingFileKind;
  name: string;
  /** SHA-256 of the file's UTF-8 bytes, lower-case hex. */
  sha256: string;
  examples: number;
}

/** A model of the "Your fine-tune vs RAG vs both" preset, by engine and id. */
export interface PresetModel {
  engine: string;
  id: string;
}

/** What a question set made from fine-tune data records (stored and exported with the set). */
export interface FinetuneSetRecord {
  split: SplitSettings & {
    trainChunks: number;
    testChunks: number;
    trainPairs: number;
    testPairs: number;
  };
  files: TrainingFileRecord[];
  /** Items of the set taken from the train split (asked to see whether it learned them). */
  trainedItemIds: string[];
  /** The preset's base and fine-tune, once chosen: the verdict compares these. */
  models?: { base: PresetModel; tuned: PresetModel };
}
