// Index export and import by pointer: a library's index is exported (a real download), the
// library is cleared, and importing the file gives the same search results — in this library and
// in a separate, empty one — without embedding again. Another model's export is refused by name.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from './fixtures';
import { INDEX_FILES } from '../../src/lib/library/export/format';
import { openZip } from '../../src/lib/library/export/zipReader';
import {
  MODEL_HOST,
  TEST_MODEL,
  addFiles,
  chooseFiles,
  searchFor,
  textFile,
  waitForModel,
} from './app';

const DOCS = [
  textFile(
    'ferry.md',
    '# Ferry\n\nThe Wexholm ferry leaves at seven from pier nine.\n\n## Fares\n\nAdults pay four crowns and children ride free.',
  ),
  textFile('bees.txt', 'The queen bee lays eggs in the spring.\n\nHoney is harvested in autumn.'),
  textFile(
    'lamps.md',
    '# Lighthouse\n\nThe lamp burns whale oil every night.\n\nStorms bring the fog bell.',
  ),
];
const QUERIES = ['when does the ferry leave', 'honey in autumn', 'fog bell in storms'];

async function open(page: Page, library: string, model = TEST_MODEL) {
  const params = new URLSearchParams({ embedModel: model, modelHost: MODEL_HOST, library });
  await page.goto(`./?${params.toString()}`);
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
}

/** Every query's results in Vector and Hybrid mode: document, text and score, in order. */
async function results(page: Page): Promise<string[][]> {
  const out: string[][] = [];
  for (const query of QUERIES) {
    for (const mode of ['Vector', 'Hybrid'] as const) {
      const hits = await searchFor(page, query, mode);
      await expect(hits.first()).toBeVisible();
      out.push(
        await hits.evaluateAll((nodes) =>
          nodes.map(
            (n) => `${n.getAttribute('data-doc')} | ${n.textContent?.replace(/\s+/g, ' ')}`,
          ),
        ),
      );
    }
  }
  return out;
}

async function importFile(page: Page, path: string) {
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await chooseFiles(page, page.getByText('Import index…'), path);
  const outcome = page.getByTestId('index-transfer-outcome');
  await expect(outcome).toBeVisible({ timeout: 60_000 });
  return outcome;
}

test('export, clear, import: the same search results, here and in an empty library', async ({
  page,
}, testInfo) => {
  await open(page, 'export-source');
  await waitForModel(page);
  await addFiles(page, DOCS);
  const before = await results(page);
  expect(before[0]![0]).toContain('ferry.md');

  await page.getByRole('button', { name: 'Library', exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export index' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ragtune-index-\d{4}-\d\d-\d\d\.zip$/);
  const path = testInfo.outputPath('index.zip');
  await file.saveAs(path);
  const zip = openZip(new Uint8Array(await readFile(path)))!;
  expect(zip.names).toEqual(Object.values(INDEX_FILES));
  const meta = JSON.parse(new TextDecoder().decode(await zip.read(INDEX_FILES.meta, 1 << 20)));
  expect(meta.ragtune).toMatchObject({
    embedding_model: TEST_MODEL,
    documents: 3,
    normalized: true,
  });
  await expect(page.getByTestId('index-transfer-outcome')).toContainText(`Exported 3 documents`);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Clear library' }).click();
  await expect(page.getByTestId('library-summary')).toHaveText(/^0 documents/);

  const outcome = await importFile(page, path);
  await expect(outcome).toHaveAttribute('data-ok', 'true');
  await expect(outcome).toContainText('Imported 3 documents');
  await expect(page.getByTestId('library-summary')).toHaveText(/^3 documents/);
  expect(await results(page)).toEqual(before);

  // A separate, empty library (another database) restored from the same file.
  await open(page, 'export-restored');
  await waitForModel(page);
  await expect(page.getByTestId('library-summary')).toHaveText(/^0 documents/);
  await importFile(page, path);
  expect(await results(page)).toEqual(before);

  // A library on another embedding model refuses it by name and keeps what it has.
  await open(page, 'export-other-model', 'ragtune-test/other-model');
  const refused = await importFile(page, path);
  await expect(refused).toHaveAttribute('data-ok', 'false');
  await expect(refused).toContainText(
    `This export was embedded with ${TEST_MODEL}, but this library uses ragtune-test/other-model.`,
  );
  await expect(page.getByTestId('library-summary')).toHaveText(/^0 documents/);
});
