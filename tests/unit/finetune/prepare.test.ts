// From reviewed drafts to files and the held-out set: empty and repeated pairs are left out and
// counted; the set holds the test split with gold passages, plus training questions marked as such.
import { describe, expect, it } from 'vitest';
import { heldOutSet, prepareTrainingData } from '../../../src/lib/finetune/prepare';
import { samplePairs } from './pairs';

const SETTINGS = { testShare: 0.34, seed: 7 };

describe('prepareTrainingData', () => {
  it('drops incomplete and repeated pairs, then writes both files from the train split only', async () => {
    const pairs = samplePairs();
    pairs.push({ ...pairs[0]!, id: 'empty-answer', answer: '  ' });
    pairs.push({ ...pairs[3]!, id: 'empty-question', question: '' });
    pairs.push({ ...pairs[4]!, id: 'repeat', question: 'WHO books hotel rooms' });
    const prepared = await prepareTrainingData(pairs, SETTINGS, 'travel');
    expect(prepared.incomplete).toBe(2);
    expect(prepared.duplicates).toBe(1);
    const { train, test } = prepared.split;
    expect(train.length + test.length).toBe(14);
    expect(prepared.files.map((f) => [f.kind, f.name, f.examples])).toEqual([
      ['closed-book', 'travel-train-closed-book.jsonl', train.length],
      ['with-passage', 'travel-train-with-passage.jsonl', train.length],
    ]);
    // Closed-book: the question is the whole user message; with passage it ends the message.
    const asked = (f: { kind: string }, q: string) =>
      f.kind === 'closed-book' ? JSON.stringify(q) : JSON.stringify(`Question: ${q}`).slice(1);
    for (const f of prepared.files) {
      for (const p of test) expect(f.text).not.toContain(asked(f, p.question));
      for (const p of train) expect(f.text).toContain(asked(f, p.question));
    }
  });

  it('says what is missing when the complete pairs cover fewer than two chunks', async () => {
    const blank = samplePairs().map((p, i) => (i < 2 ? p : { ...p, answer: '' }));
    await expect(prepareTrainingData(blank, SETTINGS)).rejects.toThrow(
      'The complete pairs come from 1 chunk: a split by chunk needs at least two. 12 pairs have no question or no answer: write them in, or draft from more chunks.',
    );
    const one = samplePairs().slice(0, 2);
    await expect(prepareTrainingData(one, SETTINGS)).rejects.toThrow(
      /1 chunk: .* Draft from more chunks\.$/,
    );
  });

  it('makes the held-out split a question set with gold passages and the training files’ record', async () => {
    const prepared = await prepareTrainingData(samplePairs(), SETTINGS);
    const { train, test } = prepared.split;
    const set = heldOutSet(prepared, 3);
    expect(set.items).toHaveLength(test.length + 3);
    expect(set.items.slice(0, test.length).map((i) => i.id)).toEqual(test.map((p) => p.id));
    const probes = set.finetune!.trainedItemIds;
    expect(probes).toHaveLength(3);
    for (const id of probes) expect(train.some((p) => p.id === id)).toBe(true);
    for (const item of set.items) {
      const pair = samplePairs().find((p) => p.id === item.id)!;
      expect(item).toEqual({
        id: pair.id,
        question: pair.question,
        answers: [pair.answer],
        goldDocs: [pair.docName],
        goldPassage: pair.passage,
      });
    }
    expect(set.finetune!.split).toEqual({
      testShare: 0.34,
      seed: 7,
      trainChunks: prepared.split.trainChunks,
      testChunks: prepared.split.testChunks,
      trainPairs: train.length,
      testPairs: test.length,
    });
    expect(set.finetune!.files.map((f) => f.sha256)).toEqual(prepared.files.map((f) => f.sha256));
    expect(set.name).toBe(
      `Held-out split (training data ${prepared.files[0]!.sha256.slice(0, 12)})`,
    );
    expect(heldOutSet(prepared, 0).items).toHaveLength(test.length);
    expect(heldOutSet(prepared, 999).finetune!.trainedItemIds).toHaveLength(train.length);
  });
});
