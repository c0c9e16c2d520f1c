// An OpenAI-compatible server as a third engine, by pointer: a real server on 127.0.0.1 speaking
// the chat-completions protocol with SSE (tests/support/openaiServer.ts, the tests' tiny LMs
// behind it) lists a base and two LoRA adapters with `parent`. The person adds it in the model
// picker, picks an adapter and asks with RAG on and off; the answer's label is the id the server
// answered with. Refusals come in words: a server that needs a key, and one that does not let this
// page's origin in (CORS: only a browser can show that).
import { expect, test, type Page } from './fixtures';
import { readFile } from 'node:fs/promises';
import { addFiles, chooseFiles, openApp, showView, textFile } from './app';
import { askByClick } from './steps';
import { startOpenAiServer, type OpenAiServer } from '../support/openaiServer';
import { STYLE_ADAPTER_ID, PLAIN_ADAPTER_ID } from '../support/tinyLmBackends';
import { NO_ANSWER_TEXT, TINY_LM_ID } from '../fixtures/models/tinyCausalLm';

const POLICY =
  '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
  'Receipts are not needed for the per diem: it is paid as 62 euros [1].\n';

let server: OpenAiServer;
test.beforeAll(async () => {
  server = await startOpenAiServer();
});
test.afterAll(() => server?.close());
test.beforeEach(() => server.configure({}));

/** The server's base and style adapter × RAG off/on, as Compare's four arms. */
const SERVER_ARMS = [
  [TINY_LM_ID, 'none'],
  [TINY_LM_ID, 'rag'],
  [STYLE_ADAPTER_ID, 'none'],
  [STYLE_ADAPTER_ID, 'rag'],
] as const;

/** The policy in the library, the test server added as 'Lab vLLM', and Compare open. */
async function openCompareWithServer(page: Page) {
  await openApp(page, { model: false });
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Chat');
  const menu = await addServer(page, 'Lab vLLM');
  await expect(menu.getByTestId('endpoint')).toHaveAttribute('data-status', 'ready');
  await menu.getByRole('button', { name: 'Close' }).click();
  await showView(page, 'Compare');
}

/** Chooses SERVER_ARMS in Compare, asks, and waits for every column to finish. */
async function runServerArms(page: Page) {
  await expect(page.getByTestId('arm-setup')).toHaveCount(4);
  for (const [i, [model, context]] of SERVER_ARMS.entries()) {
    await page.getByLabel(`Model of arm ${i + 1}`).selectOption(`endpoint:lab-vllm/${model}`);
    await page.getByLabel(`Context of arm ${i + 1}`).selectOption(context);
  }
  await page.getByTestId('lab-question').fill('What is the per diem?');
  await page.getByTestId('lab-run').click();
  const columns = page.getByTestId('lab-column');
  await expect(columns).toHaveCount(4);
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0, { timeout: 90_000 });
}

async function addServer(page: Page, name: string, key = '', url = server.url) {
  await page.getByTestId('model-picker').click();
  const menu = page.getByRole('dialog', { name: 'Choose a model' });
  // The form stays open once opened (the picker keeps its state while the page lives).
  if (!(await menu.getByTestId('endpoint-url').isVisible())) {
    await menu.getByText('Add a server').click();
  }
  await menu.getByTestId('endpoint-url').fill(url);
  if (key) await menu.getByTestId('endpoint-key').fill(key);
  await menu.getByTestId('endpoint-name').fill(name);
  await menu.getByTestId('endpoint-add').click();
  return menu;
}

