// The comparison lab end to end with the tests' two tiny LMs: the base copies its answer out of the
// prompt, the variant does the same after "Certainly:". So every column's text shows which model
// wrote it and whether the document reached it — and each label must name exactly that.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from './fixtures';
import {
  TINY_LM,
  TINY_LM_VARIANT,
  addFiles,
  openWithTinyLms,
  searchFor,
  showView,
  textFile,
} from './app';

const QUESTION = 'What is the per diem?';
const POLICY =
  '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
  'Receipts are not needed for the per diem: it is paid as 62 euros [1].\n';
const NO_ANSWER = 'I could not find this in the sources.';

/** What each model must write in each mode: the proof of who answered and what it saw. */
function expected(model: string, context: string): RegExp {
  const withDoc = context !== 'none';
  const body = withDoc ? 'it is paid as 62 euros \\[1\\]\\.' : NO_ANSWER.replace('.', '\\.');
  return new RegExp(`^${model === TINY_LM_VARIANT ? 'Certainly: ' : ''}${body}$`, 'i');
}

async function openLab(page: Page): Promise<void> {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Compare');
  await expect(page.getByTestId('arm-setup')).toHaveCount(4);
}

async function run(page: Page, question = QUESTION): Promise<Locator> {
  await page.getByTestId('lab-question').fill(question);
  await page.getByTestId('lab-run').click();
  const columns = page.getByTestId('lab-column');
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 90_000 });
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0, { timeout: 60_000 });
  return columns;
}

/** Every column's label, model id and mode match the text it holds. */
async function checkTruthful(columns: Locator, count: number): Promise<string[]> {
  await expect(columns).toHaveCount(count);
  const seen: string[] = [];
  for (let i = 0; i < count; i++) {
    const column = columns.nth(i);
    const model = (await column.getAttribute('data-model')) ?? '';
    const context = (await column.getAttribute('data-context')) ?? '';
    const text = (await column.getByTestId('answer-text').innerText()).trim();
    expect(text, `column ${i + 1} (${model}, ${context})`).toMatch(expected(model, context));
    const label = await column.getByTestId('lab-column-label').innerText();
    expect(label).toContain(model.split('/').pop()!);
    expect(label).toContain(
      context === 'none' ? 'no documents' : context === 'rag' ? 'RAG' : 'full',
    );
    seen.push(`${model}|${context}`);
  }
  return seen;
}

test.describe.configure({ timeout: 180_000 });

