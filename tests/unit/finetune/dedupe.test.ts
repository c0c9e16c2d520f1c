// Deduplication by normalised question: case, punctuation, symbols, width and spacing do not make
// a new question; the first pair is kept, across chunks too (else the answer leaks into the test).
import { describe, expect, it } from 'vitest';
import { dedupePairs, normaliseQuestion } from '../../../src/lib/finetune/dedupe';
import { samplePairs } from './pairs';

describe('dedupe', () => {
  it('reads questions the same whatever their case, punctuation, width and spacing', () => {
    expect(normaliseQuestion('  What is the PER-DIEM?! ')).toBe('what is the per diem');
    expect(normaliseQuestion('What　is the per diem？')).toBe('what is the per diem');
    expect(normaliseQuestion('Ｗhat is\tthe per\n diem')).toBe('what is the per diem');
    expect(normaliseQuestion('Is it 30 € per km?')).toBe('is it 30 per km');
    expect(normaliseQuestion('per diem')).not.toBe(normaliseQuestion('per day'));
  });

  it('keeps the first of each question, also when the repeat comes from another chunk', () => {
    const [a, b, c] = samplePairs();
    const repeat = { ...a!, id: 'again', chunkId: 'kettle#2', question: 'what is the per-diem' };
    const { kept, duplicates } = dedupePairs([a!, b!, repeat, c!]);
    expect(kept.map((p) => p.id)).toEqual([a!.id, b!.id, c!.id]);
    expect(duplicates.map((p) => p.id)).toEqual(['again']);
  });
});
