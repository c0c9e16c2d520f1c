// bench:scale's per-index part: for each vector index, switch to it (rebuilt from the stored
// vectors), time hybrid search, the vector search alone and adding / deleting one document, and
// compare each index's vector top-10 with the exact scan's (recall@10).
import type { Page } from '@playwright/test';
import type { VectorIndexKind } from '../../src/lib/search/vectorIndexKinds';

export interface IndexFigures {
  /** Time from choosing the index to its first answered query (rebuild from IndexedDB, calibration). */
  switch_to_first_query_ms: number;
  search_p50_ms: number;
  search_p95_ms: number;
  vector_p50_ms: number;
  vector_p95_ms: number;
  /** Share of the exact scan's vector top-10 this index also returns (1 for the exact scan). */
  recall_at_10: number;
  add_one_ms: number;
  delete_one_ms: number;
  added_chunks: number;
}

/** Words per paragraph of the added document: the pseudo-words make ~8 tokens each, so 20
 * paragraphs chunk into about 20 chunks (200 tokens a chunk); the run prints the count. */
const WORDS_PER_PARAGRAPH = 20;

const pct = (v: number[], p: number) =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))] ?? 0;

export async function measureIndexes(
  page: Page,
  kinds: VectorIndexKind[],
  queries: number,
): Promise<Record<string, IndexFigures>> {
  const out: Record<string, IndexFigures> = {};
  let exactTop: string[][] | undefined;
  for (const kind of kinds) {
    const raw = await page.evaluate(
      async ({ kind, count, words }) => {
        const client = globalThis.ragtune!.client;
        const doc = await client.getDocument('synthetic-1-0');
        const vocab = (doc?.text ?? 'kalo miren').split(/\W+/).filter(Boolean);
        // (No named functions in here: the bundler's name helper does not exist in the page.)
        const query = Array.from({ length: count }, (_, i) =>
          Array.from({ length: 3 }, (_, j) => vocab[(i * 7 + j * 13) % vocab.length]).join(' '),
        );
        const t0 = performance.now();
        await client.updateSettings({ vectorIndex: kind });
        await client.search(query[0] ?? '', { mode: 'vector', topK: 10 });
        const switched = performance.now() - t0;
        const search: number[] = [];
        const vector: number[] = [];
        const top: string[][] = [];
        for (let i = 0; i < count; i++) {
          const t = performance.now();
          const r = await client.search(query[i] ?? '', { mode: 'hybrid', topK: 10 });
          search.push(performance.now() - t - r.timings.embedMs);
          vector.push(r.timings.vectorMs);
          const v = await client.search(query[i] ?? '', { mode: 'vector', topK: 10 });
          top.push(v.hits.map((h) => h.chunkId));
        }
        // One new document of 20 paragraphs (unique text, so never a duplicate), added through
        // the same ingest as a paste and deleted again: each call resolves once the worker's
        // IndexedDB transactions have completed and the keyword index's segment is saved.
        const text = Array.from({ length: 20 }, (_, p) =>
          Array.from(
            { length: words },
            (_, w) => vocab[(p * 131 + w * 17 + kind.length * 7) % vocab.length],
          ).join(' '),
        ).join('\n\n');
        const bytes = new TextEncoder().encode(`${kind} ${Date.now()}\n\n${text}`).buffer;
        const t1 = performance.now();
        const [outcome] = await client.ingest(crypto.randomUUID(), [
          { name: `added-${kind}.txt`, bytes, source: 'paste' },
        ]);
        const addMs = performance.now() - t1;
        const docId = outcome?.docId ?? '';
        const added = await client.getDocument(docId);
        const t2 = performance.now();
        await client.deleteDocument(docId);
        const deleteMs = performance.now() - t2;
        return {
          switched,
          search,
          vector,
          top,
          addMs,
          deleteMs,
          addedChunks: added?.chunks.length ?? 0,
          stage: outcome?.stage,
        };
      },
      { kind, count: queries, words: WORDS_PER_PARAGRAPH },
    );
    if (raw.stage !== 'done')
      throw new Error(`bench:scale: adding one document ended ${raw.stage}`);
    if (kind === 'flat') exactTop = raw.top;
    let found = 0;
    let total = 0;
    raw.top.forEach((ids, i) => {
      const truth = new Set(exactTop?.[i] ?? []);
      total += truth.size;
      found += ids.filter((id) => truth.has(id)).length;
    });
    out[kind] = {
      switch_to_first_query_ms: Math.round(raw.switched),
      search_p50_ms: +pct(raw.search, 50).toFixed(2),
      search_p95_ms: +pct(raw.search, 95).toFixed(2),
      vector_p50_ms: +pct(raw.vector, 50).toFixed(2),
      vector_p95_ms: +pct(raw.vector, 95).toFixed(2),
      recall_at_10: exactTop ? +(found / total).toFixed(4) : NaN,
      add_one_ms: Math.round(raw.addMs),
      delete_one_ms: Math.round(raw.deleteMs),
      added_chunks: raw.addedChunks,
    };
    console.error(`bench:scale: ${kind}: ${JSON.stringify(out[kind])}`);
  }
  return out;
}
