// The security policy as served: the headers of the build's setting (with frame-ancestors, which
// a <meta> cannot carry), a page that refuses to be framed, and an app that works under its policy.
import type { ConsoleMessage } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import {
  MODEL_HOST,
  TEST_MODEL,
  TINY_LM,
  addFiles,
  openWithTinyLms,
  searchFor,
  showView,
  textFile,
} from './app';

/** Console complaints about the policies, from the page and from every worker it starts. */
function policyComplaints(page: Page): string[] {
  const complaints: string[] = [];
  const listen = (message: ConsoleMessage) => {
    if (/Content Security Policy|Permissions-Policy|Refused to/i.test(message.text())) {
      complaints.push(message.text());
    }
  };
  page.on('console', listen);
  page.on('worker', (worker) => worker.on('console', listen));
  return complaints;
}

/** The header lines of the build's _headers file, as name → value. */
function parseHeadersFile(text: string): Record<string, string> {
  const lines = text.split('\n').filter((line) => line.startsWith('  '));
  return Object.fromEntries(
    lines.map((line) => {
      const at = line.indexOf(': ');
      return [line.slice(0, at).trim(), line.slice(at + 2)];
    }),
  );
}

test("the page and its workers are served with the build's headers, which forbid framing", async ({
  page,
}) => {
  const workerScripts: Promise<Record<string, string>>[] = [];
  page.on('response', (response) => {
    if (/\.worker-[\w-]+\.js$/.test(response.url())) workerScripts.push(response.allHeaders());
  });
  const params = new URLSearchParams({ embedModel: TEST_MODEL, modelHost: MODEL_HOST });
  const response = await page.goto(`./?${params.toString()}`);
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp.split('; ')).toContain("frame-ancestors 'none'");
  expect(csp).toContain("connect-src 'self' https://huggingface.co");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['permissions-policy']).toContain('microphone=()');
  expect(headers['permissions-policy']).toContain('geolocation=()');

  // The file a static host reads holds the same headers the preview server sends.
  const file = await page.request.get('./_headers');
  const fromFile = parseHeadersFile(await file.text());
  expect(Object.keys(fromFile).length).toBeGreaterThanOrEqual(5);
  for (const [name, value] of Object.entries(fromFile)) {
    expect(headers[name.toLowerCase()], name).toBe(value);
  }

  // The <meta> copy holds the same connect-src, for hosts that send no headers.
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  const connect = (policy: string) => policy.split('; ').find((d) => d.startsWith('connect-src'));
  expect(connect(meta ?? '')).toBe(connect(csp));

  // Workers get their policy from their own response (a <meta> never reaches them).
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
  await expect.poll(() => workerScripts.length).toBeGreaterThan(0);
  for (const worker of await Promise.all(workerScripts)) {
    expect(worker['content-security-policy']).toBe(csp);
  }
});

test('another page cannot frame the app', async ({ page, baseURL }) => {
  const refused = page.waitForEvent('console', (m) => /frame-ancestors 'none'/.test(m.text()));
  // A file the preview serves without the app's headers frames fine: the setup can frame at all.
  const plain = new URL('test-models/ragtune-test/tiny-bert/config.json', baseURL).href;
  await page.setContent(
    `<iframe id="app" src="${baseURL}"></iframe><iframe id="plain" src="${plain}"></iframe>`,
  );
  await refused;
  const plainFrame = page.frameLocator('#plain');
  await expect(plainFrame.locator('body')).toContainText('"model_type"');
  // The browser shows its own error page in the app's frame instead of the app.
  const appFrame = await (await page.locator('#app').elementHandle())?.contentFrame();
  expect(appFrame?.url()).toMatch(/^chrome-error:/);
  await expect(page.frameLocator('#app').locator('#app')).toHaveCount(0);
});

test('the app works under its policy: documents are embedded and searched and a model loads, with no policy complaint', async ({
  page,
}) => {
  const complaints = policyComplaints(page);
  await openWithTinyLms(page);
  await addFiles(page, [textFile('keeper.md', '# Keeper\n\nThe keeper rings the fog bell.')]);
  const results = await searchFor(page, 'fog bell', 'Vector');
  await expect(results.first()).toHaveAttribute('data-doc', 'keeper.md');

  // The generator worker loads the tiny LM through ONNX Runtime (its factory as a blob: module).
  await showView(page, 'Chat');
  await page.getByTestId('model-picker').click();
  await page.locator(`[data-testid="model-option"][data-id="${TINY_LM}"] button`).click();
  await expect(page.getByTestId('model-ready')).toHaveAttribute('data-model', TINY_LM, {
    timeout: 60_000,
  });
  expect(complaints).toEqual([]);
});

test('a model folder on a host the policy refuses is refused in words, and nothing is kept', async ({
  page,
}) => {
  const outside = 'https://models.example.org/you/model-onnx/';
  await openWithTinyLms(page);
  await showView(page, 'Chat');
  await page.getByTestId('model-picker').click();
  const dialog = page.getByRole('dialog', { name: 'Choose a model' });
  await dialog.locator('summary', { hasText: 'Add your own fine-tune' }).click();
  await dialog.getByTestId('byo-engine-onnx').check();
  await dialog.getByTestId('byo-url').fill(outside);
  await dialog.getByTestId('byo-add').click();
  await expect(dialog.getByTestId('byo-error')).toContainText(
    'security policy refuses https://models.example.org',
  );
  await expect(dialog.getByTestId('byo-error')).toContainText(
    'RAGTUNE_CONNECT_SRC=+https://models.example.org',
  );
  await expect(dialog.getByTestId('byo-model')).toHaveCount(0);
});