test('base × variant × RAG off/on: each column holds the answer of the model and mode it names, in both orders and after a reload', async ({
  page,
}) => {
  await openLab(page);
  await expect(page.getByTestId('lab-plan')).toHaveAttribute('data-waves', '1');
  const columns = await run(page);
  expect(await checkTruthful(columns, 4)).toEqual([
    `${TINY_LM}|none`,
    `${TINY_LM}|rag`,
    `${TINY_LM_VARIANT}|none`,
    `${TINY_LM_VARIANT}|rag`,
  ]);
  // The RAG column shows its source, its prompt holds the fact, and its figures are there.
  const rag = columns.nth(1);
  await expect(rag.getByTestId('answer-source')).toHaveAttribute('data-doc', 'policy.md');
  await rag.getByTestId('answer-prompt').locator('summary').click();
  await expect(rag.getByTestId('answer-prompt')).toContainText('62 euros');
  await expect(rag.getByTestId('lab-figures')).toContainText('Prompt');
  await expect(rag.getByTestId('grounding')).toHaveAttribute('data-supported', '100%');
  // A column given no documents has no grounding score (issue 10: not a misleading 0 %).
  await expect(columns.nth(0).getByTestId('grounding')).toHaveCount(0);
  await expect(page.getByTestId('lab-swaps')).toContainText('tiny-lm-variant');

  // The other order: the variant's arms first, then the base's; plus a full-documents arm.
  const selects = page.getByTestId('arm-setup');
  await selects.nth(0).getByLabel('Model of arm 1').selectOption({ label: 'tiny-lm-variant' });
  await selects.nth(1).getByLabel('Model of arm 2').selectOption({ label: 'tiny-lm-variant' });
  // Arms 3 and 4 were the variant's; they become the base's.
  await selects.nth(2).getByLabel('Model of arm 3').selectOption({ label: 'tiny-lm (base)' });
  await selects.nth(3).getByLabel('Model of arm 4').selectOption({ label: 'tiny-lm (base)' });
  await page.getByRole('button', { name: 'Add arm' }).click();
  await expect(selects).toHaveCount(5);
  await expect(selects.nth(4).getByLabel('Context of arm 5')).toHaveValue('full');
  const again = await run(page);
  expect(await checkTruthful(again, 5)).toEqual([
    `${TINY_LM_VARIANT}|none`,
    `${TINY_LM_VARIANT}|rag`,
    `${TINY_LM}|none`,
    `${TINY_LM}|rag`,
    `${TINY_LM}|full`,
  ]);
  const full = again.nth(4);
  await full.getByTestId('answer-prompt').locator('summary').click();
  await expect(full.getByTestId('answer-prompt')).toContainText('The daily meal allowance');

  // After a reload both comparisons are saved, and the first one still tells the truth.
  await page.reload();
  await showView(page, 'Compare');
  const items = page.getByTestId('comparison-item');
  await expect(items).toHaveCount(2);
  await items.nth(1).getByRole('button', { name: QUESTION, exact: true }).click();
  expect(await checkTruthful(page.getByTestId('lab-column'), 4)).toEqual([
    `${TINY_LM}|none`,
    `${TINY_LM}|rag`,
    `${TINY_LM_VARIANT}|none`,
    `${TINY_LM_VARIANT}|rag`,
  ]);

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' '))}`)).toEqual([]);
});

test('blind mode hides who answered until the vote, then reveals labels that match the answers; votes are tallied', async ({
  page,
}) => {
  await openLab(page);
  await page.getByLabel('Blind mode').check();
  const columns = await run(page);
  await expect(columns).toHaveCount(4);
  const labels = await columns.getByTestId('lab-column-label').allInnerTexts();
  expect(labels).toEqual(['Answer A', 'Answer B', 'Answer C', 'Answer D']);
  await expect(columns.first()).not.toHaveAttribute('data-model');
  await expect(columns.getByTestId('answer-source')).toHaveCount(0);

  // Vote for the variant's RAG answer, found by its text alone.
  const texts = (await columns.getByTestId('answer-text').allInnerTexts()).map((t) => t.trim());
  const pick = texts.findIndex((t) => expected(TINY_LM_VARIANT, 'rag').test(t));
  expect(pick).toBeGreaterThanOrEqual(0);
  await columns.nth(pick).getByTestId('vote').click();
  await expect(page.getByTestId('vote-result')).toContainText(String.fromCharCode(65 + pick));
  await checkTruthful(columns, 4);
  await expect(columns.nth(pick)).toHaveAttribute('data-model', TINY_LM_VARIANT);
  await expect(columns.nth(pick)).toHaveAttribute('data-context', 'rag');
  const tally = page.getByTestId('vote-tally');
  // Arm, rating, wins, ties, losses, shown.
  await expect(tally.getByRole('row', { name: /tiny-lm-variant · RAG \d+ 1 0 0 1/ })).toBeVisible();
  await expect(columns.nth(pick).getByTestId('your-pick')).toBeVisible();

  await page.reload();
  await showView(page, 'Compare');
  await page
    .getByTestId('comparison-item')
    .first()
    .getByRole('button', { name: QUESTION, exact: true })
    .click();
  await checkTruthful(page.getByTestId('lab-column'), 4);
  await expect(page.getByTestId('vote-tally')).toContainText('tiny-lm-variant · RAG');
});

test('freshness demo: after the price is edited, the RAG arm’s prompt and answer carry the new price; the model alone knows neither', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await showView(page, 'Compare');
  const demo = page.getByTestId('freshness-demo');
  await expect(demo).toHaveAttribute('open', ''); // in front, not folded away
  await demo.getByRole('button', { name: 'Add the sample' }).click();
  await expect(demo).toContainText('✓ in the library', { timeout: 60_000 });
  await demo.getByRole('button', { name: 'Ask', exact: true }).click();
  const columns = page.getByTestId('lab-column');
  await expect(columns).toHaveCount(4);
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 90_000 });
  const rag = columns.nth(1);
  await expect(rag).toHaveAttribute('data-context', 'rag');
  await expect(rag.getByTestId('answer-text')).toContainText(/4, ?350 euros/);
  await expect(columns.nth(0).getByTestId('answer-text')).toHaveText(NO_ANSWER);

  await demo.getByRole('button', { name: 'Change the price' }).click();
  await expect(demo).toContainText('✓ edited', { timeout: 60_000 });
  await demo.getByRole('button', { name: 'Ask again' }).click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 90_000 });
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0, { timeout: 60_000 });
  const fresh = columns.nth(1);
  await expect(fresh.getByTestId('answer-text')).toContainText(/3, ?980 euros/);
  await expect(fresh.getByTestId('answer-text')).not.toContainText('350');
  await fresh.getByTestId('answer-prompt').locator('summary').click();
  await expect(fresh.getByTestId('answer-prompt')).toContainText('3,980 euros');
  await expect(fresh.getByTestId('answer-prompt')).not.toContainText('4,350');
  await expect(columns.nth(0).getByTestId('answer-text')).toHaveText(NO_ANSWER);
  const verdicts = page.getByTestId('freshness-verdicts');
  await expect(verdicts.locator(`tr[data-arm="transformers:${TINY_LM}|rag"]`)).toHaveAttribute(
    'data-before',
    'original',
  );
  await expect(verdicts.locator(`tr[data-arm="transformers:${TINY_LM}|rag"]`)).toHaveAttribute(
    'data-after',
    'new',
  );
  await expect(verdicts.locator(`tr[data-arm="transformers:${TINY_LM}|none"]`)).toHaveAttribute(
    'data-after',
    'neither',
  );

  // The sample is put back as it ships: the library is as it was, and the demo can run again.
  await demo.getByRole('button', { name: 'Restore 4,350 euros' }).click();
  await expect(demo).toContainText('✓ restored', { timeout: 60_000 });
  await expect(demo.getByRole('button', { name: 'Change the price' })).toBeEnabled();
  const results = await searchFor(page, 'Halcyon price euros', 'Keyword (BM25)');
  await expect(results.first()).toContainText('4,350 euros');
  await expect(page.getByTestId('results')).not.toContainText('3,980');
});

test('models that do not fit the memory budget together run in waves; a model that cannot load fails in its own column only', async ({
  page,
}) => {
  await openLab(page);
  // Two arms: the tiny LM (size unknown: counted as 0) and Qwen2.5-0.5B (520 MB on WASM), which
  // this offline test host does not have.
  const rows = page.getByTestId('arm-setup');
  await page.getByRole('button', { name: 'Remove arm 4' }).click();
  await page.getByRole('button', { name: 'Remove arm 3' }).click();
  await expect(rows).toHaveCount(2);
  await rows
    .nth(1)
    .getByLabel('Model of arm 2')
    .selectOption({ label: 'Qwen2.5-0.5B-Instruct (base)' });
  await page.getByLabel('Memory for models at once').fill('256');
  await page.getByLabel('Memory for models at once').press('Tab');
  const plan = page.getByTestId('lab-plan');
  await expect(plan).toHaveAttribute('data-waves', '2');
  await expect(plan).toContainText('more than the whole 256 MB budget');

  // Qwen's 520 MB is asked about first (issue 10: no large download without a yes).
  await page.getByTestId('lab-question').fill(QUESTION);
  await page.getByTestId('lab-run').click();
  await page
    .getByTestId('download-consent')
    .getByRole('button', { name: 'Download and run' })
    .click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 90_000 });
  const columns = page.getByTestId('lab-column');
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0, { timeout: 60_000 });
  await expect(columns).toHaveCount(2);
  await expect(columns.nth(0).getByTestId('answer-text')).toHaveText(NO_ANSWER);
  await expect(columns.nth(0)).toHaveAttribute('data-model', TINY_LM);
  await expect(columns.nth(1).getByRole('alert')).toContainText(/Qwen2\.5-0\.5B-Instruct/);
  await expect(columns.nth(1).getByTestId('answer-text')).toHaveCount(0);
  // Each load is its own figure; the failed one says so.
  await expect(page.getByTestId('lab-swaps')).toContainText('failed');
});
