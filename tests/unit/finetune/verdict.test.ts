// The preset's verdict from scored answers: which arm is which (by the recorded base and fine-tune),
// figures per split, and the sentences for a fine-tune that learned or did not, RAG beating it or
// not, and a hybrid that beat both or not; an experiment file keeps the record that drives it.
import { describe, expect, it } from 'vitest';
import { finetuneVerdict, presetArms } from '../../../src/lib/finetune/verdict';
import type { FinetuneSetRecord } from '../../../src/lib/finetune/types';
import { experimentToJson, parseExperimentFile } from '../../../src/lib/lab/experimentFile';
import {
  armKey,
  type Arm,
  type Experiment,
  type ExperimentResult,
} from '../../../src/lib/lab/types';

const BASE = { engine: 'transformers' as const, id: 'you/base' };
const TUNED = { engine: 'transformers' as const, id: 'you/tuned' };
const ARMS = presetArms(BASE, TUNED);
const HELD = ['h1', 'h2', 'h3', 'h4'];
const TRAINED = ['t1', 't2'];

const RECORD: FinetuneSetRecord = {
  split: { testShare: 0.2, seed: 42, trainChunks: 8, testChunks: 2, trainPairs: 16, testPairs: 4 },
  files: [
    {
      kind: 'closed-book',
      name: 'a-train-closed-book.jsonl',
      sha256: 'a'.repeat(64),
      examples: 16,
    },
    {
      kind: 'with-passage',
      name: 'a-train-with-passage.jsonl',
      sha256: 'b'.repeat(64),
      examples: 16,
    },
  ],
  trainedItemIds: TRAINED,
  models: { base: BASE, tuned: TUNED },
};

function experiment(record: FinetuneSetRecord | null = RECORD, arms: Arm[] = ARMS): Experiment {
  return {
    id: 'e',
    name: 'Your fine-tune vs RAG vs both',
    createdAt: 1,
    updatedAt: 2,
    status: 'done',
    set: {
      name: 'Held-out split',
      source: 'generated',
      items: [...HELD, ...TRAINED].map((id) => ({ id, question: `${id}?`, answers: ['x'] })),
      ...(record ? { finetune: record } : {}),
    },
    arms,
    decoding: { temperature: 0, topP: 1, maxTokens: 64, seed: 42 },
    search: { mode: 'hybrid', topK: 3, threshold: 0, rerank: false },
    chunking: { maxTokens: 200, overlapTokens: 0 },
    embeddingModel: 'm',
    documents: [],
  };
}

/** `correct[arm index]` lists the items that arm answered right; every item is answered. */
function results(correct: string[][]): ExperimentResult[] {
  return ARMS.flatMap((arm, a) =>
    [...HELD, ...TRAINED].map((itemId) => {
      const right = correct[a]!.includes(itemId) ? 1 : 0;
      return {
        experimentId: 'e',
        itemId,
        armKey: armKey(arm),
        answer: {
          armKey: armKey(arm),
          arm,
          text: right ? 'x' : 'no',
          modelId: arm.model.id,
          prompt: [],
          sources: [],
          prepareMs: 0,
        },
        scores: { exactMatch: right, f1: right, contained: right },
        finishedAt: 3,
      };
    }),
  );
}

