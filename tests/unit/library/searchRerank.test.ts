// searchLibrary with a reranker: the cross-encoder's scores decide the final order (a reranker that
// reverses the keyword order reverses the results), it reads deeper than top k, and a failing one
// keeps the first-stage order with a notice.
import { describe, expect, it } from 'vitest';
import { searchLibrary, type SearchParts } from '../../../src/lib/library/search';
import type { ChunkRecord, SearchSettings } from '../../../src/lib/library/types';
import type { Reranker } from '../../../src/lib/rerank/Reranker';
import { KeywordIndex } from '../../../src/lib/search/keywordIndex';

// BM25 for "harbour": the shorter text and the one with more occurrences rank higher.
const TEXTS: Record<string, string> = {
  a: 'Harbour harbour harbour.',
  b: 'The harbour harbour opens at dawn for the fishing boats.',
  c: 'The harbour opens at dawn; fishing boats leave before the ferries arrive.',
  d: 'Old maps show the harbour, the lighthouse, the fish market and the long pier by the sea wall.',
};

function parts(reranker?: Reranker): SearchParts & { reranked: string[][] } {
  const keyword = new KeywordIndex();
  keyword.add(Object.entries(TEXTS).map(([id, text]) => ({ id, text })));
  const record = (id: string): ChunkRecord => {
    const text = TEXTS[id]!;
    return {
      id,
      docId: `doc-${id}`,
      ordinal: 0,
      text,
      start: 0,
      end: text.length,
      headingPath: [],
      tokens: 1,
    };
  };
  const reranked: string[][] = [];
  return {
    keyword,
    vectors: null,
    embedder: null,
    ...(reranker ? { reranker: async () => reranker } : {}),
    docName: (docId) => `${docId}.txt`,
    getChunks: async (ids) => ids.map((id) => (TEXTS[id] === undefined ? undefined : record(id))),
    reranked,
  };
}

/** Scores each passage by its position from the end: the last passage read gets the best score. */
function reversingReranker(seen: string[][]): Reranker {
  return {
    spec: {
      id: 'test/reverse',
      label: 'reverse',
      downloadMB: 0,
      languages: 'any',
      description: 'test',
      maxTokens: 512,
      dtype: { webgpu: 'fp32', wasm: 'fp32' },
    },
    device: 'wasm',
    async rerank(_query, passages) {
      seen.push(passages);
      return passages.map((_, i) => i);
    },
    async dispose() {},
  };
}

const settings = (rerank: boolean, topK = 4): SearchSettings => ({
  mode: 'keyword',
  topK,
  threshold: 0,
  rerank,
});
const ids = (hits: { docId: string }[]) => hits.map((h) => h.docId.replace('doc-', ''));

describe('searchLibrary with a reranker', () => {
  it('orders the results by the reranker’s scores, not the first stage’s', async () => {
    const seen: string[][] = [];
    const p = parts(reversingReranker(seen));
    const plain = await searchLibrary(p, 'harbour', settings(false));
    expect(ids(plain.hits)).toEqual(['a', 'b', 'c', 'd']);
    expect(plain.hits.every((h) => h.rerankScore === undefined)).toBe(true);

    const reranked = await searchLibrary(p, 'harbour', settings(true));
    expect(ids(reranked.hits)).toEqual(['d', 'c', 'b', 'a']);
    // The reranker read the passages in the first stage's order; its score is each hit's score.
    expect(seen).toEqual([['a', 'b', 'c', 'd'].map((id) => TEXTS[id])]);
    expect(reranked.hits.map((h) => h.rerankScore)).toEqual([3, 2, 1, 0]);
    expect(reranked.hits.map((h) => h.score)).toEqual([3, 2, 1, 0]);
    // The first stage's own figures stay on each hit.
    expect(reranked.hits.map((h) => h.keywordRank)).toEqual([4, 3, 2, 1]);
  });

  it('reads deeper than top k, so a passage below the cut can rise into it', async () => {
    const p = parts(reversingReranker([]));
    const plain = await searchLibrary(p, 'harbour', settings(false, 2));
    expect(ids(plain.hits)).toEqual(['a', 'b']);
    const reranked = await searchLibrary(p, 'harbour', settings(true, 2));
    expect(ids(reranked.hits)).toEqual(['d', 'c']);
  });

  it('keeps the first stage’s order and says why when the reranker cannot load', async () => {
    const p = parts();
    p.reranker = () => Promise.reject(new Error('no such model'));
    const response = await searchLibrary(p, 'harbour', settings(true));
    expect(ids(response.hits)).toEqual(['a', 'b', 'c', 'd']);
    expect(response.notice).toMatch(
      /^Reranking is unavailable, so results keep their keyword order/,
    );
  });
});
