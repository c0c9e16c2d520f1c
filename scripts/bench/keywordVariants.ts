// `npx tsx scripts/bench/keywordVariants.ts --data DIR [--tokens 200,400] [--weights 0,0.5]
// [--titles true,false] [--layout entries|files]`:
// the app's keyword search simulated in Node (same Markdown parse, chunker with the fallback
// token estimate, TwoLevelIndex, best chunk per document) over chunk sizes and document weights,
// beside the reference BM25 over whole entries: to see where a gap to the reference comes from.
// `--layout files` (a manuals folder only): each manual imported whole, as a person would, and a
// hit credited to the sections its chunk covers (./manualsFiles), against the same reference.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkText, estimateTokens } from '../../src/lib/ingest/chunk';
import { parseMarkdown } from '../../src/lib/ingest/parse/markdown';
import { parseBeir, type BeirDataset } from '../../src/lib/eval/beir';
import { bootstrapMean } from '../../src/lib/eval/confidence';
import { mean, ndcgAtK, recallAtK } from '../../src/lib/eval/metrics';
import { CANDIDATES } from '../../src/lib/library/search';
import { TwoLevelIndex, type IndexChunk } from '../../src/lib/search/twoLevel';
import { referenceBm25 } from './bm25Reference';
import { arg } from './harness';
import { convertManualsDir, isManualsDir, readManualsDir } from './manualsDir';
import { manualsToBeir, type Manual, type Passage } from './manualsBeir';
import { indexManualsAsFiles, rankedPassages } from './manualsFiles';

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
  return evaluate(data, reference, chunkCount, (q) => {
    const ranked: string[] = [];
    for (const hit of index.search(q, CANDIDATES, v.docWeight)) {
      const docId = hit.id.slice(0, hit.id.lastIndexOf('#'));
      if (!ranked.includes(docId)) ranked.push(docId);
    }
    return ranked;
  });
}

/** The manuals imported as files: a ranking of sections read off the chunks' ranking. */
function simulateFiles(set: FilesSet, v: Variant, reference: Map<string, number>) {
  const layout = indexManualsAsFiles(set.manuals, set.corpus, v.maxTokens);
  return evaluate(set, reference, layout.chunks, (q) =>
    rankedPassages(
      layout,
      layout.index.search(q, CANDIDATES, v.docWeight, false).map((h) => h.id),
    ),
  );
}

function evaluate(
  data: BeirDataset,
  reference: Map<string, number>,
  chunkCount: number,
  rank: (query: string) => string[],
) {
  const queries = data.queries.filter((q) => data.qrels.has(q.id));
  const ndcg: number[] = [];
  const r10: number[] = [];
  // Queries this variant ranks better or worse than the reference (nDCG@10), the rest equal.
  const versus = { better: 0, worse: 0 };
  /** Per query, this variant's nDCG@10 minus the reference's (paired by question). */
  const diffs: number[] = [];
  for (const q of queries) {
    const ranked = rank(q.text);
    const rel = data.qrels.get(q.id)!;
    ndcg.push(ndcgAtK(ranked, rel, 10));
    const diff = ndcg.at(-1)! - (reference.get(q.id) ?? 0);
    diffs.push(diff);
    if (diff > 1e-9) versus.better++;
    else if (diff < -1e-9) versus.worse++;
    r10.push(recallAtK(ranked, rel, 10));
  }
  return {
    chunks: chunkCount,
    'ndcg@10': +mean(ndcg).toFixed(4),
    'recall@10': +mean(r10).toFixed(4),
    vs_reference: versus,
    // 95 % paired bootstrap interval of the difference: one excluding 0 is a real difference.
    vs_reference_ci95: interval(diffs),
  };
}

function interval(diffs: readonly number[]) {
  const ci = bootstrapMean(diffs);
  return ci ? [ci.low, ci.mean, ci.high].map((x) => +x.toFixed(4)) : null;
}

const data = arg('data');
if (!data || !existsSync(data)) {
  console.log(
    JSON.stringify({ skipped: `no dataset at ${data ?? '(none given)'}: pass --data DIR` }),
  );
  process.exit(0);
}
const layout = arg('layout', 'entries');
/** The manuals and their sections (passages) beside the BEIR set, for the files layout. */
type FilesSet = BeirDataset & { manuals: Manual[]; corpus: Passage[] };
let dataset: BeirDataset;
let filesSet: FilesSet | undefined;
if (layout === 'files') {
  if (!isManualsDir(data))
    throw new Error('--layout files needs a manuals folder (qa.jsonl and Markdown)');
  const { manuals, pairs } = readManualsDir(data);
  const set = manualsToBeir(manuals, pairs);
  const qrels = new Map([...set.qrels].map(([q, ids]) => [q, new Map(ids.map((id) => [id, 1]))]));
  filesSet = { manuals, corpus: set.corpus, queries: set.queries, qrels };
  dataset = filesSet;
} else {
  let dir = data;
  if (isManualsDir(data)) {
    dir = mkdtempSync(join(tmpdir(), 'ragtune-manuals-'));
    convertManualsDir(data, dir);
  }
  const files = ['corpus.jsonl', 'queries.jsonl', 'qrels.test.tsv', join('qrels', 'test.tsv')]
    .map((f) => join(dir, f))
    .filter(existsSync)
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  dataset = parseBeir(files);
}
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
      const result = filesSet
        ? simulateFiles(filesSet, variant, perQuery)
        : simulate(dataset, variant, perQuery);
      console.log(JSON.stringify({ layout, variant, ...result }));
    }
  }
}
