// Tables stay tables: a Word document and a web page, each with a 3 × 60 table, are added by
// clicks; a keyword search for one cell finds a chunk that shows the header above that row,
// rendered as a table, and opening it marks only the rows in the document's text.
import { expect, test } from './fixtures';
import { makeTableRows, tableDocx, tableHtml } from '../fixtures/docs/makeTable';
import { DOCX_MIME, addFiles, docRow, openApp, searchFor, textFile } from './app';

const HEADER = '| Product | Warehouse code | Notes |';

test('a keyword search for a table cell shows its row under the header', async ({ page }) => {
  await openApp(page);
  const htmlRows = makeTableRows(60, 3, 'Lantern', 'HX');
  const docxRows = makeTableRows(60, 5, 'Kettle', 'DX');
  await addFiles(page, [
    textFile('stock.html', tableHtml(htmlRows)),
    { name: 'stock.docx', mimeType: DOCX_MIME, buffer: Buffer.from(await tableDocx(docxRows)) },
  ]);
  for (const name of ['stock.html', 'stock.docx']) await expect(docRow(page, name)).toBeVisible();

  for (const [name, code, product] of [
    ['stock.html', 'HX-4152', 'Lantern 53 lamp'],
    ['stock.docx', 'DX-4147', 'Kettle 48 lamp'],
  ] as const) {
    const results = await searchFor(page, code, 'Keyword (BM25)');
    const hit = results.first();
    await expect(hit).toHaveAttribute('data-doc', name);
    // Rendered as a table: the header cells above the row that holds the code.
    const text = hit.getByTestId('result-text');
    await expect(text.locator('thead th')).toHaveText(['Product', 'Warehouse code', 'Notes']);
    await expect(text.locator('tbody tr').filter({ hasText: code })).toContainText(product);
    // As the model reads it: the header row and delimiter first, then the rows.
    await hit.getByRole('button', { name: 'Show raw text' }).click();
    const raw = (await hit.getByTestId('result-raw').textContent()) ?? '';
    expect(raw.startsWith(`${HEADER}\n| --- | --- | --- |\n`)).toBe(true);
    expect(raw).toContain(`| ${product} | ${code} |`);

    // The row is not in the table's first chunk: its header was repeated, not the original.
    await hit.getByRole('button', { name }).click();
    const viewer = page.getByRole('dialog', { name });
    await expect(viewer.locator('[data-current="true"]')).toContainText(HEADER);
    await viewer.getByRole('button', { name: 'Full text' }).click();
    const shown = (await viewer.getByTestId('viewer-text').textContent()) ?? '';
    const mark = (await viewer.getByTestId('viewer-text').locator('mark').textContent()) ?? '';
    expect(shown.split(HEADER)).toHaveLength(2);
    expect(mark).toContain(code);
    expect(mark.startsWith('| ')).toBe(true);
    expect(mark).not.toContain(HEADER);
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
  }
});
