// The records question-set evaluation keeps, built by pure functions: a new experiment, the copies
// an import and a re-run make, the set from reviewed drafts, and the missing-documents notice.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODING } from '../../../src/lib/generate/decoding';
import {
  draftedSet,
  importedCopy,
  missingDocumentsNotice,
  newExperiment,
  rerunCopy,
} from '../../../src/lib/lab/experimentRecord';
import type { DraftItem } from '../../../src/lib/lab/generateQuestions';
import { modelKey, type Experiment, type QuestionSet } from '../../../src/lib/lab/types';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { QWEN, TINY, arm } from './arms';

const SET: QuestionSet = {
  name: 'Travel',
  source: 'jsonl',
  items: [
    { id: 'a', question: 'Per diem?', answers: ['62 euros'] },
    { id: 'b', question: 'Hotels?', answers: ['travel office'] },
  ],
};
const ARMS = [arm(TINY, 'none'), arm(TINY, 'rag'), arm(QWEN, 'rag')];
const doc = (id: string, contentHash: string) => ({ id, name: `${id}.md`, contentHash });
/** A document as the library lists it: only its id, name and hash go into the record. */
const LISTED = { ...doc('d1', 'h1'), chunkCount: 3, addedAt: 5 };

function experiment(name?: string): Experiment {
  return newExperiment({
    id: 'e1',
    now: 1000,
    name,
    set: SET,
    arms: ARMS,
    decoding: { ...DEFAULT_DECODING, seed: 7 },
    settings: DEFAULT_SETTINGS,
    documents: [LISTED, doc('d2', 'h2')],
    modelFacts: (m) => ({ engine: m.engine, id: m.id }),
  });
}

describe('newExperiment', () => {
  it('records the set, arms, settings, each model once and the documents by hash', () => {
    const e = experiment();
    expect(e).toEqual({
      id: 'e1',
      name: 'Travel · 3 arms',
      createdAt: 1000,
      updatedAt: 1000,
      status: 'ready',
      set: SET,
      arms: ARMS,
      decoding: { ...DEFAULT_DECODING, seed: 7 },
      search: DEFAULT_SETTINGS.search,
      chunking: DEFAULT_SETTINGS.chunking,
      embeddingModel: DEFAULT_SETTINGS.modelId,
      models: [
        { modelKey: modelKey(TINY), facts: { engine: TINY.engine, id: TINY.id } },
        { modelKey: modelKey(QWEN), facts: { engine: QWEN.engine, id: QWEN.id } },
      ],
      documents: [doc('d1', 'h1'), doc('d2', 'h2')],
    });
  });

  it('takes the person’s name, trimmed; a blank one gives the default', () => {
    expect(experiment('  My run ').name).toBe('My run');
    expect(experiment('   ').name).toBe('Travel · 3 arms');
  });
});

describe('importedCopy and rerunCopy', () => {
  it('an import is done only with a result for every question × arm', () => {
    const e = { ...experiment(), status: 'done' as const };
    expect(importedCopy(e, 6, 'n1')).toMatchObject({
      id: 'n1',
      name: 'Travel · 3 arms (imported)',
      status: 'done',
    });
    expect(importedCopy(e, 5, 'n2').status).toBe('paused');
  });

  it('a re-run is a fresh experiment with the same set, arms and settings', () => {
    const imported = importedCopy(experiment(), 6, 'n1');
    const again = rerunCopy(imported, 'n3', 5000);
    expect(again).toEqual({
      ...imported,
      id: 'n3',
      name: 'Travel · 3 arms (re-run)',
      createdAt: 5000,
      status: 'ready',
    });
  });
});

describe('draftedSet', () => {
  const draft = (id: string, question: string, answers: string[], extra = {}): DraftItem => ({
    id,
    question,
    answers,
    parsed: true,
    ...extra,
  });

  it('trims, drops empty questions and answers, and keeps the gold', () => {
    const set = draftedSet([
      draft('1', ' Per diem? ', [' 62 euros ', ' '], { goldDocs: ['policy.md'] }),
      draft('2', '   ', ['x']),
    ]);
    expect(set).toEqual({
      name: 'Drafted from the library',
      source: 'generated',
      items: [{ id: '1', question: 'Per diem?', answers: ['62 euros'], goldDocs: ['policy.md'] }],
    });
  });

  it('gives nothing when every question is empty', () => {
    expect(draftedSet([draft('1', ' ', ['a'])])).toBeUndefined();
    expect(draftedSet([])).toBeUndefined();
  });
});

describe('missingDocumentsNotice', () => {
  const ran = { documents: ['a', 'b', 'c', 'd', 'e'].map((n) => doc(n, `h-${n}`)) };

  it('is silent when the library holds every document by content hash (names may differ)', () => {
    expect(
      missingDocumentsNotice(
        ran,
        ran.documents.map((d) => ({ contentHash: d.contentHash })),
      ),
    ).toBeUndefined();
  });

  it('counts the missing ones and names the first three', () => {
    expect(missingDocumentsNotice(ran, [{ contentHash: 'h-e' }])).toBe(
      '4 of the 5 documents it ran on are not in this library (a.md, b.md, c.md…): a re-run would not be on the same documents.',
    );
    expect(missingDocumentsNotice(ran, [{ contentHash: 'h-a' }, { contentHash: 'h-b' }])).toBe(
      '3 of the 5 documents it ran on are not in this library (c.md, d.md, e.md): a re-run would not be on the same documents.',
    );
  });
});
