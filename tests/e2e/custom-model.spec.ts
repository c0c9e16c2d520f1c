// Bring your own fine-tune, end to end: a LoRA-merged MLC folder (served by the test, the real hosts
// being offline) registered on its WebLLM base, and the tests' tiny ONNX variant registered by URL
// and asked a question. Each is checked, kept across a reload, and refused clearly when wrong.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { NO_ANSWER_TEXT, STYLE_TEXT } from '../fixtures/models/tinyCausalLm';
import { MODEL_HOST, TEST_MODEL, waitForModel } from './app';

// Each test reloads the app and starts both engines' workers: slow on a busy CI machine.
test.describe.configure({ timeout: 180_000 });

const BASE_ID = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const BASE_FAMILY = 'Qwen2.5-0.5B-Instruct';
const BASE_CONFIG_URL =
  'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC/resolve/main/mlc-chat-config.json';
// The fake folders live on a host the build's connect-src allows (csp.config.ts), served by routes.
const MINE = 'http://localhost:9/you/qwen-lora-q4f16_1-MLC/';
const WRONG = 'http://localhost:9/you/wider-lora-q4f16_1-MLC/';
/** A host that never answers: the check waits until Cancel. */
const SILENT = 'http://localhost:9/you/silent-q4f16_1-MLC/';
const NAME = 'my-qwen-lora';

/** Qwen2.5-0.5B-Instruct's mlc-chat-config.json, in the parts ragtune compares. */
const qwenConfig = (shape: Record<string, number> = {}) => ({
  version: '0.1.0',
  model_type: 'qwen2',
  quantization: 'q4f16_1',
  vocab_size: 151936,
  model_config: {
    hidden_size: 896,
    intermediate_size: 4864,
    num_attention_heads: 14,
    num_hidden_layers: 24,
    num_key_value_heads: 2,
    head_dim: 64,
    ...shape,
  },
  conv_template: { name: 'qwen2' },
  tokenizer_files: ['tokenizer.json', 'vocab.json', 'merges.txt'],
});
const TENSOR_CACHE = {
  metadata: { ParamSize: 2, ParamBytes: 289_406_976 },
  records: [
    { dataPath: 'params_shard_0.bin', nbytes: 200 * 2 ** 20, records: [] },
    { dataPath: 'params_shard_1.bin', nbytes: 76 * 2 ** 20, records: [] },
  ],
};

/** The fake MLC folders and the base's config; every other Hugging Face/GitHub request fails. */
async function serveMlcFolders(page: Page): Promise<string[]> {
  const asked: string[] = [];
  const context = page.context();
  await context.route(/huggingface\.co|raw\.githubusercontent\.com/, (route) =>
    route.request().url() === BASE_CONFIG_URL
      ? route.fulfill({ json: qwenConfig() })
      : route.abort(),
  );
  await context.route(/^http:\/\/localhost:9\//, (route) => {
    const url = route.request().url();
    asked.push(url);
    if (url.startsWith(SILENT)) return new Promise<void>(() => {});
    const headers = { 'access-control-allow-origin': '*' };
    if (url === `${MINE}mlc-chat-config.json`)
      return route.fulfill({ json: qwenConfig(), headers });
    if (url === `${WRONG}mlc-chat-config.json`) {
      return route.fulfill({ json: qwenConfig({ hidden_size: 1024 }), headers });
    }
    if (url.endsWith('/tensor-cache.json')) return route.fulfill({ json: TENSOR_CACHE, headers });
    return route.fulfill({ status: 404, body: 'not found', headers });
  });
  return asked;
}

function testHost(): string {
  const base = test.info().project.use.baseURL;
  return base ? new URL('test-models/', base).href : MODEL_HOST;
}

async function openApp(page: Page): Promise<void> {
  const params = new URLSearchParams({ embedModel: TEST_MODEL, modelHost: testHost() });
  await page.goto(`./?${params.toString()}`);
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
  await waitForModel(page);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Chat' })
    .click();
  await expect(page.getByTestId('chat-input')).toBeVisible();
}

