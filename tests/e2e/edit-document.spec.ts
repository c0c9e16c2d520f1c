// Editing a document's text in the viewer, end to end: the freshness demo's sample gets its price
// changed, keyword and vector search follow the new fact (the old one is gone), the edit survives
// a reload; Cancel and Esc change nothing (asking first when there are unsaved changes); an empty
// text is refused with a message and the document is kept. The editor passes axe.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import { FRESHNESS_DEMO, applyFreshnessEdit } from '../../src/lib/lab/freshnessDemo';
import { makeDocx } from '../fixtures/docs/makeDocx';
import {
  DOCX_MIME,
  addFiles,
  docRow,
  openApp,
  searchFor,
  showView,
  textFile,
  waitForModel,
} from './app';

const demo = FRESHNESS_DEMO;
const sample = textFile(demo.sampleFile, readFileSync(`public/samples/${demo.sampleFile}`, 'utf8'));
const FERRY = 'The Wexholm ferry leaves at seven from pier nine.';

async function openLibrary(page: Page) {
  await showView(page, 'Library');
}

/** Opens a document's viewer from its row in the library table. */
async function openViewer(page: Page, name: string): Promise<Locator> {
  await openLibrary(page);
  await docRow(page, name).getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function fullText(dialog: Locator): Promise<Locator> {
  await dialog.getByRole('button', { name: 'Full text' }).click();
  return dialog.getByTestId('viewer-text');
}

/** Searches in this mode and waits until the results shown are that mode's (not a fallback's). */
async function search(page: Page, query: string, mode: 'Keyword (BM25)' | 'Vector') {
  const results = await searchFor(page, query, mode);
  await expect(page.getByTestId('search-meta')).toContainText(
    mode === 'Vector' ? '· vector' : '· keyword',
  );
  return results;
}

/** Answers the next confirm() and returns its message. */
function answerConfirm(page: Page, accept: boolean): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', async (d) => {
      expect(d.type()).toBe('confirm');
      resolve(d.message());
      await (accept ? d.accept() : d.dismiss());
    });
  });
}

test('a fact edited in the viewer is what keyword and vector search find, also after a reload', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, [sample]);
  const question = 'Halcyon H2 price: how much does it cost in euros';
  for (const mode of ['Keyword (BM25)', 'Vector'] as const) {
    const results = await search(page, question, mode);
    await expect(results.filter({ hasText: demo.originalAnswer })).not.toHaveCount(0);
  }

  const row = docRow(page, demo.sampleFile);
  await openLibrary(page);
  const updatedBefore = Number(await row.getByTestId('doc-updated').getAttribute('data-updated'));
  await expect(row.getByTestId('doc-status')).not.toContainText('edited');

  const dialog = await openViewer(page, demo.sampleFile);
  await dialog.getByRole('button', { name: 'Edit text' }).click();
  const editor = dialog.getByLabel(`Text of ${demo.sampleFile}`);
  await expect(editor).toBeFocused();
  const original = await editor.inputValue();
  expect(original).toContain(demo.edit.find);
  await editor.fill(applyFreshnessEdit(original));
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();

  await expect(dialog.getByTestId('edit-saved')).toContainText('Saved and re-indexed');
  await expect(editor).toBeHidden();
  await expect(dialog.getByRole('button', { name: 'Edit text' })).toBeFocused();
  await expect(dialog.getByTestId('viewer-meta')).toContainText('edited');
  const text = dialog.getByTestId('viewer-text');
  await expect(text).toContainText(demo.edit.replace);
  await expect(text).not.toContainText(demo.originalAnswer);
  const chunkLine = await dialog.getByTestId('viewer-meta').textContent();
  await dialog.getByRole('button', { name: 'Close document' }).click();
  await expect(dialog).toBeHidden();

  // The library row shows the new version: its chunk count, a later date, "text edited".
  await expect(row.getByTestId('doc-status')).toContainText('text edited');
  expect(chunkLine).toContain(`${await row.getByTestId('doc-chunks').textContent()} chunks`);
  expect(Number(await row.getByTestId('doc-updated').getAttribute('data-updated'))).toBeGreaterThan(
    updatedBefore,
  );

  for (const mode of ['Keyword (BM25)', 'Vector'] as const) {
    const results = await search(page, question, mode);
    await expect(results.filter({ hasText: demo.newAnswer })).not.toHaveCount(0);
    await expect(results.filter({ hasText: demo.originalAnswer })).toHaveCount(0);
  }
  const old = await search(page, demo.originalAnswer, 'Keyword (BM25)');
  await expect(page.getByTestId('search-meta')).toContainText(/^\s*\d+ results?/);
  await expect(old.filter({ hasText: demo.originalAnswer })).toHaveCount(0);

  await page.reload(); // the address keeps the view (Search): go back to the library
  await waitForModel(page);
  await showView(page, 'Library');
  await expect(row.getByTestId('doc-status')).toContainText('text edited');
  const reopened = await openViewer(page, demo.sampleFile);
  await expect(await fullText(reopened)).toContainText(demo.edit.replace);
  await page.keyboard.press('Escape');
  await expect(reopened).toBeHidden();
  for (const mode of ['Keyword (BM25)', 'Vector'] as const) {
    const results = await search(page, question, mode);
    await expect(results.filter({ hasText: demo.newAnswer })).not.toHaveCount(0);
    await expect(results.filter({ hasText: demo.originalAnswer })).toHaveCount(0);
  }
});

