// Retrieval decides what the model reads: with distractors in the library, the right document is
// source 1 and the others follow in a known order; in a question-set evaluation at top k 1, a
// question whose gold document is outranked by a distractor misses, so hit@k falls below 100.
import { expect, test, type Page } from './fixtures';
import { readFile } from 'node:fs/promises';
import { TINY_LM, TINY_LM_VARIANT, addFiles, openWithTinyLms, showView, textFile } from './app';
import { askByClick, showChat } from './steps';

test.describe.configure({ timeout: 240_000 });

// Each document shares a different number of the questions' words (checked by hand and with
// KeywordIndex; the tiny embedder's cosines order them the same way):
const DOCS = [
  textFile('travel.txt', 'For a private car, the mileage rate is 30 cents per kilometre.'),
  textFile('fuel.txt', 'The mileage rate of the fleet is logged monthly in a private register.'),
  textFile(
    'parking.txt',
    'Parking at the office costs 4 euros a day; the rate is posted at the gate.',
  ),
];

test('with distractors, the document that answers is source 1, the others follow by shared words', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, DOCS);
  await showChat(page);
  // travel shares private, car, mileage, rate; fuel private, mileage, rate; parking only rate.
  const answer = await askByClick(page, 'What is the mileage rate for a private car?');
  const sources = answer.getByTestId('answer-source');
  await expect(sources).toHaveCount(3);
  const order = await sources.evaluateAll((items) => items.map((i) => i.getAttribute('data-doc')));
  expect(order).toEqual(['travel.txt', 'fuel.txt', 'parking.txt']);
  // Only travel.txt says "car": the tiny LM copies what follows it there.
  expect((await answer.getByTestId('answer-text').innerText()).trim()).toBe(
    'the mileage rate is 30 cents per kilometre.',
  );
});

test('in the comparison lab, each RAG arm reads the same ranked sources, the answering document first', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, DOCS);
  await showView(page, 'Compare');
  await expect(page.getByTestId('arm-setup')).toHaveCount(4);
  await page.getByTestId('lab-question').fill('What is the mileage rate for a private car?');
  await page.getByTestId('lab-run').click();
  const columns = page.getByTestId('lab-column');
  await expect(columns).toHaveCount(4);
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 90_000 });
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0, { timeout: 60_000 });
  let ragColumns = 0;
  for (const column of await columns.all()) {
    const sources = column.getByTestId('answer-source');
    const text = (await column.getByTestId('answer-text').innerText()).trim();
    if ((await column.getAttribute('data-context')) !== 'rag') {
      await expect(sources).toHaveCount(0);
      expect(text).not.toContain('30 cents');
      continue;
    }
    ragColumns++;
    await expect(sources).toHaveCount(3);
    const order = await sources.evaluateAll((items) =>
      items.map((i) => i.getAttribute('data-doc')),
    );
    expect(order).toEqual(['travel.txt', 'fuel.txt', 'parking.txt']);
    expect(text).toMatch(/^(Certainly: )?the mileage rate is 30 cents per kilometre\.$/);
  }
  expect(ragColumns).toBe(2);
});

// Gold documents by name. Top-1 by BM25 and cosine: q1 travel (4 shared words against fuel's 3),
// q2 parking (parking, office, cost), q3 fuel (fleet, mileage, logged), q4 fuel (fleet, mileage,
// rate against travel's mileage, rate) — but q4's gold is travel.txt. So hit@1 = 3/4 = 75.0, and
// with the default top k (5, all three documents) every gold document is retrieved: 100.0.
const SET = [
  {
    id: 'q1',
    question: 'What is the mileage rate for a private car?',
    answers: ['30 cents per kilometre'],
    doc: 'travel.txt',
  },
  {
    id: 'q2',
    question: 'How much does parking at the office cost?',
    answers: ['4 euros a day'],
    doc: 'parking.txt',
  },
  {
    id: 'q3',
    question: 'When is the fleet mileage logged?',
    answers: ['monthly'],
    doc: 'fuel.txt',
  },
  {
    id: 'q4',
    question: 'What is the rate of the fleet mileage?',
    answers: ['30 cents per kilometre'],
    doc: 'travel.txt',
  },
];
const RAG_ARMS = [TINY_LM, TINY_LM_VARIANT].map((m) => `transformers:${m}|rag`);
const NONE_ARMS = [TINY_LM, TINY_LM_VARIANT].map((m) => `transformers:${m}|none`);

async function expectHit(page: Page, rag: string): Promise<void> {
  for (const arm of RAG_ARMS) {
    const row = page.locator(`[data-testid="arm-metrics-row"][data-arm="${arm}"]`);
    await expect(row.locator('[data-metric="hit"]')).toHaveText(rag);
  }
  for (const arm of NONE_ARMS) {
    const row = page.locator(`[data-testid="arm-metrics-row"][data-arm="${arm}"]`);
    await expect(row.locator('[data-metric="hit"]')).toHaveText('—');
  }
}

test('an evaluation at top k 1 misses the question a distractor wins: hit@k 75.0, against 100.0 at top k 5', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, DOCS);
  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
  await page.getByTestId('set-file').setInputFiles({
    name: 'mileage.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(SET.map((q) => JSON.stringify(q)).join('\n'), 'utf8'),
  });
  await expect(page.getByTestId('set-ready')).toHaveAttribute('data-count', '4');
  await page.getByTestId('eval-start').click();
  const experiment = page.getByTestId('experiment');
  await expect(experiment).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expectHit(page, '100.0');

  // No control sets retrieval's top k for an evaluation, so the export is edited to top k 1,
  // imported and re-run on the same library.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export experiment (JSON)' }).click();
  const file = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as {
    experiment: { search: { topK: number } };
  };
  expect(file.experiment.search.topK).toBe(5);
  file.experiment.search.topK = 1;
  await page.getByTestId('experiment-file').setInputFiles({
    name: 'top-1.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file), 'utf8'),
  });
  await expect(page.getByRole('heading', { name: /\(imported\)/ })).toBeVisible();
  await page.getByRole('button', { name: 'Re-run' }).click();
  await expect(page.getByRole('heading', { name: /\(re-run\)/ })).toBeVisible();
  await expect(experiment).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expectHit(page, '75.0');
  // The miss is q4: its RAG answers were given fuel.txt alone.
  const q4 = page.locator(
    `[data-testid="question-table"] [data-item="q4"] td[data-arm="${RAG_ARMS[0]}"]`,
  );
  await expect(q4).toContainText('fleet');
});
