// `npx tsx scripts/bench/keywordVariants.ts --data DIR [--tokens 200,400] [--weights 0,0.5]
// [--titles true,false]`:
// the app's keyword search simulated in Node (same Markdown parse, chunker with the fallback
// token estimate, TwoLevelIndex, best chunk per document) over chunk sizes and document weights,
// beside the reference BM25 over whole entries: to see where a gap to the reference comes from.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkText, estimateTokens } from '../../src/lib/ingest/chunk';
import { parseMarkdown } from '../../src/lib/ingest/parse/markdown';
import { parseBeir, type BeirDataset } from '../../src/lib/eval/beir';
import { mean, ndcgAtK, recallAtK } from '../../src/lib/eval/metrics';
import { CANDIDATES } from '../../src/lib/library/search';
import { TwoLevelIndex, type IndexChunk } from '../../src/lib/search/twoLevel';
import { referenceBm25 } from './bm25Reference';
import { arg } from './harness';
import { convertManualsDir, isManualsDir } from './manualsDir';

interface Variant {
  maxTokens: number;
  docWeight: number;
  /** Index the entry's title as a heading (as the app's BEIR job does) or leave it out. */
  title: boolean;
}

function simulate(data: BeirDataset, v: Variant, reference: Map<string, number>) {
  const index = new TwoLevelIndex();
  let chunkCount = 0;
  const encoder = new TextEncoder();
  for (const doc of data.corpus) {
    const markdown = v.title && doc.title ? `# ${doc.title}\n\n${doc.text}` : doc.text;
    const { text } = parseMarkdown(encoder.encode(markdown), `${doc.id}.md`);
    const spans = chunkText(text, {
      maxTokens: v.maxTokens,
      overlapTokens: 40,
      countTokens: estimateTokens,
    });
    const chunks: IndexChunk[] = spans.map((s) => ({
      ...s,
      id: `${doc.id}#${s.ordinal}`,
      docId: doc.id,
    }));
    chunkCount += chunks.length;
    index.add(chunks);
  }
  const queries = data.queries.filter((q) => data.qrels.has(q.id));
  const ndcg: number[] = [];
  const r10: number[] = [];
  // Queries this variant ranks better or worse than the reference (nDCG@10), the rest equal.
  const versus = { better: 0, worse: 0 };
  for (const q of queries) {
    const ranked: string[] = [];
    for (const hit of index.search(q.text, CANDIDATES, v.docWeight)) {
      const docId = hit.id.slice(0, hit.id.lastIndexOf('#'));
      if (!ranked.includes(docId)) ranked.push(docId);
    }
    const rel = data.qrels.get(q.id)!;
    ndcg.push(ndcgAtK(ranked, rel, 10));
    const diff = ndcg.at(-1)! - (reference.get(q.id) ?? 0);
    if (diff > 1e-9) versus.better++;
    else if (diff < -1e-9) versus.worse++;
    r10.push(recallAtK(ranked, rel, 10));
  }
  return {
    chunks: chunkCount,
    'ndcg@10': +mean(ndcg).toFixed(4),
    'recall@10': +mean(r10).toFixed(4),
    vs_reference: versus,
  };
}

const data = arg('data');
if (!data || !existsSync(data)) {
  console.log(
    JSON.stringify({ skipped: `no dataset at ${data ?? '(none given)'}: pass --data DIR` }),
  );
  process.exit(0);
}
let dir = data;
if (isManualsDir(data)) {
  dir = mkdtempSync(join(tmpdir(), 'ragtune-manuals-'));
  convertManualsDir(data, dir);
}
const files = ['corpus.jsonl', 'queries.jsonl', 'qrels.test.tsv', join('qrels', 'test.tsv')]
  .map((f) => join(dir, f))
  .filter(existsSync)
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const dataset = parseBeir(files);
const numbers = (name: string, fallback: string) =>
  (arg(name, fallback) ?? fallback).split(',').map(Number);
const perQuery = new Map<string, number>();
const ref = referenceBm25(dataset, undefined, 0.9, 0.4, (id, n) => perQuery.set(id, n));
console.log(
  JSON.stringify({
    variant: 'reference BM25 (k1 0.9, b 0.4, whole entries)',
    'ndcg@10': +ref['ndcg@10'].toFixed(4),
    'recall@10': +ref['recall@10'].toFixed(4),
  }),
);
for (const title of (arg('titles', 'true,false') ?? '').split(',').map((t) => t === 'true')) {
  for (const maxTokens of numbers('tokens', '200,400,800,4000')) {
    for (const docWeight of numbers('weights', '0,0.5,1')) {
      const variant = { maxTokens, docWeight, title };
      console.log(JSON.stringify({ variant, ...simulate(dataset, variant, perQuery) }));
    }
  }
}