describe('finetuneVerdict', () => {
  it('says the fine-tune learned, RAG beat it on held-out questions, and the hybrid beat both', () => {
    const v = finetuneVerdict(experiment(), results([[], ['h1', 'h2', 'h3'], ['t1', 't2'], HELD]))!;
    expect(v.rows.map((r) => [r.role, r.heldOut.correct, r.trained.correct])).toEqual([
      ['base-none', 0, 0],
      ['base-rag', 3, 0],
      ['tuned-none', 0, 2],
      ['tuned-rag', 4, 0],
    ]);
    expect(v.heldOutTotal).toBe(4);
    expect(v.trainedTotal).toBe(2);
    expect(v.sentences).toEqual([
      'Your fine-tune learned some of the facts it was trained on: without documents it answered 2 of 2 (100 %) trained questions, the base 0 of 2 (0 %).',
      'On held-out questions, whose passages were not in its training data, it answered 0 of 4 (0 %) without documents; the base answered 0 of 4 (0 %).',
      'RAG beat your fine-tune on held-out questions: the base with retrieved passages answered 3 of 4 (75 %), your fine-tune without documents 0 of 4 (0 %).',
      'On the questions it was trained on — the fair test of knowledge put in by training — RAG answered 0 of 2 (0 %) and your fine-tune without documents 2 of 2 (100 %).',
      "The hybrid (your fine-tune with RAG) beat both: 4 of 4 (100 %) held-out questions, against RAG's 75 % and the fine-tune alone's 0 %.",
      'With 4 held-out questions, a difference of one or two answers can be chance.',
    ]);
  });

  it('says when the fine-tune learned nothing, ties with RAG, or the hybrid does not beat both', () => {
    const v = finetuneVerdict(experiment(), results([['t1'], ['h1'], ['t1', 'h1'], ['h1']]))!;
    expect(v.sentences[0]).toBe(
      "Your fine-tune did not learn the facts it was trained on: without documents it answered 1 of 2 (50 %) trained questions, no more than the base's 1 of 2 (50 %).",
    );
    expect(v.sentences[2]).toBe(
      'RAG and your fine-tune tied on held-out questions: 1 of 4 (25 %) each.',
    );
    expect(v.sentences[4]).toMatch(
      /^The hybrid \(your fine-tune with RAG\) did not beat both: 1 of 4/,
    );
    const better = finetuneVerdict(experiment(), results([[], [], ['h1'], []]))!;
    expect(better.sentences[2]).toBe(
      "Your fine-tune without documents beat RAG on held-out questions: 1 of 4 (25 %) against the base with retrieved passages' 0 of 4 (0 %).",
    );
  });

  it('cannot tell what it learned without trained questions, and is absent for other experiments', () => {
    const none = finetuneVerdict(
      experiment({ ...RECORD, trainedItemIds: [] }),
      results([[], [], [], []]),
    )!;
    expect(none.sentences[0]).toMatch(
      /^Whether your fine-tune learned the facts it was trained on cannot be told yet/,
    );
    expect(none.trainedTotal).toBe(0);
    expect(finetuneVerdict(experiment(null), [])).toBeUndefined();
    const { models: _models, ...unchosen } = RECORD;
    expect(finetuneVerdict(experiment(unchosen), [])).toBeUndefined();
    expect(finetuneVerdict(experiment(RECORD, ARMS.slice(0, 3)), [])).toBeUndefined();
  });

  it('leaves failed and stopped answers out of the counts', () => {
    const r = results([[], HELD, [], HELD]).map((x) =>
      x.itemId === 'h1' && x.answer.arm.context === 'rag' && x.answer.arm.model.id === BASE.id
        ? { ...x, answer: { ...x.answer, error: 'out of memory' } }
        : x,
    );
    const row = finetuneVerdict(experiment(), r)!.rows[1]!;
    expect([row.heldOut.answered, row.heldOut.correct]).toEqual([3, 3]);
  });
});

describe('the experiment file', () => {
  it('keeps the set’s fine-tune record: training files’ hashes, the split and the preset’s models', () => {
    const text = experimentToJson(experiment(), results([[], [], [], []]));
    expect(parseExperimentFile(text).experiment.set.finetune).toEqual(RECORD);
  });

  it('refuses a record whose hash or share is not one, naming the field', () => {
    const file = JSON.parse(experimentToJson(experiment(), [])) as {
      experiment: {
        set: { finetune: { files: { sha256: string }[]; split: { testShare: number } } };
      };
    };
    file.experiment.set.finetune.files[1]!.sha256 = 'not a hash';
    expect(() => parseExperimentFile(JSON.stringify(file), 'x.json')).toThrow(
      /^x\.json: experiment\.set\.finetune\.files\[1\]\.sha256 must be 64 lower-case hex digits/,
    );
    file.experiment.set.finetune.files[1]!.sha256 = 'b'.repeat(64);
    file.experiment.set.finetune.split.testShare = 0.9;
    expect(() => parseExperimentFile(JSON.stringify(file), 'x.json')).toThrow(
      /^x\.json: experiment\.set\.finetune\.split\.testShare is 0\.9/,
    );
  });
});
