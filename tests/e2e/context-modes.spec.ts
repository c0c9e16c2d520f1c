// The one prompt builder's modes end to end, by pointer, with the tests' own tiny LMs (they copy
// their answer out of the prompt): the chat's "full documents" sends whole documents and says so,
// also after a reload; a Compare arm with HyDE searches what its own model wrote, and says so;
// a question set over multi-query and HyDE arms scores and exports each arm under its own name.
import { expect, test, type Locator, type Page } from './fixtures';
import { readFile } from 'node:fs/promises';
import { parseCsvRows } from '../../src/lib/ingest/parse/csv';
import {
  TINY_LM,
  addFiles,
  chooseFiles,
  openWithTinyLms,
  showView,
  textFile,
  waitForModel,
} from './app';
import { askByClick, showChat } from './steps';

const QUESTION = 'What is the per diem?';
const FACT = 'The daily meal allowance (per diem) is 62 euros.';
const POLICY = `# Travel policy\n\n${FACT}\n\nReceipts are not needed for the per diem: it is paid as 62 euros [1].\n`;
/** A document with nothing about the per diem: RAG has no reason to give it, full documents does. */
const HOTELS_TEXT = 'Hotels are booked by the travel desk two weeks ahead.';
const HOTELS = `# Hotels\n\n${HOTELS_TEXT}\n`;
/** What the tiny LM writes when its prompt holds nothing to copy: HyDE's hypothetical answer. */
const NO_ANSWER = 'I could not find this in the sources.';

test.describe.configure({ timeout: 180_000 });

/**
 * In Compare, by pointer: of the four default arms keeps the tiny LM with RAG (arm 2) and adds
 * a second arm of it with RAG; returns the arm rows.
 */
async function twoRagArms(page: Page): Promise<Locator> {
  await showView(page, 'Compare');
  const rows = page.getByTestId('arm-setup');
  await expect(rows).toHaveCount(4);
  await page.getByRole('button', { name: 'Remove arm 4' }).click();
  await page.getByRole('button', { name: 'Remove arm 3' }).click();
  await page.getByRole('button', { name: 'Remove arm 1' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0).getByLabel('Context of arm 1')).toHaveValue('rag');
  await page.getByRole('button', { name: 'Add arm' }).click();
  await rows.nth(1).getByLabel('Context of arm 2').selectOption('rag');
  return rows;
}

test('chat with full documents answers from a whole document, and its pill says so after a reload', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY), textFile('hotels.md', HOTELS)]);
  await showChat(page);
  await expect(page.getByTestId('rag-toggle')).toBeChecked();
  await expect(page.getByTestId('context-mode-rag')).toBeChecked();
  await page.getByTestId('context-mode-full').click();
  await expect(page.getByTestId('context-mode-full')).toBeChecked();

  const answer = await askByClick(page, QUESTION);
  await expect(answer.getByTestId('answer-text')).toHaveText(/it is paid as 62 euros \[1\]\./);
  await expect(answer.getByTestId('answer-model')).toHaveAttribute('data-model', TINY_LM);
  const pill = answer.getByTestId('answer-rag');
  await expect(pill).toHaveAttribute('data-mode', 'full');
  await expect(pill).toHaveText('Full documents · 2 documents');
  // Both documents went in whole, the one that matches the question first.
  const sources = answer.getByTestId('answer-source');
  await expect(sources).toHaveCount(2);
  await expect(sources.nth(0)).toHaveAttribute('data-doc', 'policy.md');
  await expect(sources.nth(1)).toHaveAttribute('data-doc', 'hotels.md');
  await answer.getByTestId('answer-prompt').locator('summary').click();
  await expect(answer.getByTestId('answer-prompt')).toContainText(HOTELS_TEXT);
  await expect(answer.getByTestId('answer-prompt')).toContainText(FACT);

  // The choice and the label are kept: a reload shows the same pill from the saved answer.
  await page.reload();
  await waitForModel(page);
  await showChat(page);
  await page.getByTestId('conversation').first().getByRole('button', { name: QUESTION }).click();
  const back = page.getByTestId('answer').first();
  await expect(back.getByTestId('answer-rag')).toHaveAttribute('data-mode', 'full');
  await expect(back.getByTestId('answer-rag')).toHaveText('Full documents · 2 documents');
  await expect(back.getByTestId('answer-source')).toHaveCount(2);
});

