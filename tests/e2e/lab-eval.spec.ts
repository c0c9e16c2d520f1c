// A question-set evaluation end to end with the tiny LMs, whose answers (and so their SQuAD
// scores) are known in advance: the base copies from the document, the variant does the same
// after "Certainly:", and neither can answer without the document. A reload mid-run resumes
// without losing or duplicating a result; the export re-imports with the same figures.
import AxeBuilder from '@axe-core/playwright';
import type { Route } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import { readFile } from 'node:fs/promises';
import {
  TINY_LM,
  TINY_LM_VARIANT,
  addFiles,
  openWithTinyLms,
  showView,
  textFile,
  chooseFiles,
} from './app';

test.describe.configure({ timeout: 240_000 });

const POLICY =
  '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
  'Receipts are not needed for the per diem: it is paid as 62 euros [1].\n\n' +
  'For a private car, the mileage rate is 30 cents per kilometre.\n';
// Three rounds of the same two questions (ids differ): enough answers that a reload lands mid-run.
const QUESTIONS = [
  { question: 'What is the per diem?', answers: ['62 euros'], doc: 'policy.md' },
  { question: 'What is the mileage rate?', answers: ['30 cents per kilometre'], doc: 'policy.md' },
];
const SET = [0, 1, 2]
  .flatMap((round) => QUESTIONS.map((q, i) => ({ id: `q${round * 2 + i + 1}`, ...q })))
  .map((r) => JSON.stringify(r))
  .join('\n');
const TOTAL = 6 * 4;

// By hand, with SQuAD's normalisation (lower case, no punctuation or articles):
// base·RAG  q1 "it is paid as 62 euros 1" vs "62 euros": P 2/7, R 1 → F1 4/9; contained.
//           q2 "is 30 cents per kilometre" vs "30 cents per kilometre": P 4/5, R 1 → F1 8/9.
// variant·RAG adds "certainly": q1 P 2/8 → F1 0.4; q2 P 4/6 → F1 0.8.
// Without documents both answer "I could not find this in the sources." → 0.
const EXPECTED_F1: Record<string, string> = {
  [`transformers:${TINY_LM}|none`]: '0.0',
  [`transformers:${TINY_LM}|rag`]: ((100 * (4 / 9 + 8 / 9)) / 2).toFixed(1),
  [`transformers:${TINY_LM_VARIANT}|none`]: '0.0',
  [`transformers:${TINY_LM_VARIANT}|rag`]: ((100 * (0.4 + 0.8)) / 2).toFixed(1),
};

async function openEval(page: Page): Promise<void> {
  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
}

async function checkFigures(page: Page): Promise<void> {
  const rows = page.getByTestId('arm-metrics-row');
  await expect(rows).toHaveCount(4);
  for (const [arm, f1] of Object.entries(EXPECTED_F1)) {
    const row = page.locator(`[data-testid="arm-metrics-row"][data-arm="${arm}"]`);
    await expect(row.locator('[data-metric="f1"]')).toHaveText(f1);
    await expect(row.locator('[data-metric="exactMatch"]')).toHaveText('0.0');
    const rag = arm.endsWith('|rag');
    await expect(row.locator('[data-metric="contained"]')).toHaveText(rag ? '100.0' : '0.0');
    await expect(row.locator('[data-metric="hit"]')).toHaveText(rag ? '100.0' : '—');
  }
}

