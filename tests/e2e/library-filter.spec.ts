// The library list is filtered by name and status and sorted by a person's choice, by pointer.
import { expect, test } from './fixtures';
import { addFiles, docRow, openApp, textFile } from './app';

test('filter by name and status, sort, and clear the filter', async ({ page }) => {
  await openApp(page, { model: false });
  await addFiles(page, [
    textFile('harbour rules 10.md', '# Harbour\n\nBoats moor at the east quay after dark.'),
    textFile('harbour rules 9.md', '# Harbour\n\nThe harbour master answers on channel 14.'),
    textFile('ferry timetable.txt', 'The ferry leaves at seven and at nine every morning.'),
  ]);
  const rows = page.getByTestId('doc-row');
  await expect(rows).toHaveCount(3);

  await page.getByLabel('Filter by name').fill('harbour');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('library-filter-count')).toContainText('2 of 3 documents match');
  await expect(docRow(page, 'ferry timetable.txt')).toHaveCount(0);

  await page.getByLabel('Sort by').selectOption({ label: 'Name' });
  await expect(rows.nth(0)).toHaveAttribute('data-name', 'harbour rules 9.md');
  await expect(rows.nth(1)).toHaveAttribute('data-name', 'harbour rules 10.md');

  await page.getByLabel('Filter by name').fill('tram');
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('library-filter-count')).toContainText('No document matches');
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(rows).toHaveCount(3);
  await expect(page.getByLabel('Filter by name')).toHaveValue('');
  // The sort stays as chosen.
  await expect(rows.nth(0)).toHaveAttribute('data-name', 'ferry timetable.txt');

  await page.getByLabel('Status').selectOption({ label: 'Indexed' });
  await expect(rows).toHaveCount(0); // no embedding model here: every document is keyword only
  await page.getByLabel('Status').selectOption({ label: 'Keyword only' });
  await expect(rows).toHaveCount(3);
});