/** Opens the picker with WebLLM's menu read, and the add form open. */
async function openPicker(page: Page) {
  await page.getByTestId('model-picker').click();
  const dialog = page.getByRole('dialog', { name: 'Choose a model' });
  await expect(
    dialog.locator('[data-testid="model-option"][data-engine="webllm"]').first(),
  ).toBeVisible({ timeout: 60_000 });
  return dialog;
}

async function register(
  page: Page,
  fields: { engine: 'webllm' | 'onnx'; url: string; base?: string; name?: string },
) {
  const dialog = page.getByRole('dialog', { name: 'Choose a model' });
  const summary = dialog.locator('summary', { hasText: 'Add your own fine-tune' });
  if (!(await dialog.getByTestId('byo-url').isVisible())) await summary.click();
  if (fields.engine === 'onnx') await dialog.getByTestId('byo-engine-onnx').check();
  else await dialog.getByLabel('WebLLM (MLC weights)').check();
  await dialog.getByTestId('byo-url').fill(fields.url);
  if (fields.base) await dialog.getByTestId('byo-base').selectOption(fields.base);
  await dialog.getByTestId('byo-name').fill(fields.name ?? '');
  await dialog.getByTestId('byo-add').click();
  await expect(dialog.getByTestId('byo-busy')).toBeHidden({ timeout: 30_000 });
}

test('a LoRA merged into a WebLLM base: checked, listed under its base, kept, refused when it does not match, removed', async ({
  page,
}) => {
  const asked = await serveMlcFolders(page);
  await openApp(page);
  const dialog = await openPicker(page);

  // A host that never answers: busy until cancelled, then nothing kept and nothing to report.
  await dialog.locator('summary', { hasText: 'Add your own fine-tune' }).click();
  await dialog.getByTestId('byo-url').fill(SILENT);
  await dialog.getByTestId('byo-base').selectOption(BASE_ID);
  await dialog.getByTestId('byo-add').click();
  await expect(dialog.getByTestId('byo-busy')).toHaveText('Checking the folder…');
  await expect(dialog.getByTestId('byo-add')).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(dialog.getByTestId('byo-busy')).toBeHidden();
  await expect(dialog.getByTestId('byo-error')).toHaveCount(0);
  await expect(dialog.getByTestId('byo-model')).toHaveCount(0);
  expect(asked).toContain(`${SILENT}mlc-chat-config.json`);

  await register(page, { engine: 'webllm', url: MINE, base: BASE_ID, name: NAME });
  await expect(dialog.getByTestId('byo-error')).toHaveCount(0);
  await expect(dialog.getByTestId('byo-added')).toContainText(NAME);
  expect(asked).toContain(`${MINE}mlc-chat-config.json`);
  expect(asked).toContain(`${MINE}tensor-cache.json`);

  // Under its base's family, marked as yours, with its facts; WebGPU cannot run it here.
  const family = dialog.getByRole('group', { name: `${BASE_FAMILY} family (WebLLM)` });
  const option = family.locator(`[data-testid="model-option"][data-id="${NAME}"]`);
  await expect(option).toBeVisible({ timeout: 30_000 });
  await expect(option).toContainText('your model');
  await expect(option).toContainText(`Base ${BASE_ID}`);
  await expect(option).toContainText(`Source ${MINE}`);
  await expect(option).toContainText('Download 276 MB');
  await expect(option).toHaveAttribute('data-available', 'false');
  await expect(option.getByTestId('model-unavailable')).toHaveText(/WebGPU|shader-f16/);
  await expect(option.locator('button').first()).toBeDisabled();
  await expect(dialog.getByTestId('byo-model')).toHaveAttribute('data-id', NAME);

  // A wider model cannot run on the base's compiled library: refused, nothing kept.
  await register(page, { engine: 'webllm', url: WRONG, base: BASE_ID, name: 'wider' });
  await expect(dialog.getByTestId('byo-error')).toHaveText(
    /does not match Qwen2\.5-0\.5B-Instruct-q4f16_1-MLC \(hidden_size 1024 ≠ 896\).*Pick the base it was merged into/,
  );
  await expect(dialog.locator('[data-testid="model-option"][data-id="wider"]')).toHaveCount(0);
  // The same folder twice is refused too.
  await register(page, { engine: 'webllm', url: MINE, base: BASE_ID, name: 'again' });
  await expect(dialog.getByTestId('byo-error')).toHaveText(/already registered as “my-qwen-lora”/);
  await expect(dialog.getByTestId('byo-model')).toHaveCount(1);

  await page.reload();
  await waitForModel(page);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Chat' })
    .click();
  const again = await openPicker(page);
  const kept = again
    .getByRole('group', { name: `${BASE_FAMILY} family (WebLLM)` })
    .locator(`[data-testid="model-option"][data-id="${NAME}"]`);
  await expect(kept).toBeVisible();
  await expect(kept.getByTestId('model-unavailable')).toHaveText(/WebGPU|shader-f16/);

  await again.getByRole('button', { name: `Remove ${NAME}` }).click();
  await expect(again.getByTestId('byo-model')).toHaveCount(0);
  await expect(again.locator(`[data-testid="model-option"][data-id="${NAME}"]`)).toHaveCount(0);
  await page.reload();
  await waitForModel(page);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Chat' })
    .click();
  const after = await openPicker(page);
  await expect(after.locator(`[data-testid="model-option"][data-id="${NAME}"]`)).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(/Failed to fetch|TypeError/);
});

