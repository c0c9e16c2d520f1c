// Two tabs on one library (two pages of one browser context, so one IndexedDB): what one tab
// adds, deletes or changes shows in the other without a reload, and imports queue, never race.
import { expect, test, type Page } from './fixtures';
import { addFiles, docRow, openApp, openWithTinyLms, searchFor, showView, textFile } from './app';

const ferry = textFile(
  'ferry.txt',
  'The Wexholm ferry leaves at seven from pier nine.\n\nGulls nest on the breakwater.',
);

async function twoTabs(page: Page): Promise<[Page, Page]> {
  const other = await page.context().newPage();
  await Promise.all([openApp(page), openApp(other)]);
  return [page, other];
}

test('a file added in one tab is listed and found in the other; deleted there, it goes', async ({
  page,
}) => {
  const [a, b] = await twoTabs(page);
  await addFiles(b, [ferry]);
  await expect(docRow(b, 'ferry.txt')).toBeVisible();

  // Tab A never reloads: its list and its worker's indexes follow tab B's write.
  await expect(docRow(a, 'ferry.txt')).toBeVisible();
  for (const mode of ['Keyword (BM25)', 'Vector'] as const) {
    const results = await searchFor(a, 'when does the Wexholm ferry leave', mode);
    await expect(results.first()).toHaveAttribute('data-doc', 'ferry.txt');
    await expect(results.first()).toContainText('pier nine');
  }

  b.once('dialog', (d) => d.accept());
  await b.getByRole('button', { name: 'Delete ferry.txt' }).click();
  await expect(docRow(b, 'ferry.txt')).toHaveCount(0);

  await showView(a, 'Library');
  await expect(docRow(a, 'ferry.txt')).toHaveCount(0);
  const after = await searchFor(a, 'when does the Wexholm ferry leave', 'Keyword (BM25)');
  await expect(a.getByTestId('search-meta')).toContainText(/^\s*0 results · keyword/);
  await expect(after).toHaveCount(0);
});

test('a setting saved in one tab is in force in the other', async ({ page }) => {
  const [a, b] = await twoTabs(page);
  await showView(a, 'Settings');
  const sizeA = a.getByLabel('Chunk size (tokens)');
  await expect(sizeA).toHaveValue('200');

  await showView(b, 'Settings');
  await b.getByLabel('Chunk size (tokens)').fill('64');
  await b.getByLabel('Overlap (tokens)').fill('16'); // at most half a chunk, or Save refuses
  await b.getByRole('button', { name: 'Save chunking' }).click();

  await expect(sizeA).toHaveValue('64');
  await expect(a.getByLabel('Overlap (tokens)')).toHaveValue('16');
  await a.reload(); // and it is what is stored
  await showView(a, 'Settings');
  await expect(a.getByLabel('Chunk size (tokens)')).toHaveValue('64');
});

test('a conversation asked in one tab is listed in the other; renamed and deleted, both follow', async ({
  page,
}) => {
  const [a, b] = [page, await page.context().newPage()];
  await Promise.all([openWithTinyLms(a), openWithTinyLms(b)]);
  await showView(a, 'Chat');
  await showView(b, 'Chat');
  const question = 'What is the per diem?';
  await b.getByTestId('chat-input').fill(question);
  await b.getByTestId('send').click();
  await expect(b.getByTestId('answer')).toHaveAttribute('data-state', /done|stopped|error/, {
    timeout: 60_000,
  });

  const listedInA = a.getByTestId('conversation');
  await expect(listedInA).toHaveCount(1);
  await expect(listedInA).toHaveAttribute('data-title', question);
  await listedInA.getByRole('button', { name: question }).click();
  await expect(a.getByTestId('question')).toHaveText(question);

  await a.getByRole('button', { name: `Rename ${question}` }).click();
  await a.getByLabel('New title').fill('Meal money');
  await a.getByLabel('New title').press('Enter');
  await expect(b.getByTestId('conversation')).toHaveAttribute('data-title', 'Meal money');

  b.once('dialog', (d) => d.accept());
  await b.getByRole('button', { name: 'Delete Meal money' }).click();
  await expect(b.getByTestId('conversation')).toHaveCount(0);
  await expect(listedInA).toHaveCount(0);
  await expect(a.getByTestId('question')).toHaveCount(0); // the open conversation closed
});

const islands = Array.from({ length: 6 }, (_, i) =>
  textFile(
    `island-${i}.txt`,
    `Island ${i} report.\n\nThe lighthouse on island number ${i} was painted ${['red', 'blue', 'green', 'white', 'black', 'yellow'][i]} in spring.`,
  ),
);

