// Model downloads that go wrong half-way, end to end: a body cut off, a connection reset or dropped,
// a file that arrives short, a slow download with its speed and time left, and a cancel. Each time
// the person reads what happened, Cache Storage keeps nothing cut off, and Try again loads the model.
import AxeBuilder from '@axe-core/playwright';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures';
import { MODEL_HOST, TEST_MODEL, addFiles, searchFor, textFile, waitForModel } from './app';
import { TEST_MODELS_DIR, startModelHost } from './modelHost';

const LM = 'ragtune-test/tiny-lm';
const CROSS_ENCODER = 'ragtune-test/tiny-cross-encoder';
const ONNX = 'onnx/model_quantized.onnx';
const POLICY = `# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\nReceipts are not needed for the per diem: it is paid as 62 euros [1].\n`;
const sizeOf = (model: string) => statSync(join(TEST_MODELS_DIR, model, ONNX)).size;

/** The files Cache Storage holds under `prefix`, with their stored sizes. */
function cachedFiles(page: Page, prefix: string): Promise<Record<string, number>> {
  return page.evaluate(async (prefix) => {
    const cache = await caches.open('transformers-cache');
    const files: Record<string, number> = {};
    for (const request of await cache.keys()) {
      if (!request.url.startsWith(prefix)) continue;
      const response = await cache.match(request);
      files[request.url.slice(prefix.length)] = (await response!.arrayBuffer()).byteLength;
    }
    return files;
  }, prefix);
}

async function open(page: Page, params: Record<string, string>): Promise<void> {
  await page.goto(`./?${new URLSearchParams({ embedModel: TEST_MODEL, ...params }).toString()}`);
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
}

async function showView(page: Page, name: 'Settings' | 'Chat' | 'Library'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
}

test('an embedding model download cut off or reset says so, keeps nothing cut off, and loads on Try again', async ({
  page,
}) => {
  const url = `${MODEL_HOST}${TEST_MODEL}/${ONNX}`;
  let attempt = 0;
  await page.route(url, async (route) => {
    if (route.request().headers()['range']) return route.continue(); // the size probe
    attempt++;
    if (attempt === 1) {
      // Half the body arrives, but the response said it would be whole.
      const response = await route.fetch();
      const body = await response.body();
      return route.fulfill({
        response,
        headers: { ...response.headers(), 'content-length': String(body.length) },
        body: body.subarray(0, Math.floor(body.length / 2)),
      });
    }
    if (attempt === 2) return route.abort('connectionreset');
    return route.continue();
  });
  await open(page, { modelHost: MODEL_HOST });
  await showView(page, 'Settings');
  const card = page.getByTestId('model-status');
  const prefix = `${MODEL_HOST}${TEST_MODEL}/`;

  await expect(card).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(card.getByRole('alert')).toHaveText(
    /^The download of the embedding model “ragtune-test\/tiny-bert” was interrupted after 0\.\d MB of \d+\.\d MB — try again\./,
  );
  await expect(page.getByTestId('model-chip')).toHaveText('Keyword search only');
  let cached = await cachedFiles(page, prefix);
  expect(cached).toHaveProperty(['config.json']); // files that finished stay cached
  expect(cached).not.toHaveProperty([ONNX]);

  await card.getByRole('button', { name: 'Try again' }).click();
  await expect(card.getByRole('alert')).toHaveText(
    /^Could not reach 127\.0\.0\.1:\d+ to download the embedding model “ragtune-test\/tiny-bert”.*try again\.$/,
    { timeout: 60_000 },
  );
  expect(await cachedFiles(page, prefix)).not.toHaveProperty([ONNX]);

  await card.getByRole('button', { name: 'Try again' }).click();
  await waitForModel(page);
  expect(attempt).toBe(3);
  cached = await cachedFiles(page, prefix);
  expect(cached[ONNX]).toBe(sizeOf(TEST_MODEL));

  // The model works: vector search finds the document.
  await showView(page, 'Library');
  await addFiles(page, [textFile('policy.md', POLICY)]);
  const results = await searchFor(page, 'meal allowance per diem', 'Vector');
  await expect(page.getByTestId('search-meta')).toContainText('vector');
  await expect(results.first()).toContainText('62 euros');
});