test('add a server, pick its LoRA adapter, ask with RAG on and off: the server’s model answers', async ({
  page,
}) => {
  await openApp(page, { model: false });
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Chat');
  const menu = await addServer(page, 'Lab vLLM');
  const listed = menu.locator('[data-testid="endpoint"][data-id="lab-vllm"]');
  await expect(listed).toHaveAttribute('data-status', 'ready');
  await expect(listed).toContainText('3 models');

  const family = menu.getByRole('group', { name: `${TINY_LM_ID} · Lab vLLM family (your server)` });
  await expect(family.getByTestId('model-option')).toHaveCount(3);
  const adapter = family.locator(
    `[data-testid="model-option"][data-id="lab-vllm/${STYLE_ADAPTER_ID}"]`,
  );
  await expect(adapter.getByTestId('model-tuning')).toContainText('LoRA adapter on your server');
  await expect(
    family.locator(`[data-testid="model-option"][data-id="lab-vllm/${PLAIN_ADAPTER_ID}"]`),
  ).toBeVisible();
  await adapter.getByRole('button').first().click();
  await expect(menu).toBeHidden();
  await expect(page.getByTestId('model-picker')).toContainText(STYLE_ADAPTER_ID);

  // RAG on: the document's fact, in the adapter's style, labelled with the server's model id.
  const on = await askByClick(page, 'What is the per diem?');
  await expect(on.getByTestId('answer-text')).toContainText(/^Certainly: .*62 euros/);
  await expect(on.getByTestId('answer-model')).toHaveAttribute('data-model', STYLE_ADAPTER_ID);
  await expect(on.getByTestId('answer-model')).toContainText('(your server)');

  // RAG off: no document reaches the model.
  await page.getByTestId('rag-toggle').click();
  const off = await askByClick(page, 'What is the per diem?');
  await expect(off.getByTestId('answer-text')).toHaveText(
    'Certainly: I could not find this in the sources.',
  );
  expect(server.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(2);

  // Kept for the next visit (without its key in any file): the server is listed again.
  await page.reload();
  await page.getByTestId('model-picker').click();
  await expect(page.locator('[data-testid="endpoint"][data-id="lab-vllm"]')).toHaveAttribute(
    'data-status',
    'ready',
  );
  await page
    .getByRole('dialog', { name: 'Choose a model' })
    .getByRole('button', { name: 'Close' })
    .click();

  // Settings lists it too; removed there, its models leave the picker.
  await showView(page, 'Settings');
  const card = page.getByTestId('servers-card');
  await expect(card.getByTestId('endpoint')).toContainText('Lab vLLM');
  await card.getByRole('button', { name: 'Remove Lab vLLM' }).click();
  await expect(card.getByTestId('endpoint')).toHaveCount(0);
  await showView(page, 'Chat');
  await page.getByTestId('model-picker').click();
  await expect(page.locator('[data-testid="model-option"][data-engine="endpoint"]')).toHaveCount(0);
  // Its adapter was the choice: the default model is chosen instead.
  await expect(page.getByTestId('model-picker')).not.toContainText(STYLE_ADAPTER_ID);
});

test('a server that wants a key, and one that does not let this page in, say so in words', async ({
  page,
}) => {
  await openApp(page, { model: false });
  await showView(page, 'Chat');
  server.configure({ apiKey: 'sk-right' });
  let menu = await addServer(page, 'Keyed', 'sk-wrong');
  await expect(menu.getByTestId('endpoint-error')).toContainText(/key/i);
  await expect(menu.getByTestId('endpoint')).toHaveCount(0);
  // The right key: added.
  await menu.getByTestId('endpoint-key').fill('sk-right');
  await menu.getByTestId('endpoint-url').fill(server.url);
  await menu.getByTestId('endpoint-add').click();
  await expect(menu.locator('[data-testid="endpoint"][data-id="keyed"]')).toHaveAttribute(
    'data-status',
    'ready',
  );
  expect(server.requests.some((r) => r.authorization === 'Bearer sk-right')).toBe(true);
  await menu.getByRole('button', { name: 'Close' }).click();

  // No CORS headers: the browser refuses the answer, and the message names this origin.
  server.configure({ cors: false });
  menu = await addServer(page, 'Closed');
  const error = menu.getByTestId('endpoint-error');
  await expect(error).toContainText(new URL(page.url()).origin);
  await expect(error).toContainText('--allowed-origins');
  await expect(error).toContainText('OLLAMA_ORIGINS');
});

test('a server that lists no bases (as Ollama): the person notes which model was fine-tuned from which, and what for', async ({
  page,
}) => {
  server.configure({ flat: true });
  await openApp(page, { model: false });
  await showView(page, 'Chat');
  const menu = await addServer(page, 'Flat');
  const listed = menu.locator('[data-testid="endpoint"][data-id="flat"]');
  await expect(listed).toHaveAttribute('data-status', 'ready');
  // Nothing says what belongs to what: three families of one model each.
  const options = menu.locator('[data-testid="model-option"][data-engine="endpoint"]');
  await expect(options).toHaveCount(3);
  const base = menu.getByRole('group', { name: `${TINY_LM_ID} · Flat family (your server)` });
  await expect(base.getByTestId('model-option')).toHaveCount(1);

  await listed.getByText('Describe its models').click();
  const row = listed.locator(`[data-testid="model-note"][data-id="${STYLE_ADAPTER_ID}"]`);
  await row.getByLabel('Fine-tuned from').selectOption(TINY_LM_ID);
  await row.getByLabel('Tuned for').fill('polite answers');
  await row.getByLabel('Tuned for').blur();

  // Now grouped under its base, and labelled with the person's words as theirs.
  await expect(base.getByTestId('model-option')).toHaveCount(2);
  const tuned = base.locator(`[data-testid="model-option"][data-id="flat/${STYLE_ADAPTER_ID}"]`);
  await expect(tuned.getByTestId('model-tuning')).toHaveText(
    'fine-tune on your server (its base as you noted it), tuned for polite answers (your note)',
  );
  await expect(listed.getByText('Describe its models (1 noted)')).toBeVisible();

  // Kept for the next visit.
  await page.reload();
  await page.getByTestId('model-picker').click();
  const again = page.getByRole('dialog', { name: 'Choose a model' });
  await expect(
    again.locator(`[data-testid="model-option"][data-id="flat/${STYLE_ADAPTER_ID}"]`),
  ).toContainText('tuned for polite answers (your note)');
  await expect(
    again
      .getByRole('group', { name: `${TINY_LM_ID} · Flat family (your server)` })
      .getByTestId('model-option'),
  ).toHaveCount(2);
});

test('Compare: with “Server answers at once” at 2, two of the server’s answers are asked for at once, and the plan says their times overlap', async ({
  page,
}) => {
  await openCompareWithServer(page);
  // The setting appears once an arm is on the server.
  await expect(page.getByLabel('Server answers at once')).toHaveCount(0);
  await page.getByLabel('Model of arm 1').selectOption(`endpoint:lab-vllm/${TINY_LM_ID}`);
  await page.getByLabel('Server answers at once').fill('2');
  // Slow pieces, so answers asked for together are open together.
  server.configure({ chunkDelayMs: 120 });
  await runServerArms(page);
  await expect(page.getByTestId('lab-plan')).toContainText(
    'up to 2 answers run at once, so their times overlap',
  );
  expect(server.peakOpenAnswers).toBe(2);
  for (const [model, context] of SERVER_ARMS) {
    const column = page.locator(
      `[data-testid="lab-column"][data-arm="lab-vllm/${model}|${context}"]`,
    );
    const style = model === STYLE_ADAPTER_ID ? 'Certainly: ' : '';
    const body = context === 'rag' ? 'it is paid as 62 euros [1].' : NO_ANSWER_TEXT;
    await expect(column.getByTestId('answer-text')).toHaveText(`${style}${body}`, {
      ignoreCase: true,
    });
  }
  // Kept for the next visit.
  await page.reload();
  await showView(page, 'Compare');
  await page.getByLabel('Model of arm 1').selectOption(`endpoint:lab-vllm/${TINY_LM_ID}`);
  await expect(page.getByLabel('Server answers at once')).toHaveValue('2');
});

test('a server on another machine is refused by the security policy before any request, with the setting that allows it', async ({
  page,
}) => {
  const remote = 'http://192.0.2.10:8000';
  const tried: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(remote)) tried.push(request.url());
  });
  await openApp(page, { model: false });
  await showView(page, 'Chat');
  const menu = await addServer(page, 'Lab box', '', `${remote}/v1`);
  const error = menu.getByTestId('endpoint-error');
  await expect(error).toContainText(`its security policy refuses ${remote}`);
  await expect(error).toContainText(`RAGTUNE_CONNECT_SRC=+${remote}`);
  await expect(menu.getByTestId('endpoint')).toHaveCount(0);
  expect(tried).toEqual([]);
});

