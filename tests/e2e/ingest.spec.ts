// The other ways in: files dropped on the page, a rich-text paste that keeps its headings, the
// sample library, and an import cancelled halfway that stores nothing.
import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import { makeDocx } from '../fixtures/docs/makeDocx';
import { DOCX_MIME, addFiles, docRow, openApp, searchFor } from './app';

/** Every document the sample library lists (public/samples/index.json). */
const sampleCount = (JSON.parse(readFileSync('public/samples/index.json', 'utf8')) as string[])
  .length;

test('files dropped anywhere on the page are added', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(
      new File(['# Kites\n\nA kite flies on a long string.'], 'kites.md', {
        type: 'text/markdown',
      }),
    );
    dt.items.add(
      new File(['Sailing boats tack against the wind.'], 'boats.txt', { type: 'text/plain' }),
    );
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(
        new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    }
  });
  await expect(docRow(page, 'kites.md')).toBeVisible();
  await expect(docRow(page, 'boats.txt')).toBeVisible();
});

test('a rich-text paste keeps its headings, and an empty paste is refused', async ({ page }) => {
  await openApp(page);
  const text = 'Harbour rules\nShips dock at the north quay before noon.';
  const html =
    '<h2>Harbour rules</h2><p>Ships dock at the north quay before noon.</p><script>window.__pwned = 1</script>';
  const box = page.getByLabel('Or paste text');
  await box.evaluate(
    (el, data) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', data.text);
      dt.setData('text/html', data.html);
      el.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
      );
    },
    { text, html },
  );
  await box.fill(text);
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  const row = page.locator('[data-testid="doc-row"][data-name^="Pasted page"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText('HTML');
  const results = await searchFor(page, 'north quay ships', 'Keyword (BM25)');
  await expect(results.first()).toContainText('Harbour rules');
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined();
});

test('the sample library loads in one click and answers a question', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Try it: load the sample library' }).click();
  await expect(page.getByTestId('doc-row')).toHaveCount(sampleCount);
  const results = await searchFor(page, 'daily meal allowance per diem', 'Hybrid');
  await expect(results.first()).toHaveAttribute('data-doc', 'lumen-labs-travel-policy.md');
  await expect(results.first()).toContainText('62 euros');
});

test('an import cancelled halfway stores nothing and says so', async ({ page }) => {
  await openApp(page);
  // The Word parser is fetched the first time a .docx comes: holding that request holds the import
  // half-way (reading) for as long as the test wants, so Cancel always lands before it ends.
  let release = () => {};
  const held = new Promise<void>((reached) => {
    void page.route('**/assets/docx-*.js', async (route) => {
      reached();
      await new Promise<void>((go) => (release = go));
      await route.continue();
    });
  });
  const docx = await makeDocx([{ heading: 1, text: 'Tides' }, { text: 'Ropes and cranes.' }]);
  const tides = { name: 'tides.docx', mimeType: DOCX_MIME, buffer: Buffer.from(docx) };
  await page.getByTestId('file-input').setInputFiles([tides]);
  const file = page.getByTestId('ingest-file').filter({ hasText: 'tides.docx' });
  await held;
  await expect(file).toHaveAttribute('data-stage', 'reading');
  await page.getByRole('button', { name: 'Cancel' }).click();
  release();
  await expect(file).toHaveAttribute('data-stage', 'cancelled');
  await expect(file).toContainText('nothing was stored');
  await expect(docRow(page, 'tides.docx')).toHaveCount(0);
  // Not cancelled, the same file is stored: what stopped it above was the Cancel.
  await page.getByRole('button', { name: 'Dismiss import report' }).click();
  await addFiles(page, [tides]);
  await expect(docRow(page, 'tides.docx')).toBeVisible();
});
