// The document library end to end: every format in, found by keyword and by vector search with
// the tests' own model, kept across a reload, and gone from results once deleted.
import { expect, test } from './fixtures';
import { makeDocx } from '../fixtures/docs/makeDocx';
import { makeTextPdf } from '../fixtures/docs/makePdf';
import { DOCX_MIME, addFiles, docRow, openApp, searchFor, textFile, waitForModel } from './app';

const corpus = {
  md: '# Lighthouse keeping\n\n## Lamps\n\nThe lighthouse lamp burns whale oil every night.\n\n## Storms\n\nDuring storms the keeper rings the fog bell.',
  txt: 'Beekeeping notes.\n\nThe queen bee lays eggs in the spring. Honey is harvested in autumn.',
  html: '<html><body><h1>Volcano facts</h1><p>Magma rises through the crater and becomes lava.</p><script>alert(1)</script></body></html>',
  csv: 'planet,moons\nJupiter,95\nSaturn,146\n',
  json: JSON.stringify({ orchard: { apples: 'The orchard grows crisp apples', pears: 12 } }),
};

test('every format is added, listed with its chunks, and found by keyword and vector search', async ({
  page,
}) => {
  await openApp(page);
  const pdf = await makeTextPdf([
    'Glacier report. The glacier retreats forty metres each summer.',
    'Penguins nest on the ice shelf.',
  ]);
  const docx = await makeDocx([
    { heading: 1, text: 'Violin care' },
    { text: 'Rosin the violin bow before practice.' },
  ]);
  await addFiles(page, [
    textFile('lighthouse.md', corpus.md),
    textFile('bees.txt', corpus.txt),
    textFile('volcano.html', corpus.html),
    textFile('planets.csv', corpus.csv),
    textFile('orchard.json', corpus.json),
    { name: 'glacier.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) },
    { name: 'violin.docx', mimeType: DOCX_MIME, buffer: Buffer.from(docx) },
  ]);
  for (const name of [
    'lighthouse.md',
    'bees.txt',
    'volcano.html',
    'planets.csv',
    'orchard.json',
    'glacier.pdf',
    'violin.docx',
  ]) {
    const row = docRow(page, name);
    await expect(row).toBeVisible();
    expect(Number(await row.getByTestId('doc-chunks').textContent())).toBeGreaterThan(0);
  }

  for (const mode of ['Keyword (BM25)', 'Vector'] as const) {
    const results = await searchFor(page, 'when does the keeper ring the fog bell', mode);
    await expect(results.first()).toHaveAttribute('data-doc', 'lighthouse.md');
    await expect(results.first()).toContainText('fog bell');
    const glacier = await searchFor(page, 'how fast does the glacier retreat', mode);
    await expect(glacier.first()).toHaveAttribute('data-doc', 'glacier.pdf');
    await expect(glacier.first()).toContainText('page 1');
  }

  // The result opens the document viewer on that chunk, highlighted.
  await page.getByTestId('result').first().getByRole('button', { name: 'glacier.pdf' }).click();
  const dialog = page.getByRole('dialog', { name: 'glacier.pdf' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-current="true"]')).toContainText('glacier retreats');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the library survives a reload without re-embedding, and a deleted document leaves the results', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, [textFile('lighthouse.md', corpus.md), textFile('bees.txt', corpus.txt)]);
  await page.reload();
  await waitForModel(page);
  await expect(docRow(page, 'lighthouse.md')).toBeVisible();
  const results = await searchFor(page, 'fog bell storms keeper', 'Vector');
  await expect(results.first()).toHaveAttribute('data-doc', 'lighthouse.md');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Library' })
    .click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete lighthouse.md' }).click();
  await expect(docRow(page, 'lighthouse.md')).toHaveCount(0);
  for (const mode of ['Keyword (BM25)', 'Vector', 'Hybrid'] as const) {
    await searchFor(page, 'fog bell storms keeper bees', mode);
    await expect(page.getByTestId('search-meta')).toContainText(
      mode === 'Keyword (BM25)' ? 'keyword' : mode.toLowerCase(),
    );
    await expect(page.getByTestId('result').first()).toHaveAttribute('data-doc', 'bees.txt');
    await expect(page.locator('[data-testid="result"][data-doc="lighthouse.md"]')).toHaveCount(0);
  }
});

test('the same content added twice is stored once; rename keeps it searchable', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, [textFile('bees.txt', corpus.txt)]);
  await addFiles(page, [textFile('bees-copy.txt', `${corpus.txt}\r\n\r\n`)]);
  await expect(page.getByTestId('ingest-file').filter({ hasText: 'bees-copy.txt' })).toContainText(
    'Already in the library as “bees.txt”',
  );
  await expect(docRow(page, 'bees-copy.txt')).toHaveCount(0);

  await page.getByRole('button', { name: 'Rename bees.txt' }).click();
  await page.getByLabel('New name').fill('Not kept');
  await page.getByRole('button', { name: 'Cancel renaming' }).click();
  await expect(docRow(page, 'bees.txt')).toBeVisible();
  await expect(docRow(page, 'Not kept')).toHaveCount(0);
  await page.getByRole('button', { name: 'Rename bees.txt' }).click();
  await page.getByLabel('New name').fill('Bee notes');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(docRow(page, 'Bee notes')).toBeVisible();
  const results = await searchFor(page, 'queen bee eggs', 'Keyword (BM25)');
  await expect(results.first()).toHaveAttribute('data-doc', 'Bee notes');
});
