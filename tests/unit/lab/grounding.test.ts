// groundAnswer: each sentence of an answer scored by the share of its content words the best
// source holds; citations neither add nor take away support; the threshold is inclusive.
import { describe, expect, it } from 'vitest';
import { groundAnswer, SUPPORT_THRESHOLD } from '../../../src/lib/lab/grounding';

const PER_DIEM = { n: 1, text: 'The daily meal allowance (per diem) is 62 euros.' };
const HOTELS = { n: 2, text: 'Hotels are booked by the travel office, never by the employee.' };
const SOURCES = [PER_DIEM, HOTELS];

describe('groundAnswer', () => {
  it('marks sentences a source supports and those none does', () => {
    const answer =
      'The per diem is 62 euros [1]. Hotels are booked by the travel office [2]. Pets may fly in the cabin.';
    const grounding = groundAnswer(answer, SOURCES);
    expect(grounding.sentences.map((s) => [s.text, s.support, s.sourceN, s.supported])).toEqual([
      ['The per diem is 62 euros [1].', 1, 1, true],
      ['Hotels are booked by the travel office [2].', 1, 2, true],
      ['Pets may fly in the cabin.', 0, undefined, false],
    ]);
    expect(grounding.supportedShare).toBeCloseTo(2 / 3, 10);
    for (const s of grounding.sentences) expect(answer.slice(s.start, s.end)).toBe(s.text);
    expect('sourceN' in grounding.sentences[2]!).toBe(false);
  });

  it('names the best source, whichever the sentence cites', () => {
    const cited = groundAnswer('The per diem is 62 euros [2].', SOURCES).sentences[0]!;
    const uncited = groundAnswer('The per diem is 62 euros.', SOURCES).sentences[0]!;
    const right = groundAnswer('The per diem is 62 euros [1].', SOURCES).sentences[0]!;
    expect(cited).toMatchObject({ support: 1, sourceN: 1, supported: true });
    expect(uncited).toMatchObject({ support: 1, sourceN: 1, supported: true });
    expect(right).toMatchObject({ support: 1, sourceN: 1, supported: true });
  });

  it('does not count a citation’s number as a word of the claim', () => {
    // "62" is in source 1, but here it is only a citation mark.
    const s = groundAnswer('Trains run hourly [62].', SOURCES).sentences[0]!;
    expect(s.support).toBe(0);
    expect(s.sourceN).toBeUndefined();
    expect(s.supported).toBe(false);
  });

  it('keeps a citation written after the full stop with its sentence', () => {
    const answer = 'The per diem is 62 euros. [1] Hotels are booked by the travel office.';
    const { sentences } = groundAnswer(answer, SOURCES);
    expect(sentences.map((s) => s.text)).toEqual([
      'The per diem is 62 euros. [1]',
      'Hotels are booked by the travel office.',
    ]);
    expect(sentences.map((s) => s.sourceN)).toEqual([1, 2]);
  });

  it('counts a share exactly at the threshold as supported, and just below as not', () => {
    expect(SUPPORT_THRESHOLD).toBe(0.6);
    // daily, meal, allowance | covers, breakfast: 3 of 5.
    const at = groundAnswer('Daily meal allowance covers breakfast.', SOURCES).sentences[0]!;
    expect(at.support).toBe(0.6);
    expect(at.supported).toBe(true);
    // daily, meal, allowance, euros | cover, breakfast, lunch: 4 of 7.
    const below = groundAnswer('Daily meal allowance euros cover breakfast lunch.', SOURCES)
      .sentences[0]!;
    expect(below.support).toBeCloseTo(4 / 7, 10);
    expect(below.supported).toBe(false);
    expect(below.sourceN).toBe(1);
  });

  it('prefers the first of equally good sources', () => {
    const twin = { n: 5, text: PER_DIEM.text };
    const s = groundAnswer('The per diem is 62 euros.', [twin, PER_DIEM]).sentences[0]!;
    expect(s.sourceN).toBe(5);
  });

  it('gives an empty answer no sentences and a share of 0', () => {
    expect(groundAnswer('', SOURCES)).toEqual({ sentences: [], supportedShare: 0 });
    expect(groundAnswer('  \n ', SOURCES)).toEqual({ sentences: [], supportedShare: 0 });
  });

  it('supports nothing without sources, and nothing in a sentence of stop words only', () => {
    const none = groundAnswer('The per diem is 62 euros.', []);
    expect(none.sentences[0]).toMatchObject({ support: 0, supported: false });
    expect(none.supportedShare).toBe(0);
    const empty = groundAnswer('It is what it is.', SOURCES);
    expect(empty.sentences[0]).toMatchObject({ support: 0, supported: false });
  });
});
