// Search hits for the prompt tests: a small travel policy with one fact per chunk, in the shape
// retrieval returns them (best first).
import type { SearchHit } from '../../../src/lib/search/searchHit';

export function hit(id: string, text: string, extra: Partial<SearchHit> = {}): SearchHit {
  return {
    chunkId: `travel#${id}`,
    docId: 'travel',
    docName: 'Travel policy',
    text,
    start: 0,
    end: text.length,
    headingPath: [],
    score: 0.5,
    matchedTerms: [],
    ...extra,
  };
}

export const PER_DIEM = hit('2', 'The daily meal allowance (per diem) is 62 euros.', {
  headingPath: ['Expenses', 'Meals'],
  page: 3,
  score: 0.91,
  start: 120,
  end: 169,
});
export const TRAINS = hit('1', 'Trips shorter than four hours are made by train.', {
  headingPath: ['Travel'],
  score: 0.42,
});
export const HOTELS = hit('3', 'Hotels are booked by the travel office, never by the employee.', {
  headingPath: ['Travel', 'Hotels'],
  score: 0.3,
});

/** A long source of many sentences, to be cut at a sentence boundary. */
export const LONG = hit(
  '4',
  Array.from(
    { length: 40 },
    (_, i) => `Rule ${i + 1} says that form ${i + 1} is filed on time.`,
  ).join(' '),
  { score: 0.2 },
);

/** One token per word or punctuation mark: a stand-in tokenizer for budget arithmetic. */
export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).length;
}
