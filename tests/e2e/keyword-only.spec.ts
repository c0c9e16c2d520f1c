// With no embedding model available (offline, unreachable host), the library still works:
// documents are stored keyword-only and vector searches fall back to keyword with a notice.
import { expect, test } from './fixtures';
import { addFiles, docRow, openApp, searchFor, textFile } from './app';

test('keyword search works from the first second without an embedding model', async ({ page }) => {
  await openApp(page, { model: false });
  await expect(page.getByTestId('model-chip')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('model-chip')).toContainText('Keyword search only');
  await addFiles(page, [
    textFile('keeper.md', '# Keeper\n\nThe keeper rings the fog bell during storms.'),
  ]);
  await expect(docRow(page, 'keeper.md')).toContainText('Keyword only');

  const results = await searchFor(page, 'fog bell', 'Vector', { answeredBy: 'keyword' });
  await expect(page.getByTestId('search-meta')).toContainText('keyword');
  await expect(results.first()).toHaveAttribute('data-doc', 'keeper.md');
  await expect(
    page.getByRole('status').filter({ hasText: 'No embedding model is ready' }),
  ).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Settings' })
    .click();
  await expect(page.getByTestId('model-status').getByRole('alert')).not.toContainText(
    'Failed to fetch',
  );
});
