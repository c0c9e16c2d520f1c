// Marking a result's matched words: one rule for plain text and for rendered Markdown.
import { describe, expect, it } from 'vitest';
import { splitByTerms, termPattern } from '../../../src/lib/render/termPattern';

describe('splitByTerms', () => {
  it('marks words that start with a term, in any case, and keeps every character', () => {
    const parts = splitByTerms('Ferries: the FERRY leaves; a ferryman waves.', ['ferr']);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['Ferries', 'FERRY', 'ferryman']);
    expect(parts.map((p) => p.text).join('')).toBe('Ferries: the FERRY leaves; a ferryman waves.');
  });

  it('ignores one-letter terms and treats regex characters as text', () => {
    expect(termPattern(['a', ' '])).toBeUndefined();
    expect(splitByTerms('a.b and c+d', ['c+d'])).toEqual([
      { text: 'a.b and ', hit: false },
      { text: 'c+d', hit: true },
    ]);
    expect(splitByTerms('nothing here', [])).toEqual([{ text: 'nothing here', hit: false }]);
  });
});
