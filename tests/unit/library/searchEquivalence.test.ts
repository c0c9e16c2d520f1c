// searchLibrary's faster path (keyword hits without highlighting terms, terms and keyword-only
// cosines computed only for the hits shown when no threshold needs them all) against the
// straightforward one written out below (terms and cosines for every candidate, then threshold,
// then top k): the same hits, in the same order, with the same scores, ranks and matched terms, on
// a few hundred queries over a generated corpus (frequent words included), for every mode and
// both fusion methods.
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../../src/lib/embed/Embedder';
import { CANDIDATES, searchLibrary, type SearchParts } from '../../../src/lib/library/search';
import { syntheticDocuments } from '../../../src/lib/library/synthetic';
import type { ChunkRecord, SearchSettings } from '../../../src/lib/library/types';
import { convexFusion, reciprocalRankFusion } from '../../../src/lib/search/fuse';
import { QuantisedIndex } from '../../../src/lib/search/quantisedIndex';
import { DOC_WEIGHT, TwoLevelIndex } from '../../../src/lib/search/twoLevel';
import { seededRandom } from '../../../src/lib/seededRandom';

const DIM = 32;
const keyword = new TwoLevelIndex();
const vectors = new QuantisedIndex(DIM);
const records = new Map<string, ChunkRecord>();
let firstText = '';
for (const doc of syntheticDocuments({
  chunks: 4000,
  dim: DIM,
  model: 'test',
  chunksPerDoc: 40,
  wordsPerChunk: 30,
})) {
  firstText ||= doc.text;
  keyword.add(doc.chunks);
  if (doc.vectors)
    vectors.add(
      doc.chunks.map((c) => c.id),
      doc.vectors.vectors,
    );
  for (const c of doc.chunks) records.set(c.id, c);
}
// Words of the first document: the generator's Zipf skew makes many of them frequent.
const words = firstText.split(/\W+/).filter(Boolean);
const queries = Array.from({ length: 240 }, (_, i) =>
  Array.from({ length: 1 + (i % 3) }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(' '),
);
const rand = seededRandom(3);
const queryVectors = new Map(
  queries.map((q) => {
    const v = Float32Array.from({ length: DIM }, () => rand() * 2 - 1);
    const norm = Math.hypot(...v);
    return [q, v.map((x) => x / norm)] as const;
  }),
);
const embedder = {
  embed: async ([text]: string[]) => queryVectors.get(text ?? '') as Float32Array,
} as unknown as Embedder;

const parts: SearchParts = {
  keyword,
  vectors,
  embedder,
  docName: (id) => id,
  getChunks: async (ids) => ids.map((id) => records.get(id)),
};

interface Expected {
  chunkId: string;
  score: number;
  keywordScore?: number;
  vectorScore?: number;
  fusedScore?: number;
  keywordRank?: number;
  vectorRank?: number;
  matchedTerms: string[];
}

/** The search as first written: every candidate gets its terms and cosine, then threshold, top k. */
function straightforward(query: string, settings: SearchSettings): Expected[] {
  const depth = Math.max(settings.candidates ?? CANDIDATES, settings.topK);
  const queryVector = queryVectors.get(query) as Float32Array;
  const kw =
    settings.mode === 'vector'
      ? []
      : keyword.search(query, depth, settings.docWeight ?? DOC_WEIGHT);
  const vh = settings.mode === 'keyword' ? [] : vectors.search(queryVector, depth);
  const byId = new Map<string, Expected>();
  const get = (id: string) => {
    if (!byId.has(id)) byId.set(id, { chunkId: id, score: 0, matchedTerms: [] });
    return byId.get(id) as Expected;
  };
  kw.forEach((h, i) =>
    Object.assign(get(h.id), {
      keywordScore: h.score,
      keywordRank: i + 1,
      matchedTerms: h.matchedTerms,
    }),
  );
  vh.forEach((h, i) => Object.assign(get(h.id), { vectorScore: h.score, vectorRank: i + 1 }));
  let ranked: Expected[];
  if (settings.mode === 'hybrid') {
    const w = settings.fusionWeight ?? 0.5;
    const fused =
      settings.fusion === 'convex'
        ? convexFusion([kw, vh], [1 - w, w])
        : reciprocalRankFusion([kw, vh]);
    ranked = fused.map((f) => Object.assign(get(f.id), { fusedScore: f.score, score: f.score }));
    const cosines = vectors.scoreIds(
      queryVector,
      ranked.filter((c) => c.vectorScore === undefined).map((c) => c.chunkId),
    );
    for (const [id, score] of cosines) get(id).vectorScore = score;
  } else {
    ranked = (settings.mode === 'vector' ? vh : kw).map((h) =>
      Object.assign(get(h.id), { score: h.score }),
    );
  }
  if (settings.mode !== 'keyword' && settings.threshold > 0) {
    ranked = ranked.filter((c) => (c.vectorScore ?? -1) >= settings.threshold);
  }
  return ranked.slice(0, settings.topK);
}

const settingsList: SearchSettings[] = [
  { mode: 'hybrid', topK: 10, threshold: 0, rerank: false },
  { mode: 'hybrid', topK: 10, threshold: 0.1, rerank: false, fusion: 'convex', fusionWeight: 0.3 },
  { mode: 'keyword', topK: 20, threshold: 0, rerank: false },
  { mode: 'vector', topK: 10, threshold: 0, rerank: false },
];

describe('searchLibrary: terms and cosines for the shown hits only', () => {
  it('returns the same hits as the straightforward search', async () => {
    let withTerms = 0;
    let keywordOnly = 0;
    for (const settings of settingsList) {
      for (const query of queries) {
        const fast = await searchLibrary(parts, query, settings);
        expect(fast.mode).toBe(settings.mode);
        const got = fast.hits.map((h) => ({
          chunkId: h.chunkId,
          score: h.score,
          keywordScore: h.keywordScore,
          vectorScore: h.vectorScore,
          fusedScore: h.fusedScore,
          keywordRank: h.keywordRank,
          vectorRank: h.vectorRank,
          matchedTerms: h.matchedTerms,
        }));
        const want = straightforward(query, settings).map((c) => ({
          chunkId: c.chunkId,
          score: c.score,
          keywordScore: c.keywordScore,
          vectorScore: c.vectorScore,
          fusedScore: c.fusedScore,
          keywordRank: c.keywordRank,
          vectorRank: c.vectorRank,
          matchedTerms: c.matchedTerms,
        }));
        expect(got).toEqual(want);
        keywordOnly += fast.hits.filter(
          (h) => h.vectorRank === undefined && h.vectorScore !== undefined,
        ).length;
        withTerms += fast.hits.filter((h) => h.matchedTerms.length > 0).length;
      }
    }
    expect(withTerms).toBeGreaterThan(1000); // terms were really compared, not only empty lists
    expect(keywordOnly).toBeGreaterThan(100); // and cosines of keyword-only hits
  });
});