test('Cancel and Esc leave the text unchanged, asking first when there are unsaved changes', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, [textFile('ferry.txt', FERRY)]);
  const dialog = await openViewer(page, 'ferry.txt');
  const editor = dialog.getByLabel('Text of ferry.txt');
  const edit = dialog.getByRole('button', { name: 'Edit text' });

  // Nothing typed: Esc leaves the editor at once, and the viewer stays open.
  await edit.click();
  await expect(editor).toHaveValue(FERRY);
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(dialog).toBeVisible();

  // Changes: Cancel asks; "no" keeps the draft, "yes" drops it.
  await edit.click();
  await editor.fill('The Wexholm ferry leaves at noon from quay twelve.');
  let asked = answerConfirm(page, false);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await asked).toContain('Discard your unsaved changes to “ferry.txt”');
  await expect(editor).toHaveValue(/quay twelve/);
  asked = answerConfirm(page, true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await asked;
  await expect(editor).toBeHidden();
  await expect(await fullText(dialog)).toHaveText(FERRY);

  // Esc with changes asks too, and keeps the viewer open either way.
  await edit.click();
  await expect(editor).toHaveValue(FERRY);
  await editor.fill('The ferry is cancelled.');
  asked = answerConfirm(page, true);
  await editor.press('Escape');
  await asked;
  await expect(editor).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(await fullText(dialog)).toHaveText(FERRY);

  // Closing the viewer with unsaved changes asks; "no" keeps it open with the draft.
  await edit.click();
  await editor.fill('The ferry sank.');
  asked = answerConfirm(page, false);
  await dialog.getByRole('button', { name: 'Close document' }).click();
  await asked;
  await expect(editor).toHaveValue('The ferry sank.');
  asked = answerConfirm(page, true);
  await dialog.getByRole('button', { name: 'Close document' }).click();
  await asked;
  await expect(dialog).toBeHidden();

  const again = await openViewer(page, 'ferry.txt');
  await expect(await fullText(again)).toHaveText(FERRY);
  await page.keyboard.press('Escape');
  await expect(again).toBeHidden();
  await expect(docRow(page, 'ferry.txt').getByTestId('doc-status')).not.toContainText('edited');
  const results = await search(page, 'ferry pier nine', 'Keyword (BM25)');
  await expect(results.first()).toContainText('pier nine');
});

