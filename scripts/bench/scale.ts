// `npm run bench:scale -- --chunks 10000,100000 [--indexes flat,quantised,voy]`: fills a separate
// library with generated text and vectors, then measures search latency as the page sees it,
// reload-to-first-answer, storage, and per vector index: search, recall@10, adding and deleting.
import { loadavg } from 'node:os';
import {
  DEFAULT_VECTOR_INDEX,
  isVectorIndexKind,
  type VectorIndexKind,
} from '../../src/lib/search/vectorIndexKinds';
import { arg, machine, startBench } from './harness';
import { fillScaleLibrary, percentile, scaleUrl, waitReady } from './scaleLibrary';
import { measureIndexes } from './scaleIndexes';

const sizes = (arg('chunks', '10000,100000') ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const queries = Number(arg('queries', '100'));
/**
 * Chunks stored per import call; by default the whole library in one call (one full keyword
 * snapshot, split into records of at most 32 MB). `--slice 10000` imports in slices instead, as a
 * library filled by several imports would be: a snapshot, then one small segment per slice.
 */
const sliceArg = arg('slice');
/** Voy takes ~30 s and 1.7 GB to build at 100k (BENCHMARKS.md): by default only up to 20k. */
const indexesFor = (size: number): VectorIndexKind[] => {
  const asked = (arg('indexes') ?? (size <= 20_000 ? 'flat,quantised,voy' : 'flat,quantised'))
    .split(',')
    .filter(isVectorIndexKind);
  // The exact scan first: the others' recall is measured against its answers.
  return asked.includes('flat') ? ['flat', ...asked.filter((k) => k !== 'flat')] : asked;
};
const bench = await startBench();
const { page, baseUrl } = bench;
if (process.env.BENCH_DEBUG) page.on('console', (m) => console.error('console:', m.text()));

const url = (size: number) => scaleUrl(baseUrl, size);

try {
  for (const size of sizes) {
    const loadBefore = loadavg()[0] ?? 0;
    await page.goto(url(size));
    await waitReady(page);
    const slice = sliceArg ? Number(sliceArg) : size;
    const filledMs = await fillScaleLibrary(page, size, slice);
    console.error(
      `bench:scale: generated and stored ${size} chunks (${slice} per import) in ${filledMs} ms`,
    );

    // Reload: time from navigation start to the first answered hybrid query (vectors loaded).
    await page.goto('about:blank');
    await page.goto(url(size));
    // The first keyword answer needs only the restored library; the first hybrid answer also
    // needs the embedding model (its runtime starts in parallel) and the vectors.
    const reload = await page.evaluate(async () => {
      while (!globalThis.ragtune) await new Promise((r) => setTimeout(r, 2));
      let keyword = 0;
      for (;;) {
        try {
          const r = await globalThis.ragtune.client.search('kalo miren', {
            mode: 'hybrid',
            topK: 10,
          });
          if (!keyword && r.hits.length > 0) keyword = performance.now();
          if (r.mode === 'hybrid' && r.hits.length > 0)
            return { keyword, hybrid: performance.now() };
        } catch {
          // The worker is still opening the library.
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    const result = await page.evaluate(async (count) => {
      const client = globalThis.ragtune!.client;
      const doc = await client.getDocument('synthetic-1-0');
      const words = (doc?.text ?? 'kalo miren').split(/\W+/).filter(Boolean);
      const search: number[] = [];
      const embed: number[] = [];
      // The worker's clocks per stage, and the rest (messages, structured clone) per query.
      // (No named helper functions in here: tsx would wrap them in its __name, unknown in the page.)
      const stages: Record<string, number[]> = {
        keyword: [],
        vector: [],
        fuse: [],
        read: [],
        worker_total_minus_embed: [],
        messages: [],
      };
      for (let i = 0; i < count; i++) {
        const q = Array.from({ length: 3 }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(
          ' ',
        );
        const t = performance.now();
        const r = await client.search(q, { mode: 'hybrid', topK: 10 });
        const total = performance.now() - t;
        search.push(total - r.timings.embedMs);
        embed.push(r.timings.embedMs);
        stages.keyword!.push(r.timings.keywordMs);
        stages.vector!.push(r.timings.vectorMs);
        stages.fuse!.push(r.timings.fuseMs);
        stages.read!.push(r.timings.readMs ?? 0);
        stages.worker_total_minus_embed!.push(r.timings.totalMs - r.timings.embedMs);
        stages.messages!.push(total - r.timings.totalMs);
      }
      const stats = await client.storageStats();
      return { search, embed, stages, stats };
    }, queries);

    const indexes = await measureIndexes(page, indexesFor(size), queries);
    const chosen = indexes[DEFAULT_VECTOR_INDEX];
    const pct = percentile;
    const line = {
      chunks: size,
      dim: 384,
      vector_index: DEFAULT_VECTOR_INDEX,
      search_p50_ms: +pct(result.search, 50).toFixed(2),
      search_p95_ms: +pct(result.search, 95).toFixed(2),
      query_embed_p50_ms: +pct(result.embed, 50).toFixed(2),
      search_stages_p50_ms: Object.fromEntries(
        Object.entries(result.stages).map(([name, values]) => [name, +pct(values, 50).toFixed(2)]),
      ),
      search_stages_p95_ms: Object.fromEntries(
        Object.entries(result.stages).map(([name, values]) => [name, +pct(values, 95).toFixed(2)]),
      ),
      reload_to_query_ms: Math.round(reload.hybrid),
      reload_to_keyword_query_ms: Math.round(reload.keyword),
      stored_bytes: result.stats.indexedDbBytes,
      raw_bytes: result.stats.rawBytes,
      storage_ratio: +(result.stats.indexedDbBytes / result.stats.rawBytes).toFixed(2),
      recall_at_10: indexes.quantised?.recall_at_10 ?? null,
      add_one_ms: chosen?.add_one_ms ?? null,
      delete_one_ms: chosen?.delete_one_ms ?? null,
      indexes,
      load_average: [loadBefore, loadavg()[0] ?? 0].map((l) => +l.toFixed(2)),
      machine: machine(),
    };
    console.log(JSON.stringify(line));
    await page.evaluate(() => globalThis.ragtune!.client.clearLibrary());
  }
} finally {
  await bench.close();
}
