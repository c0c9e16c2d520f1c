// scoreArmAnswer: an arm's answer scored with SQuAD's EM/F1 and containment, a failed answer as an
// empty one, and retrieval hit/recall for RAG arms only (against gold documents or a passage).
import { describe, expect, it } from 'vitest';
import { scoreArmAnswer } from '../../../src/lib/eval/armScores';
import type { ArmAnswer, QuestionItem } from '../../../src/lib/lab/types';
import { QWEN, arm } from '../lab/arms';

const source = (docName: string, text: string) => ({
  n: 1,
  chunkId: 'c1',
  docId: `id-${docName}`,
  docName,
  score: 1,
  text,
  headingPath: [],
});
const item: QuestionItem = {
  id: 'q1',
  question: 'What is the daily meal allowance?',
  answers: ['62 euros'],
  goldDocs: ['policy'],
};
const answer = (
  context: 'none' | 'rag' | 'full',
  text: string,
  extra: Partial<ArmAnswer> = {},
): ArmAnswer => ({
  armKey: `k-${context}`,
  arm: arm(QWEN, context),
  text,
  modelId: QWEN.id,
  prompt: [],
  sources: [source('policy.md', 'The per diem is 62 euros.')],
  prepareMs: 0,
  ...extra,
});

describe('scoreArmAnswer', () => {
  it('scores a RAG answer on its text and on its sources', () => {
    expect(scoreArmAnswer(answer('rag', 'The 62 euros.'), item)).toEqual({
      exactMatch: 1, // "the" is an article: normalised away
      f1: 1,
      contained: 1,
      hit: 1,
      recall: 1,
    });
  });

  it('gives no retrieval scores to an arm without RAG, whatever sources it shows', () => {
    const scores = scoreArmAnswer(answer('full', 'It is 62 euros a day.'), item);
    // "it is 62 euros day" against "62 euros": precision 2/5, recall 1, F1 4/7.
    expect(scores).toEqual({ exactMatch: 0, f1: expect.closeTo(4 / 7, 9), contained: 1 });
    expect(scoreArmAnswer(answer('none', 'Seventy'), item)).toEqual({
      exactMatch: 0,
      f1: 0,
      contained: 0,
    });
  });

  it('scores a failed answer as empty, even if text had streamed before the failure', () => {
    const failed = answer('rag', '62 euros', { error: 'The model stopped answering.' });
    expect(scoreArmAnswer(failed, item)).toEqual({
      exactMatch: 0,
      f1: 0,
      contained: 0,
      hit: 1,
      recall: 1,
    });
  });

  it('finds a gold passage among the sources when the item names no document', () => {
    const passageItem: QuestionItem = {
      id: 'q2',
      question: 'Who books hotels?',
      answers: ['the travel office'],
      goldPassage: 'Hotels are booked by the travel office, never by the employee.',
    };
    const miss = answer('rag', 'the travel office');
    expect(scoreArmAnswer(miss, passageItem)).toMatchObject({ exactMatch: 1, hit: 0, recall: 0 });
    const found = answer('rag', 'the travel office', {
      sources: [
        source('travel.md', 'Hotels are booked by the travel office, never by the employee.'),
      ],
    });
    expect(scoreArmAnswer(found, passageItem)).toMatchObject({ hit: 1, recall: 1 });
  });
});
