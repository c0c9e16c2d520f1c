// searchSummary: the phrase the Retrieval settings and the line under a chat answer use. Settings
// at their defaults go unsaid; the rest are named, so the words say what ran.
import { describe, expect, it } from 'vitest';
import { rankingSummary, searchSummary } from '../../../src/lib/library/searchWords';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';

const base = DEFAULT_SETTINGS.search;

describe('searchSummary', () => {
  it('says the mode, the fusion and the top k of the defaults, and nothing else', () => {
    expect(searchSummary(base)).toBe('hybrid search (RRF), top 5');
  });

  it('names every setting away from its default', () => {
    expect(
      searchSummary({
        ...base,
        fusion: 'convex',
        fusionWeight: 0.3,
        topK: 3,
        threshold: 0.25,
        rerank: true,
        docWeight: 0.7,
        candidates: 800,
      }),
    ).toBe(
      'hybrid search (weighted scores, vector 0.30), top 3, similarity ≥ 0.25, reranked, document weight 0.70, 800 candidates',
    );
  });

  it('leaves out what a mode does not use', () => {
    // Keyword search has no similarity floor and no fusion; vector search has no document weight.
    expect(searchSummary({ ...base, mode: 'keyword', threshold: 0.4, fusion: 'convex' })).toBe(
      'keyword search, top 5',
    );
    expect(searchSummary({ ...base, mode: 'vector', docWeight: 0.9, threshold: 0.4 })).toBe(
      'vector search, top 5, similarity ≥ 0.40',
    );
  });

  it('reads settings saved before the ranking fields existed as their defaults', () => {
    expect(searchSummary({ mode: 'hybrid', topK: 4, threshold: 0, rerank: false })).toBe(
      'hybrid search (RRF), top 4',
    );
  });
});

describe('rankingSummary', () => {
  it('says the fusion, the document weight and the depth, defaults included', () => {
    expect(rankingSummary(base)).toBe(
      'reciprocal rank fusion, document weight 0.50, 500 candidates',
    );
    expect(
      rankingSummary({
        ...base,
        fusion: 'convex',
        fusionWeight: 0.3,
        docWeight: 0,
        candidates: 50,
      }),
    ).toBe('weighted scores (vector 0.30), document weight 0.00, 50 candidates');
  });
});
