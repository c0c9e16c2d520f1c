// The model picker is searchable and filterable, by pointer: words narrow it to matching models
// (name, family, what they are tuned for), "only what this browser can run" leaves out WebLLM's
// models without WebGPU, the kind filter finds your fine-tunes, and Show all brings back the list.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { TINY_LM, openWithTinyLms } from './app';
import { askByClick, showChat } from './steps';
import { forceWebgpu } from './webgpu';

test('search and filter the model picker', async ({ page }) => {
  await forceWebgpu(page, 'none');
  await openWithTinyLms(page);
  await showChat(page);
  await page.getByTestId('model-picker').click();
  const options = page.getByTestId('model-option');
  const webllm = page.locator('[data-testid="model-option"][data-engine="webllm"]');
  await expect(webllm.first()).toBeVisible({ timeout: 60_000 });
  const all = await options.count();
  expect(all).toBeGreaterThan(10);

  await page.getByTestId('model-search').fill('coder');
  await expect(page.getByTestId('model-match-count')).toContainText('match');
  const ids = await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.length).toBeLessThan(all);
  for (const id of ids) expect(id.toLowerCase()).toContain('coder');

  await page.getByTestId('model-search').fill('');
  await page.getByLabel('Only models this browser can run').check();
  await expect(webllm).toHaveCount(0);
  await expect(
    page.locator('[data-testid="model-option"][data-engine="transformers"]'),
  ).not.toHaveCount(0);

  // The memory filter keeps only models known to need at most that much.
  await page.getByRole('button', { name: 'Show all' }).click();
  await page.getByLabel('Memory').selectOption({ label: 'Up to 1 GB' });
  const sizes = await options.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-memory-mb')),
  );
  expect(sizes.length).toBeGreaterThan(0);
  expect(sizes.length).toBeLessThan(all);
  for (const mb of sizes) expect(Number(mb)).toBeLessThanOrEqual(1024);
  await page.getByLabel('Memory').selectOption({ label: 'Any size' });

  await page.getByLabel('Kind').selectOption({ label: 'Your fine-tunes' });
  await expect(page.getByTestId('model-match-count')).toContainText('No model matches.');
  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(options).toHaveCount(all);
  await expect(page.getByTestId('model-search')).toHaveValue('');
  const scan = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);
});

test('a model whose files this browser has cached is marked downloaded in the picker', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await showChat(page);
  await askByClick(page, 'What is the per diem?');
  await page.getByTestId('model-picker').click();
  const option = (id: string) => page.locator(`[data-testid="model-option"][data-id="${id}"]`);
  await expect(option(TINY_LM)).toHaveAttribute('data-downloaded', 'true');
  await expect(option(TINY_LM).getByTestId('model-downloaded')).toHaveText('downloaded');
  // The storage those files take is said, in bytes the cache holds (the tiny LM's files at least).
  await expect(page.getByTestId('model-storage')).toContainText('Downloaded model files take');
  expect(
    Number(await page.getByTestId('model-storage').getAttribute('data-bytes')),
  ).toBeGreaterThan(1000);
  // "Only downloaded models" leaves exactly the cached ones.
  await page.getByLabel('Only downloaded models').check();
  await expect(option(TINY_LM)).toBeVisible();
  await expect(page.locator('[data-testid="model-option"][data-downloaded="false"]')).toHaveCount(
    0,
  );
  await page.getByRole('button', { name: 'Show all' }).click();
  // The catalogue's models were never fetched here: not marked.
  await expect(
    page.locator('[data-testid="model-option"][data-downloaded="false"]').first(),
  ).toBeVisible();
});