test('a question set runs over the arms with known scores, resumes after a reload mid-run, and round-trips through its export', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await openEval(page);
  await chooseFiles(page, page.getByTestId('set-file'), {
    name: 'travel.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(SET, 'utf8'),
  });
  await expect(page.getByTestId('set-ready')).toHaveAttribute('data-count', '6');
  // The variant's files are held: its answers cannot come, so the reload always lands mid-run.
  let hold = true;
  const held: Route[] = [];
  await page.route(`**/test-models/${TINY_LM_VARIANT}/**`, (route) =>
    hold ? void held.push(route) : route.continue(),
  );
  await page.getByTestId('eval-start').click();

  // Reload once some answers are saved, but not all.
  const experiment = page.getByTestId('experiment');
  await expect
    .poll(async () => Number(await experiment.getAttribute('data-done')), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(2);
  await expect.poll(() => held.length).toBeGreaterThan(0);
  const before = Number(await experiment.getAttribute('data-done'));
  expect(before, 'the reload must come mid-run').toBeLessThan(TOTAL);
  await page.reload();
  // The reloaded page asks for the variant again only when resumed: let that through.
  hold = false;
  for (const route of held) await route.abort().catch(() => undefined);
  await openEval(page);
  const item = page.getByTestId('experiment-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-status', 'paused');
  await item.getByRole('button', { name: /^travel/ }).click();
  await expect(experiment).toHaveAttribute('data-status', 'paused');
  const saved = Number(await experiment.getAttribute('data-done'));
  expect(saved, 'no saved answer is lost by the reload').toBeGreaterThanOrEqual(before);
  expect(saved, 'the variant’s answers wait for the resume').toBeLessThan(TOTAL);
  await page.getByTestId('eval-resume').click();
  await expect(experiment).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(experiment).toHaveAttribute('data-done', String(TOTAL));
  await expect(page.getByTestId('experiment-progress')).toContainText(`${TOTAL} of ${TOTAL}`);
  await checkFigures(page);
  const table = page.getByTestId('question-table');
  await expect(
    table.locator(`[data-item="q2"] td[data-arm="transformers:${TINY_LM}|rag"]`),
  ).toContainText('is 30 cents per kilometre');

  // Export the whole experiment, then import it: the same figures come back.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export experiment (JSON)' }).click();
  const file = await download;
  const text = await readFile((await file.path())!, 'utf8');
  const parsed = JSON.parse(text) as {
    format: string;
    results: { answer: { modelId: string; prompt: unknown[] } }[];
    experiment: { models: { modelKey: string; facts: { host: string } }[]; documents: unknown[] };
  };
  expect(parsed.format).toBe('ragtune-experiment');
  expect(parsed.results).toHaveLength(TOTAL);
  expect(parsed.results.every((r) => r.answer.prompt.length > 0)).toBe(true);
  expect(parsed.experiment.documents).toHaveLength(1);
  expect(parsed.experiment.models.map((m) => m.modelKey).sort()).toEqual([
    `transformers:${TINY_LM}`,
    `transformers:${TINY_LM_VARIANT}`,
  ]);
  expect(parsed.experiment.models[0]!.facts.host).toContain('/test-models/');
  await chooseFiles(page, page.getByTestId('experiment-file'), {
    name: 'exported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text, 'utf8'),
  });
  await expect(page.getByTestId('experiment-item')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: /\(imported\)/ })).toBeVisible();
  await checkFigures(page);

  // Re-run the imported experiment on the same documents: the same seed and settings give the same figures.
  await page.getByRole('button', { name: 'Re-run' }).click();
  await expect(page.getByRole('heading', { name: /\(re-run\)/ })).toBeVisible();
  await expect(experiment).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await checkFigures(page);
  await expect(page.getByTestId('experiment-item')).toHaveCount(3);

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' '))}`)).toEqual([]);
});

test('a question set drafted from the library with a model is reviewed and edited before use', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [
    textFile('policy.md', POLICY),
    textFile('kettle.md', '# Kettle\n\nThe kettle boils a litre of water in three minutes.\n'),
  ]);
  await openEval(page);
  await page.getByText('Or draft questions from the library with a model').click();
  await page.getByLabel('Questions', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Draft questions' }).click();
  const review = page.getByTestId('draft-review');
  await expect(review.getByRole('row')).toHaveCount(3, { timeout: 60_000 }); // header + 2
  // Each draft keeps the passage it came from: one per document.
  await expect(review).toContainText('policy.md');
  await expect(review).toContainText('kettle.md');
  await page.getByLabel('Question 1', { exact: true }).fill('How long does the kettle take?');
  await page.getByLabel('Answer 1', { exact: true }).fill('three minutes');
  await page.getByRole('button', { name: 'Drop question 2' }).click();
  await page.getByRole('button', { name: 'Use these questions' }).click();
  await expect(page.getByTestId('set-ready')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('set-ready')).toContainText('1 with answers');
});

test('a SQuAD v1.1 file brings its paragraphs as the gold documents; RAG arms retrieve them (hit@k)', async ({
  page,
}) => {
  const squad = {
    version: '1.1',
    data: [
      {
        title: 'Travel policy',
        paragraphs: [
          {
            context: 'Receipts are not needed for the per diem: it is paid as 62 euros [1].',
            qas: [
              {
                id: 's1',
                question: 'What is the per diem?',
                answers: [{ text: '62 euros', answer_start: 47 }],
              },
            ],
          },
          {
            context: 'For a private car, the mileage rate is 30 cents per kilometre.',
            qas: [
              {
                id: 's2',
                question: 'What is the mileage rate?',
                answers: [{ text: '30 cents per kilometre', answer_start: 39 }],
              },
            ],
          },
        ],
      },
    ],
  };
  await openWithTinyLms(page);
  await openEval(page);
  await chooseFiles(page, page.getByTestId('set-file'), {
    name: 'dev-v1.1.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(squad), 'utf8'),
  });
  const ready = page.getByTestId('set-ready');
  await expect(ready).toHaveAttribute('data-count', '2');
  await expect(ready).toContainText('Its 2 passages are the gold documents');
  await ready.getByRole('button', { name: 'Add them to the library' }).click();
  await showView(page, 'Library');
  await expect(page.getByTestId('doc-row')).toHaveCount(2, { timeout: 60_000 });
  await expect(
    page.getByTestId('ingest-job').first().getByRole('button', { name: 'Dismiss import report' }),
  ).toBeVisible({ timeout: 60_000 });
  await openEval(page);
  await page.getByTestId('eval-start').click();
  await expect(page.getByTestId('experiment')).toHaveAttribute('data-status', 'done', {
    timeout: 120_000,
  });
  for (const model of [TINY_LM, TINY_LM_VARIANT]) {
    const rag = page.locator(
      `[data-testid="arm-metrics-row"][data-arm="transformers:${model}|rag"]`,
    );
    await expect(rag.locator('[data-metric="hit"]')).toHaveText('100.0');
    await expect(rag.locator('[data-metric="contained"]')).toHaveText('100.0');
    const none = page.locator(
      `[data-testid="arm-metrics-row"][data-arm="transformers:${model}|none"]`,
    );
    await expect(none.locator('[data-metric="hit"]')).toHaveText('—');
  }
});