test('a Compare arm with HyDE searches its own model’s passage beside the question, and its column says so', async ({
  page,
}) => {
  // Six passages about the per diem fill the question's top 5; the notes share words only with
  // the tiny LM's hypothetical answer ("could not find … sources"), so only HyDE brings them in.
  const cities = ['Paris', 'Berlin', 'Madrid', 'Rome', 'Vienna'];
  const files = [
    textFile('policy.md', POLICY),
    ...cities.map((c) => textFile(`${c}.md`, `# ${c}\n\nThe per diem in ${c} is paid daily.\n`)),
    textFile('notes.md', '# Field notes\n\nThe rangers could not find the sources of the river.\n'),
  ];
  await openWithTinyLms(page);
  await addFiles(page, files);
  // Two arms of the same model: RAG, and RAG + HyDE.
  const rows = await twoRagArms(page);
  await rows.nth(1).getByTestId('arm-hyde').click();
  await expect(rows.nth(1).getByTestId('arm-hyde')).toBeChecked();
  await expect(rows.nth(0).getByTestId('arm-hyde')).not.toBeChecked();

  await page.getByTestId('lab-question').fill(QUESTION);
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 90_000 });
  const columns = page.getByTestId('lab-column');
  await expect(columns).toHaveCount(2);
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0);

  const check = async () => {
    const [plain, hyde] = [columns.nth(0), columns.nth(1)];
    // Each column names its own arm: the HyDE one is not taken for the plain RAG one.
    const arm = (await plain.getAttribute('data-arm'))!;
    expect(arm).toMatch(/\|rag$/);
    await expect(hyde).toHaveAttribute('data-arm', `${arm}+hyde`);
    await expect(plain.getByTestId('lab-column-label')).toHaveText('tiny-lm · RAG');
    await expect(hyde.getByTestId('lab-column-label')).toHaveText('tiny-lm · RAG + HyDE');
    // The plain arm ran no search of its own; the HyDE arm searched the question and its passage.
    await expect(plain.getByTestId('lab-pre-retrieval')).toHaveCount(0);
    const pre = hyde.getByTestId('lab-pre-retrieval');
    await expect(pre).toHaveAttribute('data-queries', '2');
    await expect(pre).toContainText('incl. a hypothetical answer');
    await pre.locator('summary').click();
    await expect(pre.getByRole('listitem')).toHaveText([QUESTION, NO_ANSWER]);
    // Its sources differ as HyDE makes them: the notes came in through the passage alone.
    const docs = async (column: Locator) =>
      column.getByTestId('answer-source').evaluateAll((els) => els.map((e) => e.dataset.doc));
    expect(await docs(plain)).not.toContain('notes.md');
    expect(await docs(hyde)).toContain('notes.md');
    expect(await docs(plain)).toContain('policy.md');
  };
  await check();

  await page.reload();
  await showView(page, 'Compare');
  await page
    .getByTestId('comparison-item')
    .first()
    .getByRole('button', { name: QUESTION, exact: true })
    .click();
  await check();
});

test('a question set over arms with multi-query and HyDE scores each apart, and its CSV says which searches each made', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY), textFile('hotels.md', HOTELS)]);
  // Two arms of the tiny LM with RAG: one rewrites the question (multi-query), one writes a
  // hypothetical answer (HyDE).
  const rows = await twoRagArms(page);
  await rows.nth(0).getByTestId('arm-multi-query').click();
  await rows.nth(1).getByTestId('arm-hyde').click();
  await expect(rows.nth(0).getByTestId('arm-multi-query')).toBeChecked();
  await expect(rows.nth(1).getByTestId('arm-hyde')).toBeChecked();

  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
  const set = [
    { id: 'q1', question: QUESTION, answers: ['62 euros'] },
    { id: 'q2', question: 'Who books hotels?', answers: ['the travel desk'] },
  ];
  await chooseFiles(page, page.getByTestId('set-file'), {
    name: 'travel.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(set.map((r) => JSON.stringify(r)).join('\n'), 'utf8'),
  });
  await expect(page.getByTestId('set-ready')).toHaveAttribute('data-count', '2');
  await page.getByTestId('eval-start').click();
  const experiment = page.getByTestId('experiment');
  await expect(experiment).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(experiment).toHaveAttribute('data-done', '4');

  // One row of figures per arm, each named with its searches.
  const metric = (suffix: string) =>
    page.locator(
      `[data-testid="arm-metrics-row"][data-arm="transformers:${TINY_LM}|rag+${suffix}"]`,
    );
  await expect(page.getByTestId('arm-metrics-row')).toHaveCount(2);
  await expect(metric('multi-query').getByRole('rowheader')).toContainText('RAG + multi-query');
  await expect(metric('hyde').getByRole('rowheader')).toContainText('RAG + HyDE');
  await expect(metric('hyde').locator('td').first()).toHaveText('2');

  await expect(page.getByTestId('experiment-search')).toContainText(
    'Search for its arms: hybrid search (RRF), top 5, as set when it was made',
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results (CSV)' }).click();
  const csv = parseCsvRows(await readFile((await (await download).path())!, 'utf8'), 'r.csv');
  const [header, ...lines] = csv;
  const col = (name: string) => header!.indexOf(name);
  expect(lines).toHaveLength(4);
  const searches = lines.map((l) => [
    l[col('item_id')],
    l[col('context')],
    l[col('pre_retrieval')],
    l[col('search')],
  ]);
  const library = 'hybrid search (RRF), top 5';
  expect(searches).toEqual([
    ['q1', 'rag', 'multi-query', library],
    ['q1', 'rag', 'hyde', library],
    ['q2', 'rag', 'multi-query', library],
    ['q2', 'rag', 'hyde', library],
  ]);
});
