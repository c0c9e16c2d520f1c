// The retrieval playground and the models behind it: k, threshold and reranking change the
// ranking live; a new embedding model re-embeds the library; a cached model loads without its host.
import { expect, test } from './fixtures';
import { addFiles, MODEL_HOST, openApp, searchFor, textFile, waitForModel } from './app';

const docs = [
  textFile('keeper.md', '# Keeper\n\nThe keeper rings the fog bell during storms.'),
  textFile('bells.txt', 'Church bells ring on Sunday mornings in the village.'),
  textFile('bees.txt', 'The queen bee lays eggs in the spring. Honey is harvested in autumn.'),
];

test('top k, the threshold and the reranker change the ranking as they change', async ({
  page,
}) => {
  await page.goto(
    `./?embedModel=ragtune-test%2Ftiny-bert&modelHost=${encodeURIComponent(MODEL_HOST)}&reranker=ragtune-test%2Ftiny-cross-encoder`,
  );
  await waitForModel(page);
  await addFiles(page, docs);
  const results = await searchFor(page, 'fog bell keeper storms', 'Hybrid');
  await expect(results.first()).toHaveAttribute('data-doc', 'keeper.md');
  await expect(results).toHaveCount(3);

  await page.getByLabel('Top k').fill('1');
  await expect(results).toHaveCount(1);
  await page.getByLabel('Top k').fill('5');
  await expect(results).toHaveCount(3);

  // A high cosine threshold keeps only the close match; the bee document drops out first.
  await page.locator('input[type="range"]').fill('0.3');
  await expect(page.locator('[data-testid="result"][data-doc="bees.txt"]')).toHaveCount(0);
  await expect(results.first()).toHaveAttribute('data-doc', 'keeper.md');
  await page.locator('input[type="range"]').fill('0');

  await page.getByTestId('rerank').check();
  await expect(results.first().getByText('rerank')).toBeVisible();
  await expect(results.first()).toHaveAttribute('data-doc', 'keeper.md');
  await expect(page.getByTestId('search-meta')).toContainText('+ rerank');
});

test('a new embedding model re-embeds the library, and a cached model loads with its host gone', async ({
  page,
  context,
}) => {
  await openApp(page);
  await addFiles(page, docs);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Settings' })
    .click();
  await page.getByTestId('custom-model-id').fill('ragtune-test/tiny-bert-256');
  await page.getByRole('button', { name: 'Use this model' }).click();
  await expect(page.getByTestId('model-status')).toContainText('256 dimensions', {
    timeout: 60_000,
  });
  const results = await searchFor(page, 'queen bee honey', 'Vector');
  await expect(results.first()).toHaveAttribute('data-doc', 'bees.txt');

  // The model files are now in the browser's cache: with the host unreachable it still loads.
  await context.route('**/test-models/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByTestId('model-chip')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000,
  });
  const again = await searchFor(page, 'queen bee honey', 'Vector');
  await expect(again.first()).toHaveAttribute('data-doc', 'bees.txt');

  // The model manager lists what the browser cached, and deletes it.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Settings' })
    .click();
  const cached = page.locator('[data-testid="cached-model"][data-id="ragtune-test/tiny-bert-256"]');
  await expect(cached).toBeVisible();
  await expect(cached).toContainText('MB');
  await cached.getByRole('button', { name: 'Delete ragtune-test/tiny-bert-256' }).click();
  await expect(cached).toHaveCount(0);
});
