// A re-embedding (a new embedding model for the library) cut off by reopening the app mid-way: the
// app says so with how far it got, waits to be asked, and Resume (clicked) finishes the rest.
import { expect, test, type Page } from './fixtures';
import { ENGLISH_WORDS } from '../fixtures/models/englishWords';
import { MODEL_HOST, addFiles, openApp, searchFor, showView, textFile } from './app';

const NEW_MODEL = 'ragtune-test/tiny-bert-256';
const DOCS = 40;
/** Each document's own topic word, and enough text (many chunks) that re-embedding takes a while. */
const topic = (i: number) => ENGLISH_WORDS[200 + i * 11]!;
const filler = ENGLISH_WORDS.slice(1000, 1400).join(' ');
const docs = Array.from({ length: DOCS }, (_, i) =>
  textFile(
    `note-${String(i).padStart(2, '0')}.txt`,
    Array.from({ length: 12 }, (_, p) => `${topic(i)} ${p}. ${filler}.`).join('\n\n'),
  ),
);

const progress = (page: Page) =>
  page.getByRole('status').filter({ hasText: 'Embedding with the new model' });

test('a re-embedding cut off by reopening the app is offered to resume, and Resume finishes it', async ({
  page,
}) => {
  test.setTimeout(240_000); // 40 documents imported, then embedded twice
  await openApp(page);
  await addFiles(page, docs);
  await showView(page, 'Settings');
  await page.getByTestId('custom-model-id').fill(NEW_MODEL);
  await page.getByRole('button', { name: 'Use this model' }).click();
  await showView(page, 'Library');
  await expect(progress(page)).toContainText(new RegExp(`: [1-9]\\d* of ${DOCS} documents`), {
    timeout: 60_000,
  });

  // Reopen without the test's model override, so the saved setting (the new model) stays.
  await page.goto(`./?modelHost=${encodeURIComponent(MODEL_HOST)}`);
  const offer = page.getByTestId('reindex-interrupted');
  await expect(offer).toContainText(
    new RegExp(`^Re-embedding with ${NEW_MODEL} was interrupted at \\d+ % \\((\\d+) of ${DOCS}`),
    { timeout: 60_000 },
  );
  const done = Number(/\((\d+) of/.exec((await offer.textContent()) ?? '')?.[1]);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(DOCS);
  await showView(page, 'Library');
  await expect(progress(page)).toHaveCount(0); // it waits to be asked

  await offer.getByRole('button', { name: 'Resume' }).click();
  await expect(offer).toHaveCount(0);
  await expect(progress(page)).toHaveCount(0, { timeout: 60_000 });
  // Every document is found by vector search with the new model, the last one included.
  for (const i of [0, DOCS - 1]) {
    const results = await searchFor(page, topic(i), 'Vector');
    await expect(results.first()).toHaveAttribute('data-doc', docs[i]!.name);
  }
  await page.reload();
  await expect(page.getByTestId('model-chip')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000,
  });
  await expect(offer).toHaveCount(0);
});
