// Settings → Vector index: the int8 scan is the default, and choosing each index by pointer gives
// the same vector results (documents, cosines, ranks) as the exact scan; a choice survives a reload.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addFiles, openApp, searchFor, showView, textFile, waitForModel } from './app';

const DOCS = [
  textFile('bells.txt', 'The fog bell rings over the harbour when storms come in from the sea.'),
  textFile('bees.txt', 'The queen bee and her workers make honey in the old orchard hives.'),
  textFile('lamps.txt', 'Whale oil once burned in every lamp along the quay at night.'),
  textFile('ice.txt', 'The glacier keeps its ice through the short northern summer.'),
];
const QUERY = 'honey from the orchard bees';

const NOTICES = {
  'Int8 scan': 'Vector search now uses the int8 scan.',
  Voy: 'Vector search now uses Voy.',
  'Exact scan': 'Vector search now uses the exact scan.',
};

/** The vector results for QUERY, searched afresh (another query first, so none is stale). */
async function vectorResults(page: Page) {
  await searchFor(page, 'glacier', 'Vector');
  const results = await searchFor(page, QUERY, 'Vector');
  await expect(results).toHaveCount(4);
  return results.evaluateAll((items) =>
    // The document and the scores the card shows (vector cosine and its rank).
    items.map((i) => `${i.getAttribute('data-doc')} ${i.querySelector('dl')?.textContent ?? ''}`),
  );
}

test('each vector index, chosen by pointer, ranks like the exact scan; the choice is kept', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, DOCS);
  await showView(page, 'Settings');
  await expect(page.getByRole('radio', { name: /^Int8 scan/ })).toBeChecked();
  await expect(page.getByText('Int8 scan (default)')).toBeVisible();

  const radioFor = (label: keyof typeof NOTICES) =>
    page.getByRole('radio', { name: new RegExp(`^${label}`) });
  const choose = async (label: keyof typeof NOTICES) => {
    await showView(page, 'Settings');
    await page.getByText(label, { exact: true }).click();
    await expect(page.getByText(NOTICES[label])).toBeVisible();
    await expect(radioFor(label)).toBeChecked();
  };

  const int8Default = await vectorResults(page);
  await choose('Exact scan');
  const exact = await vectorResults(page);
  expect(exact[0]).toMatch(/^bees\.txt/);
  expect(int8Default).toEqual(exact);

  await page.reload();
  await waitForModel(page);
  await showView(page, 'Settings');
  await expect(radioFor('Exact scan')).toBeChecked();

  await choose('Voy');
  expect(await vectorResults(page)).toEqual(exact);
  await choose('Int8 scan');
  expect(await vectorResults(page)).toEqual(exact);
});

test('the vector index card at 1280 and 390 px, light and dark', async ({ page }, info) => {
  for (const width of [1280, 390]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await openApp(page, { model: false });
      await showView(page, 'Settings');
      const card = page.locator('section[aria-labelledby="index-heading"]');
      await expect(card.getByRole('radio')).toHaveCount(3);
      await card.screenshot({ path: info.outputPath(`vector-index-${width}-${colorScheme}.png`) });
    }
  }
});
