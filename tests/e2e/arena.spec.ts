// Blind votes like an arena, by pointer: two answers, "A is better" / "B is better" / "Tie" /
// "Both are bad"; the arms stay hidden until the judgement; the pick is marked; a table of wins,
// ties and losses with a Bradley–Terry rating across comparisons.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { TINY_LM, TINY_LM_VARIANT, addFiles, openWithTinyLms, showView, textFile } from './app';

test.describe.configure({ timeout: 180_000 });

const POLICY = '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n';

async function runBlind(page: Page, question: string): Promise<void> {
  await page.getByTestId('lab-question').fill(question);
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 90_000 });
  await expect(page.getByTestId('lab-column').and(page.locator('[aria-busy="true"]'))).toHaveCount(
    0,
    { timeout: 60_000 },
  );
}

test('a duel: tie, then a pick; arms hidden until judged; wins, ties and a rating', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Compare');
  // Two arms: the base and the variant, both with RAG.
  await page.getByRole('button', { name: 'Remove arm 3' }).click();
  await page.getByRole('button', { name: 'Remove arm 1' }).click();
  await expect(page.getByTestId('arm-setup')).toHaveCount(2);
  await page.getByLabel('Blind mode').check();

  await runBlind(page, 'What is the per diem?');
  await expect(page.getByTestId('arms-hidden')).toBeVisible();
  await expect(page.getByTestId('arm-setup')).toHaveCount(0);
  const bar = page.getByTestId('blind-bar');
  await expect(bar).toContainText('Which answer is better?');
  await expect(page.getByTestId('vote').first()).toHaveText('A is better');
  await bar.getByRole('button', { name: 'Tie' }).click();
  await expect(page.getByTestId('vote-result')).toContainText('equally good');
  await expect(page.getByTestId('arm-setup')).toHaveCount(2);
  await expect(page.getByTestId('your-pick')).toHaveCount(0);

  await runBlind(page, 'How much is the daily meal allowance?');
  const columns = page.getByTestId('lab-column');
  const texts = (await columns.getByTestId('answer-text').allInnerTexts()).map((t) => t.trim());
  const variant = texts.findIndex((t) => t.startsWith('Certainly'));
  expect(variant).toBeGreaterThanOrEqual(0);
  await columns.nth(variant).getByTestId('vote').click();
  await expect(page.getByTestId('vote-result')).toContainText(
    `You picked ${String.fromCharCode(65 + variant)}`,
  );
  await expect(columns.nth(variant).getByTestId('your-pick')).toBeVisible();
  await expect(columns.nth(variant)).toHaveAttribute('data-model', TINY_LM_VARIANT);

  const tally = page.getByTestId('vote-tally');
  const row = (model: string) => tally.locator(`tr[data-arm="transformers:${model}|rag"]`);
  // Arm, rating, wins, ties, losses, shown.
  await expect(row(TINY_LM_VARIANT).locator('td')).toHaveText([/^\d+$/, '1', '1', '0', '2']);
  await expect(row(TINY_LM).locator('td')).toHaveText([/^\d+$/, '0', '1', '1', '2']);
  const rating = async (model: string) =>
    Number(await row(model).locator('td').first().innerText());
  expect(await rating(TINY_LM_VARIANT)).toBeGreaterThan(1000);
  expect((await rating(TINY_LM_VARIANT)) + (await rating(TINY_LM))).toBe(2000);
  await expect(tally.locator('tbody tr').first()).toHaveAttribute(
    'data-arm',
    `transformers:${TINY_LM_VARIANT}|rag`,
  );
  await page.setViewportSize({ width: 390, height: 844 });
  expect(
    (await new AxeBuilder({ page }).analyze()).violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
});
