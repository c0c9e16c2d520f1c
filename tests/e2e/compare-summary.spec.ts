// Compare reads at a glance: after a run, a summary above the columns says per arm whether the
// answer came from the documents, its grounded share, times and prompt tokens with the context
// tax, each figure with its unit; the columns stay in one row of equal width, a fifth included.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { TINY_LM, TINY_LM_VARIANT, addFiles, openWithTinyLms, showView, textFile } from './app';

test.describe.configure({ timeout: 180_000 });

const POLICY =
  '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
  'Receipts are not needed for the per diem: it is paid as 62 euros [1].\n';

test('the verdict summary leads, and five arms stay in one row', async ({ page }) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Compare');
  await expect(page.getByTestId('arm-setup')).toHaveCount(4);
  await page.getByRole('button', { name: 'Add arm' }).click();
  await page.getByLabel('Context of arm 5').selectOption('full');
  await page.getByTestId('lab-question').fill('What is the per diem?');
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 150_000 });

  const summary = page.getByTestId('verdict-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toBeInViewport();
  const row = (model: string, context: string) =>
    summary.locator(`tr[data-arm="transformers:${model}|${context}"]`);
  for (const model of [TINY_LM, TINY_LM_VARIANT]) {
    await expect(row(model, 'none')).toHaveAttribute('data-use', 'none-given');
    await expect(row(model, 'none').locator('[data-metric="grounded"]')).toHaveText('n/a');
    await expect(row(model, 'rag')).toHaveAttribute('data-use', 'from-documents');
    await expect(row(model, 'rag').locator('[data-metric="grounded"]')).toHaveText(/^\d+ %$/);
    await expect(row(model, 'rag').locator('[data-metric="prompt-tokens"]')).toContainText(
      /^\d[\d,]* tokens\s+\(\+\d[\d,]* for the documents\)$/,
    );
  }
  for (const cell of await summary.locator('[data-metric="ttft"], [data-metric="total"]').all()) {
    await expect(cell).toHaveText(/^\d+\.\d\d s$/);
  }

  // A column given no documents shows no grounding score; one given them does.
  const noDocs = page.locator(`[data-testid="lab-column"][data-arm="${TINY_LM}|none"]`);
  const withDocs = page.locator(`[data-testid="lab-column"][data-arm="${TINY_LM}|rag"]`);
  await expect(noDocs.getByTestId('grounding')).toHaveCount(0);
  await expect(withDocs.getByTestId('grounding')).toHaveCount(1);

  // Five columns side by side, equal in width, none wrapped below.
  const columns = page.getByTestId('lab-column');
  await expect(columns).toHaveCount(5);
  const boxes = await Promise.all((await columns.all()).map((c) => c.boundingBox()));
  const tops = new Set(boxes.map((b) => Math.round(b!.y)));
  const widths = new Set(boxes.map((b) => Math.round(b!.width)));
  expect(tops.size).toBe(1);
  expect(widths.size).toBe(1);

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});
