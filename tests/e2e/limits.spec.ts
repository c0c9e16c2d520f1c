// Bad input past ragtune's limits, end to end through the file pickers: deeply nested JSON gets
// its own message naming the file, a file name with a right-to-left override is shown with it
// neutralised, and an experiment file with an out-of-range number is refused naming the field.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { docRow, openApp, showView, textFile, type FileSpec } from './app';

/** Picks files through the real picker, opened by clicking its visible control. */
async function pick(page: Page, control: string, files: FileSpec[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByText(control).click();
  await (await chooser).setFiles(files);
}

const json = (name: string, text: string): FileSpec => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(text, 'utf8'),
});

test('a JSON file nested 200,000 levels deep is refused with a message naming it', async ({
  page,
}) => {
  await openApp(page, { model: false });
  const depth = 200_000;
  await pick(page, 'Choose files…', [json('deep.json', '['.repeat(depth) + ']'.repeat(depth))]);
  const row = page.getByTestId('ingest-file').filter({ hasText: 'deep.json' });
  await expect(row).toHaveAttribute('data-stage', 'failed');
  await expect(row.getByRole('alert')).toContainText(
    'deep.json nests lists or objects more than 1000 levels deep',
  );
  await expect(row.getByRole('alert')).not.toContainText(/call stack/i);
});

test('a file name with a right-to-left override is listed with the override shown', async ({
  page,
}) => {
  await openApp(page, { model: false });
  const disguised = 'invoice\u202Efdp.md';
  await pick(page, 'Choose files…', [
    { name: disguised, mimeType: 'text/markdown', buffer: Buffer.from('# Invoice\n\nDue in May.') },
  ]);
  const row = docRow(page, disguised);
  await expect(row).toHaveCount(1);
  const name = row.getByRole('button', { name: 'invoice⟨U+202E⟩fdp.md', exact: true });
  await expect(name).toBeVisible();
  await expect(name).toHaveText('invoice⟨U+202E⟩fdp.md');
});

/** A valid experiment file but for its temperature. */
function experimentFile(temperature: number): string {
  const arm = { model: { engine: 'transformers', id: 'tiny/lm' }, context: 'rag' };
  return JSON.stringify({
    format: 'ragtune-experiment',
    version: 1,
    exportedAt: '2026-01-01T00:00:00.000Z',
    experiment: {
      id: 'e1',
      name: 'Hot run',
      createdAt: 1,
      updatedAt: 2,
      status: 'done',
      set: { name: 'set', source: 'jsonl', items: [{ id: 'q1', question: 'Q?', answers: ['A'] }] },
      arms: [arm],
      decoding: { temperature, topP: 1, maxTokens: 64, seed: 42 },
      search: { mode: 'hybrid', topK: 5, threshold: 0, rerank: false },
      chunking: { maxTokens: 200, overlapTokens: 40 },
      embeddingModel: 'm',
      documents: [],
    },
    results: [],
  });
}

test('an experiment file with temperature −5 is refused, naming the field and its range', async ({
  page,
}) => {
  await openApp(page, { model: false });
  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
  await pick(page, 'Import an experiment file', [json('hot.json', experimentFile(-5))]);
  await expect(page.getByRole('alert').filter({ hasText: 'hot.json' })).toContainText(
    'experiment.decoding.temperature is -5; Temperature must be between 0 and 2',
  );
  await expect(page.getByTestId('experiment-item')).toHaveCount(0);
  // The same file in range imports.
  await pick(page, 'Import an experiment file', [json('fine.json', experimentFile(0.7))]);
  await expect(page.getByTestId('experiment-item')).toHaveCount(1);
});

test('a large import lists a page of file rows with counts, and Show all lists every file', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page, { model: false });
  const files = Array.from({ length: 60 }, (_, i) =>
    textFile(`note-${i}.txt`, `Note ${i} about the harbour crane number ${i}.`),
  );
  files.push(json('deep.json', '['.repeat(5000) + ']'.repeat(5000)));
  await pick(page, 'Choose files…', files);
  const job = page.getByTestId('ingest-job').first();
  await expect(job.getByRole('button', { name: 'Dismiss import report' })).toBeVisible({
    timeout: 60_000,
  });
  const rows = job.getByTestId('ingest-file');
  await expect(rows).toHaveCount(50);
  // The failure comes first, whatever its place in the import.
  await expect(rows.first()).toContainText('deep.json');
  await expect(job.getByTestId('ingest-summary')).toContainText('60 added · 1 failed');
  const { violations } = await new AxeBuilder({ page })
    .include('[data-testid="ingest-job"]')
    .analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  await job.getByRole('button', { name: 'Show all 61 files' }).click();
  await expect(rows).toHaveCount(61);
});
