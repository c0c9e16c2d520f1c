// `npx tsx scripts/bench/hybridParts.ts [--chunks 100000] [--queries 200]`: where a hybrid search's
// time goes, stage by stage, in Node over bench:scale's generated library (same generator, same
// queries): chunk BM25, document BM25, the two-level fusion, the int8 vector scan, RRF, the exact
// cosines of keyword-only candidates, and the whole searchLibrary (chunk records from memory).
import { loadavg } from 'node:os';
import { searchLibrary } from '../../src/lib/library/search';
import { syntheticDocuments } from '../../src/lib/library/synthetic';
import type { ChunkRecord } from '../../src/lib/library/types';
import type { Embedder } from '../../src/lib/embed/Embedder';
import { reciprocalRankFusion } from '../../src/lib/search/fuse';
import { QuantisedIndex } from '../../src/lib/search/quantisedIndex';
import { TwoLevelIndex } from '../../src/lib/search/twoLevel';
import { seededRandom } from '../../src/lib/seededRandom';
import { arg, machine } from './harness';
import { percentile } from './scaleLibrary';

const total = Number(arg('chunks', '100000'));
const queryCount = Number(arg('queries', '200'));
const DIM = 384;
const DEPTH = 500;
const loadBefore = loadavg()[0] ?? 0;

const keyword = new TwoLevelIndex();
const vectors = new QuantisedIndex(DIM);
const records = new Map<string, ChunkRecord>();
let firstText = '';
const tBuild = performance.now();
for (const doc of syntheticDocuments({ chunks: total, dim: DIM, model: 'bench' })) {
  firstText ||= doc.text;
  keyword.add(doc.chunks);
  if (!doc.vectors) throw new Error('a generated document without vectors');
  vectors.add(
    doc.chunks.map((c) => c.id),
    doc.vectors.vectors,
  );
  for (const c of doc.chunks) records.set(c.id, c);
}
const buildMs = performance.now() - tBuild;

// bench:scale's queries: three words of the first document (frequent words included).
const words = firstText.split(/\W+/).filter(Boolean);
const queries = Array.from({ length: queryCount }, (_, i) =>
  Array.from({ length: 3 }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(' '),
);
const rand = seededRandom(7);
const queryVectors = queries.map(() => {
  const v = new Float32Array(DIM).map(() => rand() * 2 - 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
});
const vectorOf = new Map(queries.map((q, i) => [q, queryVectors[i] as Float32Array]));
const embedder = {
  embed: async ([text]: string[]) => vectorOf.get(text ?? '') as Float32Array,
} as unknown as Embedder;

const stages: Record<string, number[]> = {};
const lap = <T>(name: string, f: () => T): T => {
  const t = performance.now();
  const value = f();
  (stages[name] ??= []).push(performance.now() - t);
  return value;
};

for (let round = 0; round < 2; round++) {
  // Round 0 warms up (JIT, calibration); only round 1 is reported.
  for (const name of Object.keys(stages)) stages[name] = [];
  for (let i = 0; i < queries.length; i++) {
    const query = queries[i] as string;
    const qv = queryVectors[i] as Float32Array;
    lap('chunk_bm25', () => keyword.chunks.search(query, DEPTH));
    lap('doc_bm25', () => keyword.docs.scores(query));
    const kw = lap('keyword_two_level', () => keyword.search(query, DEPTH));
    const vh = lap('vector_int8', () => vectors.search(qv, DEPTH));
    const fused = lap('rrf', () => reciprocalRankFusion([kw, vh]));
    const inVector = new Set(vh.map((h) => h.id));
    const missing = fused.filter((f) => !inVector.has(f.id)).map((f) => f.id);
    lap('score_ids', () => vectors.scoreIds(qv, missing));
    const t = performance.now();
    const response = await searchLibrary(
      {
        keyword,
        vectors,
        embedder,
        docName: (id) => id,
        getChunks: async (ids) => ids.map((id) => records.get(id)),
      },
      query,
      { mode: 'hybrid', topK: 10, threshold: 0, rerank: false },
    );
    (stages.search_library ??= []).push(performance.now() - t);
    const { keywordMs, vectorMs, fuseMs, readMs } = response.timings;
    (stages.in_search_keyword ??= []).push(keywordMs);
    (stages.in_search_vector ??= []).push(vectorMs);
    (stages.in_search_fuse ??= []).push(fuseMs);
    (stages.in_search_read ??= []).push(readMs ?? 0);
  }
}

const summary = Object.fromEntries(
  Object.entries(stages).map(([name, values]) => [
    name,
    {
      p50: +percentile(values, 50).toFixed(2),
      p95: +percentile(values, 95).toFixed(2),
      mean: +(values.reduce((a, b) => a + b, 0) / values.length).toFixed(2),
    },
  ]),
);
console.log(
  JSON.stringify({
    chunks: total,
    queries: queryCount,
    depth: DEPTH,
    build_ms: Math.round(buildMs),
    stages_ms: summary,
    load_average: [loadBefore, loadavg()[0] ?? 0].map((l) => +l.toFixed(2)),
    machine: machine(),
  }),
);
