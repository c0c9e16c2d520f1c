// `npm run export:index -- --data DIR --out FILE [--model DIR | --embed-model ID --embed-host URL]
// [--library NAME] [--batch N] [--profile DIR] [--check-import] [--no-build]`: ingests a folder through the app in
// headless Chromium (the file input, the library worker: parse, chunk, embed, store), then presses
// Export index and saves the download to FILE — the same zip the Library view exports. Progress
// goes to stderr; the last line on stdout is one JSON object. --check-import then imports the
// file into a second, empty library (NAME-restore, emptied after) and times it. Exit 1 when
// nothing could be exported or the check failed, 2 for bad options.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { FORMAT_BY_EXTENSION } from '../src/lib/ingest/formats';
import type { LibraryClient } from '../src/lib/library/libraryClient';
import { arg, machine, startBench, TEST_MODEL_ID } from './bench/harness';

/** What App.svelte puts on globalThis for benchmarks and scripts. */
interface Scope {
  ragtune?: { client: LibraryClient };
}

const LONG = 6 * 60 * 60 * 1000;

function fail(message: string, code = 2): never {
  console.error(`export:index: ${message}`);
  process.exit(code);
}

/** Files under `dir` (recursively) in a format ragtune reads; the rest are counted. */
function collect(dir: string): { files: string[]; skipped: string[] } {
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (FORMAT_BY_EXTENSION.has(extname(name).slice(1).toLowerCase())) files.push(path);
      else skipped.push(path);
    }
  };
  walk(dir);
  return { files, skipped };
}

async function ingest(page: Page, files: string[], batch: number): Promise<void> {
  const dismiss = 'button[aria-label="Dismiss import report"]';
  for (let from = 0; from < files.length; from += batch) {
    const slice = files.slice(from, from + batch);
    await page.getByTestId('file-input').setInputFiles(slice);
    await page.waitForFunction((sel) => document.querySelector(sel) !== null, dismiss, {
      polling: 500,
      timeout: LONG,
    });
    const failed = await page
      .locator('[data-testid="ingest-file"][data-stage="failed"]')
      .allInnerTexts();
    for (const line of failed)
      console.error(`export:index: not added: ${line.replace(/\s+/g, ' ')}`);
    await page.locator(dismiss).first().click();
    console.error(
      `export:index: ingested ${Math.min(from + batch, files.length)} of ${files.length} files`,
    );
  }
}

/** Imports the saved file into an empty library by the Library view's own control. */
async function checkImport(page: Page, baseUrl: string, params: URLSearchParams, file: string) {
  params.set('library', `${params.get('library')}-restore`);
  await page.goto(`${baseUrl}?${params.toString()}`);
  await page.waitForSelector('[data-testid="model-chip"][data-state="ready"]', {
    state: 'attached',
    timeout: LONG,
  });
  await page.evaluate(() => (globalThis as Scope).ragtune!.client.clearLibrary());
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Library' })
    .click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('Import index…').click();
  const t0 = Date.now();
  await (await chooser).setFiles(file);
  const outcome = page.getByTestId('index-transfer-outcome');
  await outcome.waitFor({ timeout: LONG });
  const importMs = Date.now() - t0;
  const ok = (await outcome.getAttribute('data-ok')) === 'true';
  console.error(`export:index: import check: ${await outcome.innerText()}`);
  const restored = await page.evaluate(
    async () => (await (globalThis as Scope).ragtune!.client.listDocuments()).length,
  );
  await page.evaluate(() => (globalThis as Scope).ragtune!.client.clearLibrary());
  return { ok, import_ms: importMs, restored_documents: restored };
}

const data = arg('data');
const out = arg('out');
if (!data || !existsSync(data) || !statSync(data).isDirectory()) {
  fail(`--data must name a folder of documents (got ${data ?? 'nothing'}).`);
}
if (!out) fail('--out must name the zip file to write.');
const modelDir = arg('model');
const embedModel = arg('embed-model');
if (modelDir && embedModel) fail('give --model DIR or --embed-model ID, not both.');
const batch = Number(arg('batch', '200'));
if (!Number.isInteger(batch) || batch <= 0) fail('--batch must be a positive whole number.');
const library = arg('library', 'export-index') ?? 'export-index';
const { files, skipped } = collect(resolve(data));
if (files.length === 0) fail(`${data} holds no file in a format ragtune reads.`);
if (skipped.length)
  console.error(`export:index: ${skipped.length} files in other formats are left out`);

const model = modelDir ? basename(resolve(modelDir)) : (embedModel ?? TEST_MODEL_ID);
const bench = await startBench(modelDir ? { '/export-models/': dirname(resolve(modelDir)) } : {}, {
  profile: arg('profile'),
});
const { page, baseUrl } = bench;
let code = 0;
try {
  const host = modelDir
    ? `${baseUrl}export-models/`
    : (arg('embed-host') ?? (embedModel ? 'https://huggingface.co/' : `${baseUrl}test-models/`));
  const params = new URLSearchParams({ library, embedModel: model, modelHost: host });
  await page.goto(`${baseUrl}?${params.toString()}`);
  await page.waitForSelector('[data-testid="model-chip"][data-state="ready"]', {
    state: 'attached',
    timeout: LONG,
  });
  // The library is emptied first, so the file holds this folder and nothing else.
  await page.evaluate(() => (globalThis as Scope).ragtune!.client.clearLibrary());
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Library' })
    .click();
  const t0 = Date.now();
  await ingest(page, files, batch);
  const ingestMs = Date.now() - t0;

  const t1 = Date.now();
  const download = page.waitForEvent('download', { timeout: LONG });
  await page.getByRole('button', { name: 'Export index' }).click();
  const outcome = page.getByTestId('index-transfer-outcome');
  const saved = await Promise.race([
    download.then(async (file) => {
      await file.saveAs(resolve(out));
      return true;
    }),
    outcome
      .and(page.locator('[data-ok="false"]'))
      .waitFor({ timeout: LONG })
      .then(() => false),
  ]);
  const text = await outcome.innerText();
  if (!saved) fail(`the export failed: ${text}`, 1);
  const exportMs = Date.now() - t1;
  const stats = await page.evaluate(() => (globalThis as Scope).ragtune!.client.storageStats());
  const docs = await page.evaluate(
    async () => (await (globalThis as Scope).ragtune!.client.listDocuments()).length,
  );
  console.error(`export:index: ${text}`);
  const check = process.argv.includes('--check-import')
    ? await checkImport(page, baseUrl, params, resolve(out))
    : undefined;
  if (check && (!check.ok || check.restored_documents !== docs)) code = 1;
  console.log(
    JSON.stringify({
      out: resolve(out),
      bytes: statSync(resolve(out)).size,
      files: files.length,
      documents: docs,
      not_added: files.length - docs,
      chunks: stats.chunks,
      model,
      ingest_ms: ingestMs,
      export_ms: exportMs,
      ...(check ? { import_check: check } : {}),
      machine: machine(),
    }),
  );
} catch (error) {
  console.error(`export:index: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  await bench.close();
}
process.exit(code);
