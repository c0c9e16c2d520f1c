// searchLibrary's faster path (keyword hits without highlighting terms; terms computed only for
// the hits shown) against the straightforward one (terms for every keyword candidate): the same
// hits, in the same order, with the same scores, ranks and matched terms, on a few hundred queries
// over a generated corpus (frequent words included), for every mode and both fusion methods.
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../../src/lib/embed/Embedder';
import { searchLibrary, type SearchParts } from '../../../src/lib/library/search';
import { syntheticDocuments } from '../../../src/lib/library/synthetic';
import type { ChunkRecord, SearchSettings } from '../../../src/lib/library/types';
import { QuantisedIndex } from '../../../src/lib/search/quantisedIndex';
import { TwoLevelIndex } from '../../../src/lib/search/twoLevel';
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

const parts = (withDeferredTerms: boolean): SearchParts => ({
  // Without matchedTerms, searchLibrary takes every keyword hit's terms from search (as before).
  keyword: withDeferredTerms
    ? keyword
    : { search: (query, depth, docWeight) => keyword.search(query, depth, docWeight) },
  vectors,
  embedder,
  docName: (id) => id,
  getChunks: async (ids) => ids.map((id) => records.get(id)),
});

const settingsList: SearchSettings[] = [
  { mode: 'hybrid', topK: 10, threshold: 0, rerank: false },
  { mode: 'hybrid', topK: 10, threshold: 0.1, rerank: false, fusion: 'convex', fusionWeight: 0.3 },
  { mode: 'keyword', topK: 20, threshold: 0, rerank: false },
  { mode: 'vector', topK: 10, threshold: 0, rerank: false },
];

describe('searchLibrary: matched terms for the shown hits only', () => {
  it('returns the same hits as computing terms for every keyword candidate', async () => {
    let withTerms = 0;
    for (const settings of settingsList) {
      for (const query of queries) {
        const fast = await searchLibrary(parts(true), query, settings);
        const plain = await searchLibrary(parts(false), query, settings);
        expect(fast.mode).toBe(settings.mode);
        expect(fast.hits).toEqual(plain.hits);
        withTerms += fast.hits.filter((h) => h.matchedTerms.length > 0).length;
      }
    }
    expect(withTerms).toBeGreaterThan(1000); // terms were really compared, not only empty lists
  });
});
