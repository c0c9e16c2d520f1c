// Search for people: a result's text is rendered (its Markdown as formatting, never raw marks)
// with the query's words marked; a query nothing matches by keyword says "weak match" instead of
// looking like an answer; a legend says what each score means.
import { expect, test } from './fixtures';
import { addFiles, openApp, searchFor, textFile } from './app';

const GUIDE =
  '# Ferry guide\n\nThe **night ferry** to Tallinn leaves from *pier four*.\n\n' +
  '- Tickets are sold on board\n- Bicycles travel free\n';

test('results are rendered with the words marked; a nonsense query is a weak match', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, [textFile('ferry.md', GUIDE)]);

  let results = await searchFor(page, 'night ferry tickets', 'Hybrid');
  const text = results.first().getByTestId('result-text');
  await expect(text.locator('strong')).toContainText('night ferry');
  await expect(text.locator('li')).toHaveCount(2);
  await expect(text).not.toContainText('**');
  await expect(text.locator('mark').first()).toHaveText(/night|ferry|tickets/i);
  await expect(page.getByTestId('weak-match')).toHaveCount(0);
  await expect(results.first().getByTestId('meaning-only')).toHaveCount(0);

  // The raw passage, as the model reads it, is one click away — exactly the chunk's text.
  await results.first().getByRole('button', { name: 'Show raw text' }).click();
  const raw = results.first().getByTestId('result-raw');
  expect(await raw.textContent()).toMatch(/^# Ferry guide\n\nThe \*\*night ferry\*\*/);
  await results.first().getByRole('button', { name: 'Show formatted' }).click();
  await expect(results.first().getByTestId('result-text')).toBeVisible();

  const legend = page.getByTestId('score-legend');
  await legend.locator('summary').click();
  await expect(legend).toContainText('Cosine similarity');

  results = await searchFor(page, 'zyxwv qoplmk', 'Hybrid');
  await expect(results.first()).toBeVisible();
  await expect(page.getByTestId('weak-match')).toContainText('Weak match');
  await expect(results.first().getByTestId('meaning-only')).toBeVisible();
  // The same passage as before, now matching none of the words: no mark of the last query stays.
  await expect(results.first().getByTestId('result-text').locator('mark')).toHaveCount(0);
});
