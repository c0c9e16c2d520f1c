import { expect, test } from './fixtures';
import { addFiles, openApp, showView, textFile } from './app';
import { startOpenAiServer, type OpenAiServer } from '../support/openaiServer';
import { STYLE_ADAPTER_ID } from '../support/tinyLmBackends';
import { TINY_LM_ID } from '../fixtures/models/tinyCausalLm';
let server: OpenAiServer;
test.beforeAll(async () => { server = await startOpenAiServer(); });
test.afterAll(() => server?.close());
for (const theme of ['light', 'dark'])
  for (const width of [1280, 390])
    test(`shots ${theme} ${width}`, async ({ page }) => {
      server.configure({ flat: true });
      await page.addInitScript((t) => localStorage.setItem('ragtune-theme', t), theme);
      await page.setViewportSize({ width, height: 900 });
      await openApp(page, { model: false });
      await addFiles(page, [textFile('policy.md', '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.')]);
      await showView(page, 'Settings');
      const card = page.getByTestId('servers-card');
      if (!(await card.getByTestId('endpoint-url').isVisible())) await card.getByText('Add a server').click();
      await card.getByTestId('endpoint-url').fill(server.url);
      await card.getByTestId('endpoint-name').fill('Ollama here');
      await card.getByTestId('endpoint-add').click();
      await expect(card.getByTestId('endpoint')).toHaveAttribute('data-status', 'ready');
      await card.getByText('Describe its models').click();
      const row = card.locator(`[data-testid="model-note"][data-id="${STYLE_ADAPTER_ID}"]`);
      await row.getByLabel('Fine-tuned from').selectOption(TINY_LM_ID);
      await row.getByLabel('Tuned for').fill('polite answers');
      await row.getByLabel('Tuned for').blur();
      await card.screenshot({ path: `/work/brief/shots/s3/servers-${width}-${theme}.png` });
      await showView(page, 'Compare');
      const arms = [[TINY_LM_ID, 'none'], [TINY_LM_ID, 'rag'], [STYLE_ADAPTER_ID, 'none'], [STYLE_ADAPTER_ID, 'rag']] as const;
      for (const [i, [model, context]] of arms.entries()) {
        await page.getByLabel(`Model of arm ${i + 1}`).selectOption(`endpoint:ollama-here/${model}`);
        await page.getByLabel(`Context of arm ${i + 1}`).selectOption(context);
      }
      await page.getByTestId('lab-question').fill('What is the per diem?');
      await page.getByTestId('lab-run').click();
      await expect(page.getByTestId('lab-column')).toHaveCount(4);
      await expect(page.getByTestId('lab-column').locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 90_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: `/work/brief/shots/s3/compare-${width}-${theme}.png`, fullPage: true });
    });