test('Compare: the server’s base and adapter × RAG off/on, each column labelled by who answered', async ({
  page,
}) => {
  await openCompareWithServer(page);
  await runServerArms(page);
  // One answer at a time by default: each one's times are its own.
  expect(server.peakOpenAnswers).toBe(1);
  for (const [model, context] of SERVER_ARMS) {
    const column = page.locator(
      `[data-testid="lab-column"][data-arm="lab-vllm/${model}|${context}"]`,
    );
    await expect(column).toHaveAttribute('data-model', model);
    const style = model === STYLE_ADAPTER_ID ? 'Certainly: ' : '';
    const body = context === 'rag' ? 'it is paid as 62 euros [1].' : NO_ANSWER_TEXT;
    await expect(column.getByTestId('answer-text')).toHaveText(`${style}${body}`, {
      ignoreCase: true,
    });
    await expect(column.getByTestId('lab-column-label')).toContainText(model.split('/').pop()!);
    await expect(column.getByTestId('lab-column-label')).toContainText(
      context === 'rag' ? 'RAG' : 'no documents',
    );
    await expect(column.getByTestId('lab-column-tuning')).toHaveText(
      model === STYLE_ADAPTER_ID
        ? 'LoRA adapter on your server — what it was trained on is not described'
        : 'base model',
    );
  }
  // Asked for and answered by the same model: no "the engine loaded another" note.
  await expect(page.getByText('the engine loaded')).toHaveCount(0);
});

