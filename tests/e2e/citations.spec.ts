// A citation opens the source it names: with two documents, the tiny LM copies its answer from
// the later source, which carries "[2]"; clicking it opens the second document at that chunk.
// The tiny LM copies from the latest "ferry fare" in its prompt (tests/fixtures/models/tinyCausalLm.ts).
import { expect, test } from './fixtures';
import { addFiles, openWithTinyLms, textFile } from './app';
import { askByClick, chunkIndexOf, expectOpenedAt, longDocument, showChat } from './steps';

const QUESTION = 'What is the ferry fare?';
// Short and full of the query's words: first by BM25 and by cosine.
const TIMETABLE =
  '# Timetable\n\nThe ferry fare card is sold on the ferry. Ferry fare cards work on every ferry.\n';
// Long: its one passage with the query's words is in the fourth watch, diluted, so it comes second.
const TARIFFS = longDocument('Tariffs', 6, { 4: 'An adult ferry fare is 7 euros [2].' });

test('citation [2] opens the second source’s document at the cited chunk, not the first source', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('timetable.md', TIMETABLE), textFile('tariffs.md', TARIFFS)]);
  await showChat(page);
  await expect(page.getByTestId('rag-toggle')).toBeChecked();

  const answer = await askByClick(page, QUESTION);
  const sources = answer.getByTestId('answer-source');
  await expect(sources.nth(0)).toHaveAttribute('data-doc', 'timetable.md');
  await expect(sources.nth(1)).toHaveAttribute('data-doc', 'tariffs.md');
  await expect(sources.nth(1)).toContainText('ferry fare is 7 euros [2]');
  // No later source holds "fare", so the copy came from source 2.
  for (const later of await sources.all().then((all) => all.slice(2))) {
    await expect(later).not.toContainText('fare');
  }
  expect((await answer.getByTestId('answer-text').innerText()).trim()).toBe('is 7 euros [2].');
  const cited = (await sources.nth(1).locator('p.excerpt').textContent()) ?? '';

  await answer.locator('button.citation[data-cite="2"]').click();
  const viewer = page.getByRole('dialog', { name: 'tariffs.md' });
  await expect(viewer).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'timetable.md' })).toHaveCount(0);
  const index = await chunkIndexOf(viewer, cited);
  expect(index).toBe(3);
  await expect(viewer.getByTestId('viewer-chunk').nth(index)).toContainText('7 euros [2]');
  const { markAt } = await expectOpenedAt(viewer, index, cited);
  expect(markAt).toBe(TARIFFS.indexOf(cited));
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // Answer first: the text leads, the figures follow in one line below the sources.
  const order = await answer.evaluate((card) =>
    ['answer-text', 'source-chip', 'answer-stats'].map((id) =>
      [...card.querySelectorAll('*')].findIndex((el) => el.getAttribute('data-testid') === id),
    ),
  );
  expect(order).toEqual([...order].sort((a, b) => a - b));
  // The sources as numbered chips: the one the answer cites stands out, and opens its document.
  const chips = answer.getByTestId('source-chip');
  await expect(chips.nth(1)).toHaveAttribute('data-cited', 'true');
  await expect(chips.nth(0)).toHaveAttribute('data-cited', 'false');
  await chips.nth(0).click();
  await expect(page.getByRole('dialog', { name: 'timetable.md' })).toBeVisible();
});
