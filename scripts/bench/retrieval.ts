// `npm run bench:retrieval -- --data DIR [--retriever keyword|vector|hybrid] [--model DIR]
// [--queries N] [--fusion rrf|convex] [--fusion-weight W] [--chunk-tokens N]`: runs the app's Evaluate view in headless Chromium on a BEIR dataset.
// A manuals folder (Markdown manuals and qa.jsonl) is converted first (passages = sections).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseBeir } from '../../src/lib/eval/beir';
import { referenceBm25 } from './bm25Reference';
import { arg, machine, startBench, TEST_MODEL_ID } from './harness';
import { convertManualsDir, isManualsDir, type ManualsSummary } from './manualsDir';

const data = arg('data');
const retriever = arg('retriever', 'keyword') as 'keyword' | 'vector' | 'hybrid';
const modelDir = arg('model');
const maxQueries = Number(arg('queries', '0'));
const fusion = arg('fusion', 'rrf') === 'convex' ? 'convex' : 'rrf';
const fusionWeight = arg('fusion-weight', '0.5') ?? '0.5';
const chunkTokens = arg('chunk-tokens');
if (!data || !existsSync(data)) {
  console.log(
    JSON.stringify({ skipped: `no dataset at ${data ?? '(none given)'}: pass --data DIR` }),
  );
  process.exit(0);
}
let beirDir = data;
let sections: ManualsSummary | undefined;
if (isManualsDir(data)) {
  beirDir = mkdtempSync(join(tmpdir(), 'ragtune-manuals-'));
  sections = convertManualsDir(data, beirDir);
}
const files = ['corpus.jsonl', 'queries.jsonl', 'qrels.test.tsv', join('qrels', 'test.tsv')]
  .map((f) => join(beirDir, f))
  .filter(existsSync);

const model = modelDir ? basename(resolve(modelDir)) : TEST_MODEL_ID;
const bench = await startBench(modelDir ? { '/bench-models/': dirname(resolve(modelDir)) } : {});
const { page, baseUrl } = bench;
try {
  const host = modelDir ? `${baseUrl}bench-models/` : `${baseUrl}test-models/`;
  await page.goto(
    `${baseUrl}?library=bench-retrieval&embedModel=${encodeURIComponent(model)}&modelHost=${encodeURIComponent(host)}&fusion=${fusion}&fusionWeight=${fusionWeight}`,
  );
  if (retriever !== 'keyword') {
    await page.waitForSelector('[data-testid="model-chip"][data-state="ready"]', {
      timeout: 600_000,
    });
  }
  const nav = page.getByRole('navigation', { name: 'Main' });
  if (chunkTokens) {
    // Chunk size is a setting (Settings → Chunking), saved before the dataset is indexed.
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Chunk size (tokens)').fill(chunkTokens);
    await page.getByRole('button', { name: 'Save chunking' }).click();
    await page.getByText('Chunking settings saved').waitFor();
  }
  await nav.getByRole('button', { name: 'Evaluate' }).click();
  // Evaluate opens on question sets; retrieval over BEIR is its second tab.
  await page.getByRole('tab', { name: 'Retrieval (BEIR)' }).click();
  // A file input keeps names, not folders: qrels/test.tsv goes in as qrels.test.tsv.
  await page.getByTestId('beir-files').setInputFiles(
    files.map((f) => ({
      name: relative(beirDir, f).replace(/[\\/]/g, '.'),
      mimeType: 'text/plain',
      buffer: readFileSync(f),
    })),
  );
  for (const m of ['keyword', 'vector', 'hybrid']) {
    await page.getByRole('checkbox', { name: m }).setChecked(m === retriever);
  }
  await page.getByLabel('Queries to run (0 = all)').fill(String(maxQueries));
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  const json = await page.getByTestId('eval-json').textContent({ timeout: 3_600_000 });
  const report = JSON.parse(json ?? '{}');
  const result = report.results[0];
  const line: Record<string, unknown> = {
    dataset: basename(resolve(data)),
    // For a manuals folder: how its questions were placed among the sections (manualsBeir.ts).
    sections,
    docs: report.docs,
    chunks: report.chunks,
    queries: result.queries,
    retriever,
    chunk_tokens: chunkTokens ? +chunkTokens : undefined,
    model: retriever === 'keyword' ? undefined : report.model,
    // The weight applies to convex fusion only; RRF reads ranks alone.
    fusion:
      retriever !== 'hybrid'
        ? undefined
        : fusion === 'convex'
          ? { method: fusion, vector_weight: +fusionWeight }
          : { method: fusion },
    'ndcg@10': +result['ndcg@10'].toFixed(4),
    'recall@10': +result['recall@10'].toFixed(4),
    'recall@100': +result['recall@100'].toFixed(4),
    ingest_ms: report.ingest_ms,
    query_p50_ms: +result.query_p50_ms.toFixed(2),
    query_p95_ms: +result.query_p95_ms.toFixed(2),
    query_embed_p50_ms: +result.embed_p50_ms.toFixed(2),
  };
  // The reference ranks whole corpus entries (paragraphs; for manuals, whole sections).
  {
    const dataset = parseBeir(files.map((f) => ({ path: f, text: readFileSync(f, 'utf8') })));
    const ref = referenceBm25(dataset, maxQueries || undefined);
    line.reference_bm25 = { k1: 0.9, b: 0.4, ...ref };
    line['gap_ndcg@10'] = +(result['ndcg@10'] - ref['ndcg@10']).toFixed(4);
  }
  line.machine = machine();
  console.log(JSON.stringify(line));
} finally {
  await bench.close();
}
