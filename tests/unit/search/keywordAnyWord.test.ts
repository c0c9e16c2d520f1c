// BM25 scores a chunk that has any of the query's words (OR), ranking one with more of them first:
// a question worded unlike the document still finds the passage that shares one rare word.
import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../../src/lib/search/keywordIndex';

describe('KeywordIndex matches any word of the query', () => {
  it('finds chunks with one of the words, the one with both first', () => {
    const index = new KeywordIndex();
    index.add([
      { id: 'kite', text: 'A kite flies on a long string.' },
      { id: 'harbour', text: 'The harbour crane lifts containers.' },
      { id: 'both', text: 'At the harbour a kite caught the crane.' },
      { id: 'neither', text: 'Bees visit the orchard in spring.' },
    ]);
    const hits = index.search('kite harbour', 10);
    expect(hits[0]?.id).toBe('both');
    expect(hits.map((h) => h.id).sort()).toEqual(['both', 'harbour', 'kite']);
    expect(hits.find((h) => h.id === 'kite')?.matchedTerms).toEqual(['kite']);
  });
});
