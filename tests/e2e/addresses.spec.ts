// What is open has an address too: a document (over any view), a comparison and an experiment.
// Reloading the address opens the same thing, Back and Forward open and close the document, and
// an address naming something this browser does not hold says so instead of showing nothing.
import { expect, test, type Page } from './fixtures';
import { addFiles, chooseFiles, docRow, openWithTinyLms, showView, textFile } from './app';

const POLICY =
  '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
  '## Hotels\n\nHotels are booked by the travel office.\n';
const FIRST = 'What is the per diem?';
const SECOND = 'Who books hotels?';

const hash = (page: Page) => new URL(page.url()).hash;

async function run(page: Page, question: string): Promise<void> {
  await page.getByTestId('lab-question').fill(question);
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 90_000 });
  await expect(page.getByTestId('lab-column').and(page.locator('[aria-busy="true"]'))).toHaveCount(
    0,
    { timeout: 60_000 },
  );
}

test('a document and a comparison have addresses that reopen them; Back closes the document', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);

  // The document, opened from the library by pointer.
  await docRow(page, 'policy.md').getByRole('button', { name: 'policy.md', exact: true }).click();
  const viewer = page.getByRole('dialog', { name: 'policy.md' });
  await expect(viewer).toBeVisible();
  await expect.poll(() => hash(page)).toMatch(/^#\/library\/document\/[^/]+$/);
  const documentAddress = page.url();
  await page.reload();
  await expect(viewer).toBeVisible();
  await viewer.getByRole('button', { name: 'Close document' }).click();
  await expect(viewer).toBeHidden();
  await expect.poll(() => hash(page)).toBe('#/library');
  await page.goBack();
  await expect(viewer).toBeVisible();
  expect(page.url()).toBe(documentAddress);
  await page.goForward();
  await expect(viewer).toBeHidden();

  // Two comparisons: each address opens its own.
  await showView(page, 'Compare');
  await run(page, FIRST);
  await expect.poll(() => hash(page)).toMatch(/^#\/compare\/comparison\/[^/]+$/);
  const firstAddress = page.url();
  await run(page, SECOND);
  await expect.poll(() => page.url()).not.toBe(firstAddress);
  const secondAddress = page.url();
  expect(new URL(secondAddress).hash).toMatch(/^#\/compare\/comparison\/[^/]+$/);

  await page.goto(firstAddress);
  await page.reload();
  await expect(page.getByTestId('lab-question')).toHaveValue(FIRST);
  await expect(page.getByTestId('lab-column')).toHaveCount(4);
  await page.goto(secondAddress);
  await page.reload();
  await expect(page.getByTestId('lab-question')).toHaveValue(SECOND);

  // An address naming what is not here says so.
  await page.goto(firstAddress.replace(/comparison\/[^/]+$/, 'comparison/not-here'));
  await page.reload();
  await expect(page.getByText('The comparison this address names is not saved')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Compare', level: 2 }).first()).toBeVisible();
});

test('an experiment has an address that reopens it after a reload', async ({ page }) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
  await chooseFiles(page, page.getByTestId('set-file'), {
    name: 'one.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(`{"question":"${FIRST}","answer":"62 euros"}\n`, 'utf8'),
  });
  await page.getByTestId('eval-start').click();
  const experiment = page.getByTestId('experiment');
  await expect(experiment).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect.poll(() => hash(page)).toMatch(/^#\/evaluate\/experiment\/[^/]+$/);
  const name = await experiment.getByRole('heading', { level: 2 }).innerText();

  // Another view, then the address again: the same experiment, with its results.
  const address = page.url();
  await showView(page, 'Chat');
  await page.goto(address);
  await page.reload();
  await expect(experiment.getByRole('heading', { level: 2 })).toHaveText(name);
  await expect(experiment).toHaveAttribute('data-done', '4');
});
