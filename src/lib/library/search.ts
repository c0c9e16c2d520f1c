// Search over the library: keyword (BM25) and vector (cosine) candidates, fused for hybrid,
// thresholded on cosine similarity, then joined with their chunk records for display.
import type { Embedder } from '../embed/Embedder';
import { reciprocalRankFusion } from '../search/fuse';
import type { KeywordIndex } from '../search/keywordIndex';
import type { VectorIndex } from '../search/VectorIndex';
import type { SearchResponse } from './protocol';
import type { ChunkRecord, SearchHit, SearchSettings } from './types';

/** How many candidates each side hands to fusion before top-k is taken. */
export const CANDIDATES = 100;

export interface SearchParts {
  keyword: KeywordIndex;
  vectors: VectorIndex | null;
  embedder: Embedder | null;
  docName: (docId: string) => string;
  getChunks: (ids: string[]) => Promise<(ChunkRecord | undefined)[]>;
}

interface Candidate {
  id: string;
  score: number;
  keywordScore?: number;
  keywordRank?: number;
  vectorScore?: number;
  vectorRank?: number;
  fusedScore?: number;
  matchedTerms: string[];
}

export async function searchLibrary(
  parts: SearchParts,
  query: string,
  settings: SearchSettings,
): Promise<SearchResponse> {
  const t0 = performance.now();
  const canVector = parts.embedder !== null && parts.vectors !== null && parts.vectors.size > 0;
  const mode = settings.mode !== 'keyword' && !canVector ? 'keyword' : settings.mode;
  const notice =
    mode !== settings.mode
      ? 'No embedding model is ready, so this is a keyword search. Load a model in Settings for vector and hybrid search.'
      : undefined;

  const keywordHits = mode === 'vector' ? [] : parts.keyword.search(query, CANDIDATES);
  const t1 = performance.now();
  let queryVector: Float32Array | undefined;
  let vectorHits: { id: string; score: number }[] = [];
  let t2 = t1;
  if (mode !== 'keyword' && parts.embedder && parts.vectors) {
    queryVector = await parts.embedder.embed([query], 'query');
    t2 = performance.now();
    vectorHits = parts.vectors.search(queryVector, CANDIDATES);
  }
  const t3 = performance.now();

  const byId = new Map<string, Candidate>();
  const get = (id: string): Candidate => {
    let c = byId.get(id);
    if (!c) byId.set(id, (c = { id, score: 0, matchedTerms: [] }));
    return c;
  };
  keywordHits.forEach((h, rank) =>
    Object.assign(get(h.id), {
      keywordScore: h.score,
      keywordRank: rank + 1,
      matchedTerms: h.matchedTerms,
    }),
  );
  vectorHits.forEach((h, rank) =>
    Object.assign(get(h.id), { vectorScore: h.score, vectorRank: rank + 1 }),
  );

  let ranked: Candidate[];
  if (mode === 'hybrid') {
    ranked = reciprocalRankFusion([keywordHits, vectorHits]).map((f) =>
      Object.assign(get(f.id), { fusedScore: f.score, score: f.score }),
    );
    // Keyword-only candidates get their exact cosine too, so one threshold applies to all.
    if (queryVector && parts.vectors?.scoreIds) {
      const missing = ranked.filter((c) => c.vectorScore === undefined).map((c) => c.id);
      for (const [id, score] of parts.vectors.scoreIds(queryVector, missing))
        get(id).vectorScore = score;
    }
  } else if (mode === 'vector') {
    ranked = vectorHits.map((h) => Object.assign(get(h.id), { score: h.score }));
  } else {
    ranked = keywordHits.map((h) => Object.assign(get(h.id), { score: h.score }));
  }
  if (mode !== 'keyword' && settings.threshold > 0) {
    ranked = ranked.filter((c) => (c.vectorScore ?? -1) >= settings.threshold);
  }
  const top = ranked.slice(0, settings.topK);
  const t4 = performance.now();

  const records = await parts.getChunks(top.map((c) => c.id));
  const hits: SearchHit[] = [];
  top.forEach((c, i) => {
    const r = records[i];
    if (!r) return;
    hits.push({
      chunkId: r.id,
      docId: r.docId,
      docName: parts.docName(r.docId),
      text: r.text,
      start: r.start,
      end: r.end,
      headingPath: r.headingPath,
      page: r.page,
      score: c.score,
      keywordScore: c.keywordScore,
      vectorScore: c.vectorScore,
      fusedScore: c.fusedScore,
      keywordRank: c.keywordRank,
      vectorRank: c.vectorRank,
      matchedTerms: c.matchedTerms,
    });
  });
  const total = performance.now() - t0;
  return {
    hits,
    mode,
    notice,
    timings: {
      keywordMs: t1 - t0,
      embedMs: t2 - t1,
      vectorMs: t3 - t2,
      fuseMs: t4 - t3,
      totalMs: total,
    },
  };
}
