// The experiment's bar chart draws what its table says: one bar per arm, its length the arm's
// figure for the chosen metric, its label that figure; changing the metric redraws both.
import { expect, test, type Page } from './fixtures';
import { addFiles, openWithTinyLms, showView, textFile } from './app';

test.describe.configure({ timeout: 180_000 });

const POLICY =
  '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
  'For a private car, the mileage rate is 30 cents per kilometre.\n';
const SET = [
  { id: 'q1', question: 'What is the per diem?', answers: ['62 euros'], doc: 'policy.md' },
  { id: 'q2', question: 'What is the mileage rate?', answers: ['30 cents'], doc: 'policy.md' },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

/** Arm name → the table's figure for `metric`. */
async function tableFigures(page: Page, metric: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const row of await page.getByTestId('arm-metrics-row').all()) {
    const name = (await row.locator('th').textContent())!.trim();
    out[name] = (await row.locator(`[data-metric="${metric}"]`).textContent())!.trim();
  }
  return out;
}

/** Arm name → the chart's label, and each bar's length as a percentage of its track. */
async function chartFigures(page: Page, label: string) {
  const bars = page.getByRole('list', { name: `${label} per arm` }).getByRole('listitem');
  const values: Record<string, string> = {};
  const lengths: Record<string, number> = {};
  for (const bar of await bars.all()) {
    const name = (await bar.locator('.name').textContent())!.trim();
    values[name] = (await bar.locator('.value').textContent())!.trim();
    lengths[name] = await bar
      .locator('.bar')
      .evaluate(
        (el) =>
          (100 * el.getBoundingClientRect().width) /
          el.parentElement!.getBoundingClientRect().width,
      );
  }
  return { values, lengths };
}

test('the chart’s bars and labels match the table, for each metric chosen', async ({ page }) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
  await page.getByTestId('set-file').setInputFiles({
    name: 'travel.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(SET, 'utf8'),
  });
  await expect(page.getByTestId('set-ready')).toHaveAttribute('data-count', '2');
  await page.getByTestId('eval-start').click();
  await expect(page.getByTestId('experiment')).toHaveAttribute('data-status', 'done', {
    timeout: 150_000,
  });

  for (const [metric, label] of [
    ['f1', 'F1'],
    ['contained', 'Answer contained'],
  ] as const) {
    await page.getByLabel('Chart').selectOption({ label });
    const table = await tableFigures(page, metric);
    const { values, lengths } = await chartFigures(page, label);
    expect(Object.keys(table)).toHaveLength(4);
    expect(values).toEqual(table);
    for (const [arm, value] of Object.entries(table)) {
      // A percentage metric's bar is that many per cent of its track.
      expect(lengths[arm], `${label} bar of ${arm}`).toBeCloseTo(Number(value), 0);
    }
    // Some arm scores and some does not, so equal lengths everywhere could not pass.
    expect(Object.values(table)).toContain('0.0');
    expect(Object.values(table).some((v) => Number(v) > 0)).toBe(true);
  }

  // How sure: an interval per arm around its F1, every pair's paired difference, two scatters.
  const confidence = page.getByTestId('arm-confidence');
  const rows = confidence.getByTestId('confidence-row');
  await expect(rows).toHaveCount(4);
  const f1 = await tableFigures(page, 'f1');
  for (const row of await rows.all()) {
    const [low, high] = (await row.locator('[data-metric="f1-interval"]').innerText())
      .split('–')
      .map(Number);
    const mean = Number(await row.locator('td').nth(2).innerText());
    expect(low).toBeLessThanOrEqual(mean);
    expect(high).toBeGreaterThanOrEqual(mean);
    expect(Object.values(f1)).toContain(mean.toFixed(1));
  }
  await expect(confidence.getByTestId('f1-difference')).toHaveCount(6);
  await expect(confidence.getByTestId('f1-difference').first()).toContainText('F1 points');
  // Two questions: no difference is called real, however large.
  await expect(confidence.locator('[data-too-few="true"]')).toHaveCount(6);
  await expect(confidence.getByTestId('f1-difference').first()).toContainText('too few questions');
  for (const x of ['totalMs', 'promptTokens']) {
    await expect(
      confidence.locator(`[data-testid="quality-scatter"][data-x="${x}"] circle`),
    ).toHaveCount(4);
  }
});
