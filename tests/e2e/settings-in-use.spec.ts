// Settings → Downloaded models marks the models in use, and lists a model that finished loading
// without a Refresh.
import { expect, test } from './fixtures';
import { TEST_MODEL, openApp, showView } from './app';

test('the embedding model in use is marked, with no Refresh needed', async ({ page }) => {
  await openApp(page);
  await showView(page, 'Settings');
  const row = page.locator(`[data-testid="cached-model"][data-id="${TEST_MODEL}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('in-use')).toHaveText('in use: embeddings');
  await expect(page.getByTestId('downloaded-models')).not.toContainText(/^assets$/m);
});
