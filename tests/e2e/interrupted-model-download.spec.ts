// A language model's download cut off by a real reload: on open the app says which download was
// interrupted; Resume (clicked) loads the model, Dismiss (clicked) forgets it for good.
import { expect, test, type Page } from './fixtures';
import { MODEL_HOST, TEST_MODEL, TINY_LM, showView, waitForModel } from './app';
import { startModelHost, type TestModelHost } from './modelHost';

const ONNX = 'onnx/model_quantized.onnx';

async function open(page: Page, host: TestModelHost): Promise<void> {
  const params = { embedModel: TEST_MODEL, modelHost: MODEL_HOST, generator: TINY_LM };
  await page.goto(`./?${new URLSearchParams({ ...params, generatorHost: host.url }).toString()}`);
  await waitForModel(page);
}

/** Picks the tiny LM, whose file the host sends slowly, and reloads while it downloads. */
async function reloadMidDownload(page: Page, host: TestModelHost): Promise<void> {
  host.plan(`${TINY_LM}/${ONNX}`, { bytesPerSecond: 8 * 1024 });
  await open(page, host);
  await showView(page, 'Chat');
  await page.getByTestId('model-picker').click();
  await page.locator(`[data-testid="model-option"][data-id="${TINY_LM}"] button`).click();
  await expect(page.getByTestId('model-loading').getByTestId('download-figures')).toHaveText(
    /KB\/s/,
  );
  await page.reload();
  await waitForModel(page);
}

test('a model download cut off by a reload is offered on open, and Resume loads the model', async ({
  page,
}) => {
  const host = await startModelHost();
  try {
    await reloadMidDownload(page, host);
    const offer = page.getByTestId('download-interrupted');
    await expect(offer).toContainText(`The download of ${TINY_LM} was interrupted.`);
    await offer.getByRole('button', { name: 'Resume' }).click();
    await expect(offer).toHaveCount(0);
    await showView(page, 'Chat');
    await expect(page.getByTestId('model-ready')).toHaveAttribute('data-model', TINY_LM, {
      timeout: 60_000,
    });
    await page.reload();
    await waitForModel(page);
    await showView(page, 'Chat'); // the Chat view's model state has settled by now
    await expect(page.getByTestId('chat-input')).toBeVisible();
    await expect(offer).toHaveCount(0);
  } finally {
    await host.close();
  }
});

test('Dismiss forgets an interrupted model download', async ({ page }) => {
  const host = await startModelHost();
  try {
    await reloadMidDownload(page, host);
    const offer = page.getByTestId('download-interrupted');
    await offer.getByRole('button', { name: 'Dismiss' }).click();
    await expect(offer).toHaveCount(0);
    await page.reload();
    await waitForModel(page);
    await showView(page, 'Chat');
    await expect(page.getByTestId('chat-input')).toBeVisible();
    await expect(offer).toHaveCount(0);
  } finally {
    await host.close();
  }
});
