// Shared steps for end-to-end tests: open the app with the tests' own embedding model, add
// files through the real file input, wait for imports, and search.
import { expect, test, type Locator, type Page } from '@playwright/test';

export const TEST_MODEL = 'ragtune-test/tiny-bert';
export const E2E_PORT = Number(process.env.RAGTUNE_E2E_PORT ?? 4173);
export const MODEL_HOST = `http://127.0.0.1:${E2E_PORT}/test-models/`;

export interface FileSpec {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const textFile = (name: string, text: string): FileSpec => ({
  name,
  mimeType: 'text/plain',
  buffer: Buffer.from(text, 'utf8'),
});

/** Opens the app configured with the tests' model (or an unreachable host for keyword-only). */
export async function openApp(page: Page, options: { model?: boolean } = {}): Promise<void> {
  const host = options.model === false ? 'http://127.0.0.1:9/' : MODEL_HOST;
  await page.goto(
    `./?embedModel=${encodeURIComponent(TEST_MODEL)}&modelHost=${encodeURIComponent(host)}`,
  );
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
  if (options.model !== false) await waitForModel(page);
}

export async function waitForModel(page: Page): Promise<void> {
  await expect(page.getByTestId('model-chip')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000,
  });
}

/** Adds files as a person does (click "Choose files…", pick them) and waits for the import. */
export async function addFiles(page: Page, files: FileSpec[]): Promise<void> {
  const jobs = page.getByTestId('ingest-job');
  const before = await jobs.count();
  await chooseFiles(page, page.getByText('Choose files…'), files);
  await expect(jobs).toHaveCount(before + 1);
  await expect(jobs.first().getByRole('button', { name: 'Dismiss import report' })).toBeVisible({
    timeout: 60_000,
  });
}

/** Clicks a visible control that opens the file picker, and picks the files in it. */
export async function chooseFiles(
  page: Page,
  control: Locator,
  files: FileSpec | FileSpec[] | string | string[],
): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await control.click();
  await (await chooser).setFiles(files);
}

export function docRow(page: Page, name: string) {
  return page.locator(`[data-testid="doc-row"][data-name="${name}"]`);
}

const MODE_ANSWERING = { Hybrid: 'hybrid', 'Keyword (BM25)': 'keyword', Vector: 'vector' } as const;

/**
 * Searches in `mode` and waits until the results shown answer this query in that very mode: a
 * vector or hybrid search that silently fell back to keyword fails here. A test that expects the
 * fallback (no embedding model) says so with `answeredBy: 'keyword'`.
 */
export async function searchFor(
  page: Page,
  query: string,
  mode: keyof typeof MODE_ANSWERING,
  options: { answeredBy?: 'keyword' } = {},
) {
  await showView(page, 'Search');
  await page.getByLabel(mode).check();
  await page.getByTestId('search-input').fill(query);
  const meta = page.getByTestId('search-meta');
  await expect(meta).toHaveAttribute('data-query', query.trim());
  await expect(meta).toHaveAttribute('data-mode', options.answeredBy ?? MODE_ANSWERING[mode]);
  return page.getByTestId('result');
}

export const TINY_LM = 'ragtune-test/tiny-lm';
export const TINY_LM_VARIANT = 'ragtune-test/tiny-lm-variant';

/** Opens the app with the tests' embedding model and both tiny LMs (base first) in the menu. */
export async function openWithTinyLms(page: Page): Promise<void> {
  const base = test.info().project.use.baseURL;
  const host = base ? new URL('test-models/', base).href : MODEL_HOST;
  const params = new URLSearchParams({
    embedModel: TEST_MODEL,
    modelHost: host,
    generator: `${TINY_LM},${TINY_LM_VARIANT}`,
    generatorHost: host,
  });
  await page.goto(`./?${params.toString()}`);
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
  await waitForModel(page);
}

/** Goes to a view by its button in the main navigation (on a phone, opening Menu first). */
export async function showView(page: Page, name: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
}