test('an empty save is refused in words and the document is kept; the editor passes axe', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await addFiles(page, [textFile('ferry.txt', FERRY)]);
  const chunks = await docRow(page, 'ferry.txt').getByTestId('doc-chunks').textContent();
  const dialog = await openViewer(page, 'ferry.txt');
  await dialog.getByRole('button', { name: 'Edit text' }).click();
  const editor = dialog.getByLabel('Text of ferry.txt');

  const scan = async () => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  };
  await scan();

  for (const empty of ['', '   \n\n  ']) {
    await editor.fill(empty);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const error = dialog.getByTestId('edit-error');
    await expect(error).toContainText('is empty, so it was not saved');
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(editor).toHaveAttribute('aria-invalid', 'true');
    await expect(editor).toBeVisible();
  }
  await scan();
  await page.evaluate(() => localStorage.setItem('ragtune-theme', 'dark'));
  await page.locator(':root').evaluate((el) => el.setAttribute('data-theme', 'dark'));
  await scan();

  const asked = answerConfirm(page, true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await asked;
  await expect(await fullText(dialog)).toHaveText(FERRY);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(docRow(page, 'ferry.txt').getByTestId('doc-chunks')).toHaveText(chunks!);
  for (const mode of ['Keyword (BM25)', 'Vector'] as const) {
    const results = await search(page, 'Wexholm ferry pier nine', mode);
    await expect(results.first()).toContainText('pier nine');
  }
});

test('a save waits its turn with progress, and "Stop saving" leaves the old version', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, [textFile('ferry.txt', FERRY)]);
  const dialog = await openViewer(page, 'ferry.txt');
  await dialog.getByRole('button', { name: 'Edit text' }).click();
  const editor = dialog.getByLabel('Text of ferry.txt');
  await editor.fill(FERRY.replace('pier nine', 'quay twelve'));

  // An import is under way (the library writes one job at a time): the save has to wait. The
  // import is held at its reading step (the Word parser's chunk request) until the test lets it
  // go, so it cannot finish before the save is clicked, however fast the machine.
  let release = () => {};
  const held = new Promise<void>((reached) => {
    void page.route('**/assets/docx-*.js', async (route) => {
      reached();
      await new Promise<void>((go) => (release = go));
      await route.continue();
    });
  });
  const docx = await makeDocx([{ heading: 1, text: 'Tides' }, { text: 'Ropes and cranes.' }]);
  await page
    .getByTestId('file-input')
    .setInputFiles([{ name: 'tides.docx', mimeType: DOCX_MIME, buffer: Buffer.from(docx) }]);
  const importing = page.getByTestId('ingest-file').filter({ hasText: 'tides.docx' });
  await held;
  await expect(importing).toHaveAttribute('data-stage', 'reading');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const status = dialog.getByRole('status');
  await expect(status).toContainText('Waiting for the library');
  await expect(dialog.getByRole('progressbar', { name: 'Saving and re-indexing' })).toBeVisible();
  await expect(editor).toHaveAttribute('readonly', '');
  await dialog.getByRole('button', { name: 'Stop saving' }).click();
  await expect(status).toHaveText('Cancelled: the document is unchanged.');
  await expect(editor).toHaveValue(/quay twelve/);
  await expect(editor).not.toHaveAttribute('readonly');

  const asked = answerConfirm(page, true);
  await page.keyboard.press('Escape');
  await asked;
  await expect(await fullText(dialog)).toHaveText(FERRY);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The import goes on undisturbed; the edited document is as it was.
  release();
  await expect(importing).toHaveAttribute('data-stage', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('doc-row')).toHaveCount(2);
  await expect(docRow(page, 'ferry.txt').getByTestId('doc-status')).not.toContainText('edited');
  const results = await search(page, 'Wexholm ferry pier nine', 'Keyword (BM25)');
  await expect(results.first()).toContainText('pier nine');
});
