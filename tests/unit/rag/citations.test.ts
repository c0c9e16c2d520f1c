// Citation parsing ([n], [n, m], [n][m], [n-m], [Source n]) with positions, the rewrite helper,
// sentence splitting for grounding, and the token-overlap support score.
import { describe, expect, it } from 'vitest';
import {
  answerSentences,
  citedSource,
  citationNumbers,
  groundingOverlap,
  parseCitations,
  replaceCitations,
} from '../../../src/lib/rag/citations';

describe('parseCitations', () => {
  it('finds every form with its position and the valid numbers it names', () => {
    const answer =
      'Meals: 62 euros [2]. Trains [1, 3] and hotels [1][3]; all [1-3], see [Source 2].';
    const { marks, cited, uncited } = parseCitations(answer, 4);
    expect(marks.map((m) => [m.raw, m.numbers])).toEqual([
      ['[2]', [2]],
      ['[1, 3]', [1, 3]],
      ['[1]', [1]],
      ['[3]', [3]],
      ['[1-3]', [1, 2, 3]],
      ['[Source 2]', [2]],
    ]);
    for (const mark of marks) expect(answer.slice(mark.start, mark.end)).toBe(mark.raw);
    expect(cited).toEqual([2, 1, 3]);
    expect(uncited).toEqual([4]);
  });

  it('ignores numbers outside 1..n, links, footnotes and year spans', () => {
    const answer = 'See [0], [7], [2, 9], [1](https://a.example), [^1] and [1990-2020].';
    const { marks, cited } = parseCitations(answer, 3);
    expect(marks.map((m) => [m.raw, m.numbers])).toEqual([['[2, 9]', [2]]]);
    expect(cited).toEqual([2]);
    expect(parseCitations('[1]', 0).marks).toEqual([]);
  });

  it('reads separators: commas, semicolons, "and", hyphen and en dash ranges', () => {
    expect(citationNumbers('1; 2 and 4', 5)).toEqual([1, 2, 4]);
    expect(citationNumbers('2–4, 3', 5)).toEqual([2, 3, 4]);
    expect(citationNumbers('4-2', 5)).toEqual([]);
    expect(citationNumbers('1-1000', 3)).toEqual([]);
  });

  it('rewrites citations and keeps the rest of the text', () => {
    const out = replaceCitations('A [1, 2]. B [9]. C [2]', 2, (m) =>
      m.numbers.map((n) => `[^${n}]`).join(''),
    );
    expect(out).toBe('A [^1][^2]. B [9]. C [^2]');
  });
});

describe('grounding helpers', () => {
  it('scores the share of a sentence’s content words found in the source', () => {
    const source = 'The daily meal allowance (per diem) is 62 euros.';
    expect(groundingOverlap('The per diem is 62 euros [1].', source)).toBe(1);
    expect(groundingOverlap('The per diem is 80 euros.', source)).toBeCloseTo(3 / 4);
    expect(groundingOverlap('Hotels are booked by the office.', source)).toBe(0);
    expect(groundingOverlap('It is what it is.', source)).toBe(0);
  });

  it('cuts an answer into sentences with offsets; a trailing citation stays with its sentence', () => {
    const answer = 'The per diem is 62 euros. [2] Hotels are booked by the office [3]. Done';
    const sentences = answerSentences(answer);
    expect(sentences.map((s) => s.text)).toEqual([
      'The per diem is 62 euros. [2]',
      'Hotels are booked by the office [3].',
      'Done',
    ]);
    for (const s of sentences) expect(answer.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('citedSource', () => {
  const sources = [
    { n: 1, docName: 'alpha.md' },
    { n: 2, docName: 'beta.md' },
    { n: 3, docName: 'gamma.md' },
  ];

  it('finds the source a citation button names, not the first one', () => {
    expect(citedSource(sources, '2')?.docName).toBe('beta.md');
    expect(citedSource(sources, '3')?.docName).toBe('gamma.md');
    expect(citedSource(sources, '1')?.docName).toBe('alpha.md');
    // By number, not by place: a list in another order gives the same answer.
    expect(citedSource([...sources].reverse(), '2')?.docName).toBe('beta.md');
    expect(citedSource([...sources].reverse(), '1')?.docName).toBe('alpha.md');
  });

  it('finds nothing for a number no source carries or a button without one', () => {
    expect(citedSource(sources, '0')).toBeUndefined();
    expect(citedSource(sources, '4')).toBeUndefined();
    expect(citedSource(sources, undefined)).toBeUndefined();
    expect(citedSource(sources, '')).toBeUndefined();
    expect(citedSource(sources, '2x')).toBeUndefined();
    expect(citedSource([], '1')).toBeUndefined();
  });
});