test('slow embedding model and reranker downloads show speed and time left and cancel; a dropped connection is survived', async ({
  page,
}) => {
  const host = await startModelHost();
  try {
    const file = `${TEST_MODEL}/${ONNX}`;
    host.plan(file, { bytesPerSecond: 150 * 1024 }, 'drop', 'serve');
    host.plan(`${CROSS_ENCODER}/${ONNX}`, { bytesPerSecond: 150 * 1024 });
    await open(page, { modelHost: host.url, reranker: CROSS_ENCODER });
    await showView(page, 'Settings');
    const card = page.getByTestId('model-status');
    const prefix = `${host.url}${TEST_MODEL}/`;

    await expect(card.getByTestId('download-figures')).toHaveText(
      /^\d\.\d of \d+\.\d MB · \d+ KB\/s · \d+ s left$/,
    );
    const rate = Number(
      /· (\d+) KB\/s/.exec(await card.getByTestId('download-figures').innerText())?.[1],
    );
    expect(rate).toBeGreaterThan(75);
    expect(rate).toBeLessThan(300);
    await card.getByRole('button', { name: 'Cancel' }).click();
    await expect(card).toHaveAttribute('data-state', 'error');
    await expect(card.getByRole('alert')).toHaveText(
      /^You cancelled the embedding model’s download/,
    );
    // The transfer itself stopped, not only the wait for it.
    await expect.poll(() => host.closedEarly).toContain(file);
    expect(await cachedFiles(page, prefix)).not.toHaveProperty([ONNX]);

    // The connection drops half-way through the file.
    await card.getByRole('button', { name: 'Try again' }).click();
    await expect(card.getByRole('alert')).toHaveText(
      /^The download of the embedding model “ragtune-test\/tiny-bert” was interrupted after 0\.\d MB of \d+\.\d MB — try again\./,
      { timeout: 60_000 },
    );
    expect(await cachedFiles(page, prefix)).not.toHaveProperty([ONNX]);

    await card.getByRole('button', { name: 'Try again' }).click();
    await waitForModel(page);
    expect((await cachedFiles(page, prefix))[ONNX]).toBe(sizeOf(TEST_MODEL));

    // The reranker's download, started by the first search that reranks, shows and cancels too.
    await showView(page, 'Library');
    await addFiles(page, [textFile('policy.md', POLICY)]);
    await searchFor(page, 'meal allowance per diem', 'Hybrid');
    await page.getByTestId('rerank').check();
    const reranker = page.getByTestId('reranker-loading');
    await expect(reranker.getByTestId('download-figures')).toHaveText(/ · \d+ KB\/s · \d+ s left$/);
    await reranker.getByRole('button', { name: 'Cancel' }).click();
    await expect(reranker).toHaveCount(0);
    await expect(page.getByTestId('rerank')).not.toBeChecked();
    await expect.poll(() => host.closedEarly).toContain(`${CROSS_ENCODER}/${ONNX}`);
  } finally {
    await host.close();
  }
});

test('a language model file that arrives short is removed from the cache, and Try again loads it and answers', async ({
  page,
}) => {
  const host = await startModelHost();
  try {
    // First a response that is complete by HTTP's count but holds half the file; then a slow one.
    host.plan(`${LM}/${ONNX}`, 'truncate', { bytesPerSecond: 6 * 1024 });
    await open(page, { modelHost: MODEL_HOST, generator: LM, generatorHost: host.url });
    await waitForModel(page);
    await addFiles(page, [textFile('policy.md', POLICY)]);
    await showView(page, 'Chat');
    const prefix = `${host.url}${LM}/`;

    await page.getByTestId('model-picker').click();
    await page.locator(`[data-testid="model-option"][data-id="${LM}"] button`).click();
    await expect(page.getByTestId('model-error')).toHaveText(
      /^A file of ragtune-test\/tiny-lm arrived incomplete or damaged \(the download was interrupted\), so it was removed from this browser’s cache — try again\./,
      { timeout: 60_000 },
    );
    expect(await cachedFiles(page, prefix)).toEqual({});
    const { violations } = await new AxeBuilder({ page }).include('main').analyze();
    expect(violations.map((v) => v.id)).toEqual([]);

    await page.getByRole('button', { name: 'Try again' }).click();
    const loading = page.getByTestId('model-loading');
    await expect(loading.getByTestId('download-figures')).toHaveText(/ · \d+ KB\/s · \d+ s left$/);
    await expect(page.getByTestId('model-ready')).toHaveAttribute('data-model', LM, {
      timeout: 60_000,
    });
    expect((await cachedFiles(page, prefix))[ONNX]).toBe(sizeOf(LM));

    await page.getByTestId('rag-toggle').setChecked(true);
    await page.getByTestId('chat-input').fill('What is the per diem?');
    await page.getByTestId('send').click();
    const answer = page.getByTestId('answer').last();
    await expect(answer).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(answer.getByTestId('answer-text')).toHaveText('it is paid as 62 euros [1].');
  } finally {
    await host.close();
  }
});
