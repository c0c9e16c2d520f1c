// The first ten minutes: a first visit opens the start view; its guided path, by pointer, loads
// the samples, asks with RAG off then on, compares base × variant × RAG off/on and runs the
// freshness demo, each step ticked from the app's state, and no model downloads before consent.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { TEST_MODEL, TINY_LM, TINY_LM_VARIANT, showView, waitForModel } from './app';

// A first visit: nothing in storage (the config marks the start view seen for the other specs).
test.use({ storageState: { cookies: [], origins: [] } });
test.describe.configure({ timeout: 240_000 });

const HEADING = 'RAG or fine-tuning? See the difference';

/** Opens the app as openWithTinyLms does, but expects the start view a first visit shows. */
async function openFirstVisit(page: Page): Promise<void> {
  const host = new URL('test-models/', test.info().project.use.baseURL).href;
  const params = new URLSearchParams({
    embedModel: TEST_MODEL,
    modelHost: host,
    generator: `${TINY_LM},${TINY_LM_VARIANT}`,
    generatorHost: host,
  });
  await page.goto(`./?${params.toString()}`);
  await expect(page.getByRole('heading', { name: HEADING })).toBeVisible();
  await waitForModel(page);
}

const step = (page: Page, id: string) =>
  page.locator(`[data-testid="guide-step"][data-step="${id}"]`);

test('a first visit opens the start view, and the next visit opens the library; Start stays in the navigation', async ({
  page,
}) => {
  await openFirstVisit(page);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Start' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(
    page.getByRole('figure', { name: 'Where knowledge enters the answer' }),
  ).toBeVisible();
  await expect(page.getByTestId('guide-count')).toHaveText('0 of 4 steps done');
  // The next visit to the plain address (no view in it) opens the library.
  await page.goto(page.url().split('#')[0]!);
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
  await expect(page).toHaveURL(/#\/library$/);
  await showView(page, 'Start');
  await expect(page.getByRole('heading', { name: HEADING })).toBeVisible();
});

test('the guided path by pointer: samples, RAG off then on, the comparison, the freshness demo — ticked from state, no model fetched before consent', async ({
  page,
  context,
}) => {
  // Every request for the base generator's files, from the page or its workers.
  const generatorFiles: string[] = [];
  await context.route(`**/test-models/${TINY_LM}/**`, (route) => {
    generatorFiles.push(route.request().url());
    return route.fallback();
  });
  await openFirstVisit(page);

  await page.getByRole('button', { name: 'Load the sample library' }).click();
  await expect(step(page, 'library')).toHaveAttribute('data-done', 'true', { timeout: 90_000 });
  await expect(page.getByTestId('guide-count')).toHaveText('1 of 4 steps done');

  // The chat step names the model and asks first; nothing of it was fetched until the confirm.
  await page.getByRole('button', { name: 'Ask it in Chat, RAG off then on' }).click();
  const consent = page.getByTestId('download-consent');
  await expect(consent).toContainText('tiny-lm');
  await expect(consent).toContainText(/KB|MB|not known/);
  // "Not now" leaves the model unloaded: Chat says so (a load, once begun, would show there).
  await consent.getByRole('button', { name: 'Not now' }).click();
  await expect(consent).toHaveCount(0);
  await showView(page, 'Chat');
  await expect(page.getByText('Not loaded yet: it loads when you ask')).toBeVisible();
  await expect(page.getByTestId('model-loading')).toHaveCount(0);
  await expect(page.getByTestId('model-ready')).toHaveCount(0);
  expect(generatorFiles).toEqual([]);
  await showView(page, 'Start');
  await page.getByRole('button', { name: 'Ask it in Chat, RAG off then on' }).click();
  await consent.getByRole('button', { name: 'Download and continue' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }),
  ).toHaveAttribute('aria-current', 'page');
  const answers = page.getByTestId('answer-text');
  await expect(answers).toHaveCount(2, { timeout: 90_000 });
  expect(generatorFiles.length).toBeGreaterThan(0);
  await showView(page, 'Start');
  await expect(step(page, 'chat')).toHaveAttribute('data-done', 'true', { timeout: 90_000 });

  // The comparison asks only for the model not loaded yet: the variant.
  await page.getByRole('button', { name: 'Run the comparison' }).click();
  await expect(consent).toContainText('tiny-lm-variant');
  await expect(consent.getByRole('listitem')).toHaveCount(1);
  await consent.getByRole('button', { name: 'Download and continue' }).click();
  const columns = page.getByTestId('lab-column');
  await expect(columns).toHaveCount(4);
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 120_000 });
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0, { timeout: 60_000 });
  // Labels: each arm and column says what its model is; the pair is explained beside the arms.
  await expect(page.getByTestId('arm-tuning').first()).toHaveText('base model (listed first)');
  await expect(page.getByTestId('arm-tuning').nth(2)).toContainText('tuning not described');
  await expect(columns.nth(2).getByTestId('lab-column-tuning')).toContainText(
    'tuning not described',
  );
  await expect(page.getByTestId('pair-reason')).toContainText('only the tuning differs');
  await showView(page, 'Start');
  await expect(step(page, 'compare')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('guide-count')).toHaveText('3 of 4 steps done');

  // The demo opens in the lab; its own steps run it, and the start view ticks it after.
  await page.getByRole('button', { name: 'Open the freshness demo' }).click();
  const demo = page.getByTestId('freshness-demo');
  await expect(demo).toHaveAttribute('open', '');
  await expect(demo).toContainText('✓ in the library');
  await demo.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 120_000 });
  await demo.getByRole('button', { name: 'Change the price' }).click();
  await expect(demo).toContainText('✓ edited', { timeout: 60_000 });
  await demo.getByRole('button', { name: 'Ask again' }).click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 120_000 });
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0, { timeout: 60_000 });
  await showView(page, 'Start');
  await expect(step(page, 'freshness')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('guide-count')).toHaveText('4 of 4 steps done');
});