test('stop mid-stream keeps the words so far; a server dropping the connection keeps them and says so', async ({
  page,
}) => {
  await openApp(page, { model: false });
  await showView(page, 'Chat');
  const menu = await addServer(page, 'Lab vLLM');
  const option = menu.locator(
    `[data-testid="model-option"][data-id="lab-vllm/${STYLE_ADAPTER_ID}"]`,
  );
  await option.getByRole('button').first().click();
  await page.getByTestId('rag-toggle').click(); // RAG off: the library is empty

  // 1.5 s between pieces: the answer is still streaming when Stop is pressed, however loaded the
  // machine (at 0.6 s, CI run 24 saw the whole answer arrive before the click).
  server.configure({ chunkDelayMs: 1500 });
  await page.getByTestId('chat-input').fill('What is the per diem?');
  await page.getByRole('button', { name: 'Send' }).click();
  const answer = page.getByTestId('answer').first();
  await expect(answer.getByTestId('answer-text')).toContainText('Certainly');
  await page.getByTestId('stop').click();
  await expect(answer).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  const kept = (await answer.getByTestId('answer-text').innerText()).trim();
  expect(kept.startsWith('Certainly')).toBe(true);
  expect(kept).not.toBe('Certainly: I could not find this in the sources.');

  // The first pieces come 300 ms apart, so they have surely arrived before the third one's
  // connection is cut (a cut right after a burst could take the unread pieces with it).
  server.configure({ killAfterChunks: 3, chunkDelayMs: 300 });
  await page.getByTestId('chat-input').fill('What is the per diem?');
  await page.getByRole('button', { name: 'Send' }).click();
  const second = page.getByTestId('answer').nth(1);
  await expect(second).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(second.getByRole('alert')).toContainText('ended in the middle of the answer');
  await expect(second.getByTestId('answer-text')).toContainText(/^Cert/);
  // The figures of the part that arrived stay with it, and who sent it.
  await expect(second.getByTestId('answer-stats')).toBeVisible();
  await expect(second.getByTestId('answer-model')).toHaveAttribute('data-model', STYLE_ADAPTER_ID);
});

