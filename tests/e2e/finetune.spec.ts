// Fine-tune data end to end with the tiny LMs: pairs drafted per chunk, reviewed (edited, one
// dropped), split by chunk and downloaded (the files read back: valid for every trainer, hashes as
// shown, no held-out question in them); then the "Your fine-tune vs RAG vs both" preset over the
// held-out split, its verdict from known answers, and the experiment file naming what it trained on.
import AxeBuilder from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { checkJsonl, TRAINING_TARGETS } from '../../src/lib/finetune/formats';
import { expect, test, type Page } from './fixtures';
import { TINY_LM, TINY_LM_VARIANT, addFiles, openWithTinyLms, showView, textFile } from './app';

test.describe.configure({ timeout: 240_000 });

const DOCS = {
  'policy.md': '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n',
  'car.md': '# Cars\n\nFor a private car, the mileage rate is 30 cents per kilometre.\n',
  'kettle.md': '# Kettle\n\nThe kettle boils a litre of water in three minutes.\n',
  'hotel.md': '# Hotels\n\nHotel rooms are booked through the travel desk.\n',
};
// What the person writes in review. The tiny LM copies the answer out of a source ("is 62 euros."),
// so with RAG every answer holds the gold one; without documents it says it found nothing.
const PAIRS: Record<string, [string, string]> = {
  'policy.md': ['What is the per diem?', '62 euros'],
  'car.md': ['What is the mileage rate?', '30 cents per kilometre'],
  'kettle.md': ['How long does the kettle take to boil a litre?', 'three minutes'],
};

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const event = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = await event;
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('pairs drafted per chunk are reviewed, split by chunk and exported; the preset measures the fine-tune over the held-out split', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(
    page,
    Object.entries(DOCS).map(([name, text]) => textFile(name, text)),
  );
  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
  const card = page.getByTestId('finetune-data');
  await card.getByLabel('Drafting model').selectOption({ label: 'tiny-lm' });
  await card.getByRole('button', { name: 'Draft training pairs' }).click();

  // One pair per chunk (each document is one chunk), each tied to its source.
  const rows = page.getByTestId('finetune-pair');
  await expect(rows).toHaveCount(4, { timeout: 60_000 });
  const chunks = new Set(await rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-chunk'))));
  expect(chunks.size).toBe(4);
  // The tiny LM does not write "Question: … Answer: …": each draft is flagged for review.
  await expect(rows.filter({ hasText: 'Not in the asked shape' })).toHaveCount(4);
  for (const [doc, [question, answer]] of Object.entries(PAIRS)) {
    const row = rows.filter({ hasText: doc });
    await row.locator('textarea').fill(question);
    await row.locator('input').fill(answer);
  }
  await rows
    .filter({ hasText: 'hotel.md' })
    .getByRole('button', { name: /^Drop training pair/ })
    .click();
  await expect(rows).toHaveCount(3);

  await card.getByLabel('Held out (%)').fill('34');
  await card.getByRole('button', { name: 'Split by chunk and prepare files' }).click();
  const split = page.getByTestId('finetune-split');
  await expect(split).toHaveAttribute('data-train', '2');
  await expect(split).toHaveAttribute('data-test', '1');
  await expect(split).toContainText('no chunk is on both sides');

  // The downloaded files: as shown (name, SHA-256), valid for every trainer, train split only.
  const shown = page.getByTestId('finetune-file');
  await expect(shown).toHaveCount(2);
  const closed = await download(page, 'Download question-only file');
  const open = await download(page, 'Download with-passage file');
  expect(closed.name).toBe('ragtune-train-closed-book.jsonl');
  expect(open.name).toBe('ragtune-train-with-passage.jsonl');
  for (const [file, kind] of [
    [closed, 'closed-book'],
    [open, 'with-passage'],
  ] as const) {
    const sha = createHash('sha256').update(file.text, 'utf8').digest('hex');
    await expect(shown.and(page.locator(`[data-kind="${kind}"]`))).toHaveAttribute(
      'data-sha256',
      sha,
    );
    await expect(shown.and(page.locator(`[data-kind="${kind}"]`))).toContainText(sha);
    for (const target of TRAINING_TARGETS) {
      const { examples, problems } = checkJsonl(file.text, target);
      expect(examples).toBe(2);
      // OpenAI alone wants ten examples; the page says so too.
      expect(problems).toEqual(
        target === 'openai' ? ['has 2 examples; OpenAI fine-tuning (chat) needs at least 10'] : [],
      );
    }
  }
  await expect(card).toContainText('OpenAI fine-tuning needs at least 10 training examples');
  const trained = Object.values(PAIRS).filter(([q]) => closed.text.includes(JSON.stringify(q)));
  expect(trained).toHaveLength(2);
  const [heldOut] = Object.values(PAIRS).filter((p) => !trained.includes(p));
  expect(open.text).not.toContain(heldOut![0]);
  for (const [q] of trained) expect(open.text).toContain(`Question: ${q}`);
  expect(open.text).toContain('Sources:\\n\\n[1] (');

  const { violations } = await new AxeBuilder({ page })
    .include('[data-testid="finetune-data"]')
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' '))}`)).toEqual([]);

  // The held-out split, with the two trained questions, becomes the question set.
  await card.getByRole('button', { name: 'Use the held-out split as the question set' }).click();
  await expect(page.getByTestId('set-ready')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('set-ready')).toContainText('3 with gold passages');

  const preset = page.getByTestId('finetune-preset');
  await preset.getByLabel('Base').selectOption({ label: 'tiny-lm' });
  await preset.getByLabel('Your fine-tune').selectOption({ label: 'tiny-lm-variant' });
  await preset.getByRole('button', { name: 'Run the preset over the held-out set' }).click();
  const experiment = page.getByTestId('experiment');
  await expect(experiment).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(experiment).toHaveAttribute('data-done', '12');

  // Neither tiny LM knows anything without documents; with RAG both copy the answer.
  const verdict = page.getByTestId('finetune-verdict');
  const cell = (role: string, split: string) =>
    verdict.locator(`[data-role="${role}"] [data-split="${split}"]`);
  await expect(cell('base-none', 'held-out')).toHaveText('0 of 1 (0 %)');
  await expect(cell('base-none', 'trained')).toHaveText('0 of 2 (0 %)');
  await expect(cell('base-rag', 'held-out')).toHaveText('1 of 1 (100 %)');
  await expect(cell('tuned-none', 'trained')).toHaveText('0 of 2 (0 %)');
  await expect(cell('tuned-rag', 'held-out')).toHaveText('1 of 1 (100 %)');
  await expect(cell('tuned-rag', 'trained')).toHaveText('2 of 2 (100 %)');
  const sentences = verdict.getByTestId('verdict-sentences');
  await expect(sentences).toContainText(
    "Your fine-tune did not learn the facts it was trained on: without documents it answered 0 of 2 (0 %) trained questions, no more than the base's 0 of 2 (0 %).",
  );
  await expect(sentences).toContainText(
    'RAG beat your fine-tune on held-out questions: the base with retrieved passages answered 1 of 1 (100 %), your fine-tune without documents 0 of 1 (0 %).',
  );
  await expect(sentences).toContainText(
    "The hybrid (your fine-tune with RAG) did not beat both: 1 of 1 (100 %) held-out questions, against RAG's 100 % and the fine-tune alone's 0 %.",
  );

  const onVerdict = await new AxeBuilder({ page })
    .include('[data-testid="finetune-verdict"]')
    .analyze();
  expect(onVerdict.violations.map((v) => v.id)).toEqual([]);

  // The experiment file names the training files by hash and records the split.
  const exported = await download(page, 'Export experiment (JSON)');
  const { experiment: saved } = JSON.parse(exported.text) as {
    experiment: {
      arms: { model: { id: string }; context: string }[];
      set: {
        items: { id: string; question: string }[];
        finetune: {
          files: { name: string; sha256: string }[];
          split: Record<string, number>;
          trainedItemIds: string[];
          models: { base: { id: string }; tuned: { id: string } };
        };
      };
    };
  };
  const record = saved.set.finetune;
  expect(record.files.map((f) => [f.name, f.sha256])).toEqual([
    [closed.name, createHash('sha256').update(closed.text).digest('hex')],
    [open.name, createHash('sha256').update(open.text).digest('hex')],
  ]);
  expect(record.split).toEqual({
    testShare: 0.34,
    seed: 42,
    trainChunks: 2,
    testChunks: 1,
    trainPairs: 2,
    testPairs: 1,
  });
  expect(saved.set.items[0]!.question).toBe(heldOut![0]);
  expect(record.trainedItemIds).toEqual(saved.set.items.slice(1).map((i) => i.id));
  expect([record.models.base.id, record.models.tuned.id]).toEqual([TINY_LM, TINY_LM_VARIANT]);
  expect(saved.arms.map((a) => `${a.model.id}|${a.context}`)).toEqual([
    `${TINY_LM}|none`,
    `${TINY_LM}|rag`,
    `${TINY_LM_VARIANT}|none`,
    `${TINY_LM_VARIANT}|rag`,
  ]);
});