test('the same files imported in both tabs at once are stored exactly once', async ({ page }) => {
  const [a, b] = await twoTabs(page);
  await Promise.all([addFiles(a, islands), addFiles(b, islands)]);

  for (const tab of [a, b]) {
    await expect(tab.locator('[data-testid="ingest-file"][data-stage="failed"]')).toHaveCount(0);
    await expect(tab.getByTestId('doc-row')).toHaveCount(islands.length);
    for (const file of islands) await expect(docRow(tab, file.name)).toHaveCount(1);
  }
  // Each file was stored by exactly one of the two imports; the other found it already there.
  const done = (tab: Page) => tab.locator('[data-testid="ingest-file"][data-stage="done"]');
  const duplicate = (tab: Page) =>
    tab.locator('[data-testid="ingest-file"][data-stage="duplicate"]');
  const stored = (await done(a).count()) + (await done(b).count());
  const skipped = (await duplicate(a).count()) + (await duplicate(b).count());
  expect([stored, skipped]).toEqual([islands.length, islands.length]);

  await a.reload(); // what IndexedDB holds, not just what the tabs show
  await expect(a.getByTestId('doc-row')).toHaveCount(islands.length);
});

test('an import waits for the other tab’s write and says so; cancelled meanwhile, it stores nothing', async ({
  page,
}) => {
  const [a, b] = await twoTabs(page);
  // Tab B holds the library's write lock as its own long import would.
  await b.evaluate(() => {
    const w = window as unknown as { releaseWrite?: () => void };
    void navigator.locks.request(
      'ragtune-write:ragtune',
      () => new Promise<void>((resolve) => (w.releaseWrite = resolve)),
    );
  });
  await expect
    .poll(() => b.evaluate(() => typeof (window as { releaseWrite?: unknown }).releaseWrite))
    .toBe('function');

  // Cancelled while it waits, an import stores nothing and stops waiting at once.
  await a.getByTestId('file-input').setInputFiles([textFile('gulls.txt', 'Gulls nest here.')]);
  const cancelled = a.getByTestId('ingest-job').first();
  await expect(cancelled).toContainText('Waiting for the other tab’s import or edit to finish');
  await cancelled.getByRole('button', { name: 'Cancel' }).click();
  await expect(cancelled.getByTestId('ingest-file')).toHaveAttribute('data-stage', 'cancelled');
  await expect(cancelled.getByRole('button', { name: 'Dismiss import report' })).toBeVisible();

  await a.getByTestId('file-input').setInputFiles([ferry]);
  await expect(a.getByTestId('ingest-job')).toHaveCount(2);
  const job = a.getByTestId('ingest-job').first();
  await expect(job).toContainText('Waiting for the other tab’s import or edit to finish');
  await expect(docRow(a, 'ferry.txt')).toHaveCount(0);

  await b.evaluate(() => (window as unknown as { releaseWrite: () => void }).releaseWrite());
  await expect(job.getByRole('button', { name: 'Dismiss import report' })).toBeVisible();
  await expect(job).not.toContainText('Waiting for the other tab');
  await expect(job.locator('[data-testid="ingest-file"]')).toHaveAttribute('data-stage', 'done');
  await expect(docRow(a, 'ferry.txt')).toBeVisible();
  await expect(docRow(b, 'ferry.txt')).toBeVisible();
  await expect(docRow(a, 'gulls.txt')).toHaveCount(0);
});

test('a model registered in one tab is in the other’s menu; removed there, it goes', async ({
  page,
}) => {
  await page.context().route(/huggingface\.co|raw\.githubusercontent\.com/, (r) => r.abort());
  const [a, b] = await twoTabs(page);
  const url = new URL('test-models/ragtune-test/tiny-lm-variant/', a.url()).href;
  const id = url.replace(/\/$/, '');
  const openPicker = async (tab: Page) => {
    await showView(tab, 'Chat');
    await tab.getByTestId('model-picker').click();
    return tab.getByRole('dialog', { name: 'Choose a model' });
  };

  const inB = await openPicker(b);
  await inB.locator('summary', { hasText: 'Add your own fine-tune' }).click();
  await inB.getByTestId('byo-engine-onnx').check();
  await inB.getByTestId('byo-url').fill(url);
  await inB.getByTestId('byo-add').click();
  await expect(inB.getByTestId('byo-added')).toContainText('ragtune-test/tiny-lm-variant');

  const inA = await openPicker(a);
  const option = inA.locator(`[data-testid="model-option"][data-id="${id}"]`);
  await expect(option).toContainText('your model');
  const registered = inA.locator(`[data-testid="byo-model"][data-id="${id}"]`);
  await inA.locator('summary', { hasText: 'Add your own fine-tune' }).click();
  await registered.getByRole('button', { name: /^Remove / }).click();
  await expect(registered).toHaveCount(0);

  await expect(inB.locator(`[data-testid="model-option"][data-id="${id}"]`)).toHaveCount(0);
  await expect(inB.locator(`[data-testid="byo-model"][data-id="${id}"]`)).toHaveCount(0);
});
