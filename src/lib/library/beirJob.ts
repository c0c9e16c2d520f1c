// The library worker's BEIR job: runs a retrieval benchmark through the real library (the pure
// parsing, metrics and result types are in eval/): every corpus entry becomes one
// document, every query is searched per mode, and documents are ranked by their best chunk.
import type { Embedder } from '../embed/Embedder';
import { isCancelled, throwIfAborted } from '../errors';
import { Library } from './Library';
import { yieldToEventLoop } from './ingestDocument';
import type { SearchMode, SearchSettings } from './types';
import type { ChunkingSettings } from '../ingest/types';
import type { LibraryStore } from './LibraryStore';
import type { BeirDataset, BeirModeResult, BeirProgress, BeirReport } from '../eval/beir';
import { mean, ndcgAtK, percentile, recallAtK } from '../eval/metrics';

export interface BeirOptions {
  modes: SearchMode[];
  chunking: ChunkingSettings;
  /** Fusion, candidate depth and document weight (the library's search settings). */
  search?: Partial<SearchSettings>;
  maxQueries?: number;
  signal?: AbortSignal;
  onProgress: (p: BeirProgress) => void;
}

export async function runBeir(
  store: LibraryStore,
  embedder: Embedder | null,
  data: BeirDataset,
  options: BeirOptions,
): Promise<BeirReport> {
  await store.clear();
  const library = await Library.open(store);
  await library.setEmbedder(embedder);
  const encoder = new TextEncoder();
  const t0 = performance.now();
  const nameToId = new Map<string, string>();
  let skipped = 0;
  for (const [i, doc] of data.corpus.entries()) {
    throwIfAborted(options.signal);
    if (i % 25 === 0) options.onProgress({ phase: 'ingest', done: i, total: data.corpus.length });
    const text = doc.title ? `# ${doc.title}\n\n${doc.text}` : doc.text;
    const bytes = encoder.encode(text).buffer as ArrayBuffer;
    // Markdown, so the title becomes the chunk's heading; the BEIR id maps back from the doc id.
    const item = { name: `${doc.id}.md`, bytes, source: 'file' as const };
    let outcome;
    try {
      outcome = await library.ingest(item, options.chunking, () => {}, options.signal);
    } catch (error) {
      // An empty or unreadable entry is skipped and counted, not fatal to the run.
      if (isCancelled(error)) throw error;
      skipped++;
      continue;
    }
    // A duplicate paragraph shares the first copy's document: score it under both ids.
    if (outcome.docId) nameToId.set(doc.id, outcome.docId);
  }
  await library.flush();
  const ingestMs = performance.now() - t0;
  const idToNames = new Map<string, string[]>();
  for (const [name, id] of nameToId) idToNames.set(id, [...(idToNames.get(id) ?? []), name]);

  const queries = data.queries.filter((q) => data.qrels.has(q.id)).slice(0, options.maxQueries);
  const results: BeirModeResult[] = [];
  for (const mode of options.modes) {
    const ndcg: number[] = [];
    const r10: number[] = [];
    const r100: number[] = [];
    const latency: number[] = [];
    const embed: number[] = [];
    for (const [i, q] of queries.entries()) {
      if (i % 20 === 0) await yieldToEventLoop(); // so a cancel is read mid-run
      throwIfAborted(options.signal);
      if (i % 50 === 0)
        options.onProgress({ phase: 'queries', done: i, total: queries.length, mode });
      const response = await library.search(q.text, {
        ...options.search,
        mode,
        topK: 100,
        threshold: 0,
        rerank: false,
      });
      latency.push(response.timings.totalMs - response.timings.embedMs);
      embed.push(response.timings.embedMs);
      const ranked: string[] = [];
      const seen = new Set<string>();
      for (const hit of response.hits) {
        for (const name of idToNames.get(hit.docId) ?? [hit.docName]) {
          if (!seen.has(name)) ranked.push(name);
          seen.add(name);
        }
      }
      const relevance = data.qrels.get(q.id) ?? new Map<string, number>();
      ndcg.push(ndcgAtK(ranked, relevance, 10));
      r10.push(recallAtK(ranked, relevance, 10));
      r100.push(recallAtK(ranked, relevance, 100));
    }
    results.push({
      mode,
      queries: queries.length,
      'ndcg@10': mean(ndcg),
      'recall@10': mean(r10),
      'recall@100': mean(r100),
      query_p50_ms: percentile(latency, 50),
      query_p95_ms: percentile(latency, 95),
      embed_p50_ms: percentile(embed, 50),
    });
  }
  return {
    docs: data.corpus.length,
    chunks: library.documents.reduce((n, d) => n + d.chunkCount, 0),
    ingest_ms: Math.round(ingestMs),
    skipped,
    model: embedder?.spec.id,
    results,
  };
}
