// Search over the library: keyword (BM25) and vector (cosine) candidates, fused for hybrid,
// thresholded on cosine similarity, then joined with their chunk records for display.
import type { Embedder } from '../embed/Embedder';
import { toRagtuneError } from '../errors';
import type { Reranker } from '../rerank/Reranker';
import { convexFusion, reciprocalRankFusion } from '../search/fuse';
import type { KeywordHit } from '../search/keywordIndex';
import { DOC_WEIGHT } from '../search/twoLevel';
import type { VectorIndex } from '../search/VectorIndex';
import type { SearchResponse } from './protocol';
import type { SearchHit } from '../search/searchHit';
import type { ChunkRecord, SearchSettings } from './types';

/**
 * How many candidates each side hands to fusion before top-k is taken (the default of the
 * `candidates` setting): deep enough that a query's chunks cover many distinct documents.
 */
export const CANDIDATES = 500;
/** How many of the best fused candidates the cross-encoder reads when reranking is on. */
export const RERANK_DEPTH = 30;

export interface SearchParts {
  /** Chunk keyword search; a two-level index fuses each chunk's document score in (docWeight). */
  keyword: {
    search(query: string, depth: number, docWeight?: number, withTerms?: boolean): KeywordHit[];
    /**
     * The matchedTerms search would give these ids. When present, search runs without terms and
     * only the hits shown get theirs (the same lists, computed for ~10 hits instead of 500).
     */
    matchedTerms?(query: string, ids: readonly string[]): string[][];
  };
  vectors: VectorIndex | null;
  embedder: Embedder | null;
  /** Loads (once) and returns the reranker, or throws why it cannot. */
  reranker?: () => Promise<Reranker>;
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
  rerankScore?: number;
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

  const depth = Math.max(settings.candidates ?? CANDIDATES, settings.topK);
  const docWeight = settings.docWeight ?? DOC_WEIGHT;
  const deferTerms = parts.keyword.matchedTerms !== undefined;
  const keywordHits =
    mode === 'vector' ? [] : parts.keyword.search(query, depth, docWeight, !deferTerms);
  const t1 = performance.now();
  let queryVector: Float32Array | undefined;
  let vectorHits: { id: string; score: number }[] = [];
  let t2 = t1;
  if (mode !== 'keyword' && parts.embedder && parts.vectors) {
    queryVector = await parts.embedder.embed([query], 'query');
    t2 = performance.now();
    vectorHits = parts.vectors.search(queryVector, depth);
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
    const w = Math.min(1, Math.max(0, settings.fusionWeight ?? 0.5));
    const fused =
      settings.fusion === 'convex'
        ? convexFusion([keywordHits, vectorHits], [1 - w, w])
        : reciprocalRankFusion([keywordHits, vectorHits]);
    ranked = fused.map((f) => Object.assign(get(f.id), { fusedScore: f.score, score: f.score }));
  } else if (mode === 'vector') {
    ranked = vectorHits.map((h) => Object.assign(get(h.id), { score: h.score }));
  } else {
    ranked = keywordHits.map((h) => Object.assign(get(h.id), { score: h.score }));
  }
  // A hybrid search's keyword-only candidates get their exact cosine too: all of them when a
  // threshold applies (one threshold for all), else only those shown (the same values).
  const addCosines = (candidates: readonly Candidate[]) => {
    if (mode !== 'hybrid' || !queryVector || !parts.vectors?.scoreIds) return;
    const missing = candidates.filter((c) => c.vectorScore === undefined).map((c) => c.id);
    for (const [id, score] of parts.vectors.scoreIds(queryVector, missing))
      get(id).vectorScore = score;
  };
  const thresholded = mode !== 'keyword' && settings.threshold > 0;
  if (thresholded) {
    addCosines(ranked);
    ranked = ranked.filter((c) => (c.vectorScore ?? -1) >= settings.threshold);
  }
  const rerank = settings.rerank && parts.reranker !== undefined;
  const pool = ranked.slice(0, rerank ? Math.max(RERANK_DEPTH, settings.topK) : settings.topK);
  if (!thresholded) addCosines(pool);
  if (deferTerms && parts.keyword.matchedTerms) {
    const fromKeyword = pool.filter((c) => c.keywordRank !== undefined);
    const terms = parts.keyword.matchedTerms(
      query,
      fromKeyword.map((c) => c.id),
    );
    fromKeyword.forEach((c, i) => (c.matchedTerms = terms[i] ?? []));
  }
  const t4 = performance.now();

  const records = await parts.getChunks(pool.map((c) => c.id));
  const readMs = performance.now() - t4;
  const found = pool.flatMap((c, i) => (records[i] ? [{ c, r: records[i] }] : []));
  let rerankMs = 0;
  let rerankNotice: string | undefined;
  if (rerank && parts.reranker && found.length > 0) {
    const t5 = performance.now();
    try {
      const reranker = await parts.reranker();
      const scores = await reranker.rerank(
        query,
        found.map(({ r }) => r.text),
      );
      found.forEach(({ c }, i) => (c.score = c.rerankScore = scores[i] ?? -Infinity));
      found.sort((a, b) => b.c.score - a.c.score);
    } catch (error) {
      rerankNotice = `Reranking is unavailable, so results keep their ${mode} order: ${toRagtuneError(error).message}`;
    }
    rerankMs = performance.now() - t5;
  }
  const hits: SearchHit[] = found.slice(0, settings.topK).map(({ c, r }) => ({
    chunkId: r.id,
    docId: r.docId,
    docName: parts.docName(r.docId),
    text: r.text,
    start: r.start,
    end: r.end,
    ...(r.tableHeaderChars ? { tableHeaderChars: r.tableHeaderChars } : {}),
    headingPath: r.headingPath,
    page: r.page,
    score: c.score,
    keywordScore: c.keywordScore,
    vectorScore: c.vectorScore,
    fusedScore: c.fusedScore,
    rerankScore: c.rerankScore,
    keywordRank: c.keywordRank,
    vectorRank: c.vectorRank,
    matchedTerms: c.matchedTerms,
  }));
  const total = performance.now() - t0;
  return {
    hits,
    mode,
    notice: rerankNotice ?? notice,
    timings: {
      keywordMs: t1 - t0,
      embedMs: t2 - t1,
      vectorMs: t3 - t2,
      fuseMs: t4 - t3,
      readMs,
      rerankMs,
      totalMs: total,
    },
  };
}