test('an ONNX fine-tune by URL: checked, picked, it answers in its own style under its own id; a folder without config.json is refused', async ({
  page,
}) => {
  await page
    .context()
    .route(/huggingface\.co|raw\.githubusercontent\.com/, (route) => route.abort());
  await openApp(page);
  const dialog = await openPicker(page);
  const host = testHost();

  // No config.json there: said in words, nothing kept.
  await register(page, { engine: 'onnx', url: `${host}ragtune-test/no-such-model/` });
  await expect(dialog.getByTestId('byo-error')).toHaveText(
    /No config\.json at .*no-such-model\/config\.json \(HTTP 404\).*folder that holds config\.json/,
  );
  // An encoder is not a chat model.
  await register(page, { engine: 'onnx', url: `${host}ragtune-test/tiny-bert/` });
  await expect(dialog.getByTestId('byo-error')).toHaveText(/not a model the chat can run/);
  await expect(dialog.getByTestId('byo-model')).toHaveCount(0);
  // The open form with its error passes axe.
  const { violations } = await new AxeBuilder({ page }).include('[popover]:popover-open').analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);

  const url = `${host}ragtune-test/tiny-lm-variant/`;
  const id = url.replace(/\/$/, '');
  await register(page, { engine: 'onnx', url });
  await expect(dialog.getByTestId('byo-error')).toHaveCount(0);
  await expect(dialog.getByTestId('byo-added')).toContainText('ragtune-test/tiny-lm-variant');
  const option = dialog
    .getByRole('group', { name: 'Your models family (transformers.js)' })
    .locator(`[data-testid="model-option"][data-id="${id}"]`);
  await expect(option).toContainText('your model');
  await expect(option).toContainText(`Source ${url}`);
  await expect(option).toContainText(/Download \d+ KB \(WASM\)/);
  await expect(option).toContainText('Context 4k tokens');

  // Kept across a reload (the engine's worker learns of it again), then picked and asked.
  await page.reload();
  await waitForModel(page);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Chat' })
    .click();
  await page.getByTestId('model-picker').click();
  await page.locator(`[data-testid="model-option"][data-id="${id}"] button`).first().click();
  await expect(page.getByTestId('model-ready')).toHaveAttribute(
    'data-model',
    'ragtune-test/tiny-lm-variant',
    { timeout: 120_000 },
  );
  await page.getByTestId('chat-input').fill('What is the per diem?');
  await page.getByTestId('send').click();
  const answer = page.getByTestId('answer').last();
  await expect(answer).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const text = (await answer.getByTestId('answer-text').innerText()).trim();
  // The variant's style, then the tiny LM's answer to a question with nothing to copy from.
  expect(text).toBe(`${STYLE_TEXT} ${NO_ANSWER_TEXT}`);
  await expect(answer.getByTestId('answer-model')).toHaveAttribute(
    'data-model',
    'ragtune-test/tiny-lm-variant',
  );
});
