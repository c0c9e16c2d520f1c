// A result opens its document at that very chunk: in a long document the target is a later
// chunk, exactly that one is highlighted, and the Full text marks the hit's text at its stored offsets.
import { expect, test } from './fixtures';
import { addFiles, openApp, searchFor, textFile } from './app';
import { chunkIndexOf, expectOpenedAt, longDocument } from './steps';

const MARKER = 'The harbour cat is named Pepper and sleeps on the warm tarpaulin.';
const GUIDE = longDocument('Harbour guide', 6, { 4: MARKER });

test('a search result in the fourth watch opens the long document there, highlighted alone', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, [textFile('harbour-guide.md', GUIDE)]);
  const results = await searchFor(page, 'Pepper tarpaulin', 'Keyword (BM25)');
  await expect(results).toHaveCount(1);
  // The passage as the model reads it: the raw text, Markdown marks and all.
  await results.first().getByRole('button', { name: 'Show raw text' }).click();
  const hitText = (await results.first().getByTestId('result-raw').textContent()) ?? '';
  expect(hitText).toContain(MARKER);
  expect(hitText).toContain('## Watch 4');

  await results.first().getByRole('button', { name: 'harbour-guide.md' }).click();
  const viewer = page.getByRole('dialog', { name: 'harbour-guide.md' });
  await expect(viewer.getByTestId('viewer-meta')).toContainText('6 chunks');
  // The chunk whose text is the hit's: the fourth watch (the title joins the first).
  const index = await chunkIndexOf(viewer, hitText);
  expect(index).toBe(3);
  await expect(viewer.getByTestId('viewer-chunk').nth(index)).toContainText(
    '#4 · Harbour guide › Watch 4',
  );
  const { shown, markAt } = await expectOpenedAt(viewer, index, hitText);
  // The whole document is shown, and the mark sits where the chunk was cut from it.
  expect(shown).toBe(GUIDE.trimEnd());
  expect(GUIDE.indexOf(hitText)).toBe(markAt);
  expect(GUIDE.indexOf(hitText, markAt + 1)).toBe(-1);
});