test('the model picker says what each model is', async ({ page }) => {
  await openFirstVisit(page);
  await showView(page, 'Chat');
  await page.getByTestId('model-picker').click();
  const option = (id: string) => page.locator(`[data-testid="model-option"][data-id="${id}"]`);
  await expect(option(TINY_LM).getByTestId('model-tuning')).toHaveText('base model (listed first)');
  await expect(
    option('onnx-community/Qwen2.5-Coder-0.5B-Instruct').getByTestId('model-tuning'),
  ).toHaveText('public fine-tune for code — not trained on your documents');
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing on the start view in ${theme} theme`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('ragtune-theme', t), theme);
    await openFirstVisit(page);
    await page.getByRole('button', { name: 'Load the sample library' }).click();
    await expect(step(page, 'library')).toHaveAttribute('data-done', 'true', { timeout: 90_000 });
    await page.getByRole('button', { name: 'Ask it in Chat, RAG off then on' }).click();
    await expect(page.getByTestId('download-consent')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  });
}

test('every view has an address that opens it; Back and Forward move between views; the title names the view', async ({
  page,
}) => {
  await openFirstVisit(page);
  const base = page.url().split('#')[0]!;
  expect(page.url()).toContain('#/start');
  const routes = [
    ['#/chat', 'Chat', 'Conversations'],
    ['#/compare', 'Compare', 'Arms'],
    ['#/library', 'Library', 'Add documents'],
    ['#/search', 'Search', undefined],
    ['#/evaluate', 'Evaluate', 'Question sets (answers)'],
    ['#/settings', 'Settings', undefined],
    ['#/start', 'Start', HEADING],
  ] as const;
  for (const [hash, label, heading] of routes) {
    await page.goto(`${base}${hash}`);
    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('button', { name: label })).toHaveAttribute('aria-current', 'page');
    await expect(page).toHaveTitle(`${label} — ragtune`);
    if (heading) await expect(page.getByText(heading, { exact: true }).first()).toBeVisible();
  }
  // By pointer: Start → Compare → Chat, then Back, Back, Forward.
  await showView(page, 'Compare');
  await expect(page).toHaveURL(/#\/compare$/);
  await showView(page, 'Chat');
  await expect(page).toHaveURL(/#\/chat$/);
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeFocused();
  await page.goBack();
  await expect(page).toHaveTitle('Compare — ragtune');
  await expect(page.getByTestId('arm-setup').first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveTitle('Start — ragtune');
  await expect(page.getByRole('heading', { name: HEADING })).toBeFocused();
  await page.goForward();
  await expect(page).toHaveTitle('Compare — ragtune');
});

test('keyboard: the skip link is the first stop and leads to the main content', async ({
  page,
}) => {
  await openFirstVisit(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
  await expect(page).toHaveURL(/#\/start$/);
});

test('the start view explains how to compare a fine-tune of your own, and its button opens the fine-tune data by pointer', async ({
  page,
}) => {
  await openFirstVisit(page);
  const own = page.getByTestId('own-finetune');
  await expect(
    own.getByRole('heading', { name: 'Compare a model fine-tuned on your documents' }),
  ).toBeVisible();
  await expect(own).toContainText('never on your documents');
  await own.getByRole('button', { name: 'Open fine-tune data' }).click();
  await expect(page).toHaveURL(/#\/evaluate$/);
  await expect(page.getByRole('tab', { name: 'Question sets (answers)' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const heading = page
    .getByTestId('finetune-data')
    .getByRole('heading', { name: 'Fine-tune data' });
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
});