test('the chat follows a streaming answer until the reader scrolls up, and a new question follows again', async ({
  page,
}) => {
  await openApp(page, { model: false });
  await page.setViewportSize({ width: 390, height: 600 });
  await showView(page, 'Chat');
  const menu = await addServer(page, 'Lab vLLM');
  await menu
    .locator(`[data-testid="model-option"][data-id="lab-vllm/${STYLE_ADAPTER_ID}"]`)
    .getByRole('button')
    .first()
    .click();
  await page.getByTestId('rag-toggle').click(); // RAG off: the library is empty
  const answers = page.getByTestId('answer');
  const ask = async (n: number) => {
    await page.getByTestId('chat-input').fill(`Question ${n}: what is the per diem?`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(answers).toHaveCount(n);
  };
  // A thread taller than the screen.
  for (let n = 1; n <= 4; n++) {
    await ask(n);
    await expect(answers.nth(n - 1)).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  }
  const scrolled = () => page.evaluate(() => window.scrollY);
  const bottomGap = () =>
    page.evaluate(() => document.documentElement.scrollHeight - innerHeight - window.scrollY);

  // Slow pieces: the reader scrolls up while the fifth answer streams; it is not pulled down.
  server.configure({ chunkDelayMs: 700 });
  await ask(5);
  const streaming = answers.nth(4);
  await expect(streaming.getByTestId('answer-text')).toContainText('Certainly');
  await page.mouse.move(195, 200);
  await page.mouse.wheel(0, -2000);
  await expect.poll(scrolled).toBeLessThan(50);
  await expect(streaming).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(await scrolled(), 'still where the reader left it').toBeLessThan(50);

  // A new question shows, and its answer is followed to its end.
  server.configure({ chunkDelayMs: 0 });
  await ask(6);
  await expect(answers.nth(5)).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(answers.nth(5).getByTestId('answer-text')).toBeInViewport();
  await expect.poll(bottomGap).toBeLessThan(300);
});

test('a model the server no longer lists is named in the refusal', async ({ page }) => {
  await openApp(page, { model: false });
  await showView(page, 'Chat');
  const menu = await addServer(page, 'Lab vLLM');
  const option = menu.locator(
    `[data-testid="model-option"][data-id="lab-vllm/${PLAIN_ADAPTER_ID}"]`,
  );
  await option.getByRole('button').first().click();
  await page.getByTestId('rag-toggle').click();
  server.configure({ unloaded: [PLAIN_ADAPTER_ID] });
  await page.getByTestId('chat-input').fill('Hello?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert').filter({ hasText: PLAIN_ADAPTER_ID }).first()).toBeVisible();
});

test('a question set over the server’s base and adapter × RAG off/on: known scores, and an export with the address but never the key', async ({
  page,
}) => {
  test.setTimeout(180_000);
  server.configure({ apiKey: 'sk-secret-1' });
  await openApp(page, { model: false });
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Chat');
  const menu = await addServer(page, 'Lab vLLM', 'sk-secret-1');
  await expect(menu.getByTestId('endpoint')).toHaveAttribute('data-status', 'ready');
  await menu.getByRole('button', { name: 'Close' }).click();
  await showView(page, 'Compare');
  const arms = [
    [TINY_LM_ID, 'none'],
    [TINY_LM_ID, 'rag'],
    [STYLE_ADAPTER_ID, 'none'],
    [STYLE_ADAPTER_ID, 'rag'],
  ] as const;
  for (const [i, [model, context]] of arms.entries()) {
    await page.getByLabel(`Model of arm ${i + 1}`).selectOption(`endpoint:lab-vllm/${model}`);
    await page.getByLabel(`Context of arm ${i + 1}`).selectOption(context);
  }

  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
  await chooseFiles(page, page.getByTestId('set-file'), {
    name: 'travel.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(
      '{"question":"What is the per diem?","answers":["62 euros"],"doc":"policy.md"}\n',
      'utf8',
    ),
  });
  await page.getByTestId('eval-start').click();
  const experiment = page.getByTestId('experiment');
  await expect(experiment).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  // SQuAD F1 by hand: base·RAG "it is paid as 62 euros 1" vs "62 euros" → 4/9; the adapter adds
  // "certainly" → 2/8 precision → 0.4; without documents "I could not find…" → 0.
  const f1: Record<string, string> = {
    [`endpoint:lab-vllm/${TINY_LM_ID}|none`]: '0.0',
    [`endpoint:lab-vllm/${TINY_LM_ID}|rag`]: ((100 * 4) / 9).toFixed(1),
    [`endpoint:lab-vllm/${STYLE_ADAPTER_ID}|none`]: '0.0',
    [`endpoint:lab-vllm/${STYLE_ADAPTER_ID}|rag`]: (100 * 0.4).toFixed(1),
  };
  for (const [arm, value] of Object.entries(f1)) {
    const row = page.locator(`[data-testid="arm-metrics-row"][data-arm="${arm}"]`);
    await expect(row.locator('[data-metric="f1"]')).toHaveText(value);
  }

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export experiment (JSON)' }).click();
  const text = await readFile((await (await download).path())!, 'utf8');
  expect(text).toContain(server.url);
  expect(text).not.toContain('sk-secret-1');
});
