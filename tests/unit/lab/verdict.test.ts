// The comparison's at-a-glance verdict: documents used or not, grounded share, times and the
// context tax against the same model with no documents.
import { describe, expect, it } from 'vitest';
import type { ChatSource } from '../../../src/lib/chat/types';
import { armKey, type Arm, type ArmAnswer } from '../../../src/lib/lab/types';
import { comparisonVerdict } from '../../../src/lib/lab/verdict';
import { QWEN, TINY, arm } from './arms';
import { statsOf } from '../generate/fakeAnswer';

const SOURCE: ChatSource = {
  n: 1,
  chunkId: 'd#0',
  docId: 'd',
  docName: 'policy.md',
  score: 1,
  text: 'The daily meal allowance (per diem) is 62 euros for every travelling employee.',
  headingPath: [],
};

function answer(a: Arm, text: string, promptTokens: number, sources: ChatSource[] = []): ArmAnswer {
  return {
    armKey: armKey(a),
    arm: a,
    text,
    modelId: a.model.id,
    prompt: [],
    sources,
    prepareMs: 3,
    stats: statsOf(a.model.id, {
      promptTokens,
      completionTokens: 9,
      timeToFirstTokenMs: 120,
      totalMs: 900,
      timingSource: 'client',
    }),
  };
}

describe('comparisonVerdict', () => {
  const verdict = comparisonVerdict({
    answers: [
      answer(arm(TINY, 'none'), 'I do not know the allowance.', 40),
      answer(arm(TINY, 'rag'), 'The daily meal allowance (per diem) is 62 euros.', 240, [SOURCE]),
      answer(arm(QWEN, 'rag'), 'Bananas are yellow and grow in bunches on tall plants.', 300, [
        SOURCE,
      ]),
      answer(arm(QWEN, 'full'), 'No answer.', 500, []),
    ],
  });

  it('says whether each answer came from the documents, with the grounded share', () => {
    expect(verdict.map((v) => v.use)).toEqual([
      'none-given',
      'from-documents',
      'mostly-not',
      'nothing-found',
    ]);
    expect(verdict[0]!.grounded).toBeUndefined();
    expect(verdict[1]!.grounded).toBe(1);
    expect(verdict[2]!.grounded).toBe(0);
  });

  it('measures the context tax against the same model with no documents, else gives none', () => {
    expect(verdict[0]!.contextTax).toBeUndefined();
    expect(verdict[1]!.contextTax).toBe(200);
    // Qwen has no no-documents arm here: no baseline, no tax claimed.
    expect(verdict[2]!.contextTax).toBeUndefined();
  });

  it('carries the times and labels the model that answered', () => {
    expect(verdict[1]).toMatchObject({ ttftMs: 120, totalMs: 900, promptTokens: 240 });
    expect(verdict[1]!.label).toBe('tiny-lm · RAG');
  });
});
