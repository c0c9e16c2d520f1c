// The RAG chat end to end with the tests' own models: the tiny LMs copy their answer out of the
// prompt, so what they say shows whether the sources reached them (tests/fixtures/models/tinyCausalLm.ts).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from './fixtures';
import {
  TINY_LM,
  TINY_LM_VARIANT,
  addFiles,
  docRow,
  openWithTinyLms,
  textFile,
  waitForModel,
} from './app';
import { forceWebgpu } from './webgpu';

const LM = TINY_LM;
const VARIANT = TINY_LM_VARIANT;
const QUESTION = 'What is the per diem?';
const FACT = 'The daily meal allowance (per diem) is 62 euros.';
// The tiny LM copies from the latest "per diem" to the sentence's end, so this footnote sentence is
// its answer. It can only cite by copying: the sentence carries the [1] it will copy.
const POLICY = `# Travel policy\n\n${FACT}\n\nReceipts are not needed for the per diem: it is paid as 62 euros [1].\n`;
const RAG_ANSWER = /^it is paid as 62 euros \[1\]\.$/;

async function openChat(page: Page): Promise<void> {
  await openWithTinyLms(page);
}

async function showChat(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Chat' })
    .click();
  await expect(page.getByTestId('chat-input')).toBeVisible();
}

async function setRag(page: Page, on: boolean): Promise<void> {
  await page.getByTestId('rag-toggle').setChecked(on);
}

/** Asks and waits for the answer to end; returns that answer's card. */
async function ask(page: Page, question: string): Promise<Locator> {
  const answers = page.getByTestId('answer');
  const before = await answers.count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('send').click();
  const answer = answers.nth(before);
  await expect(answer).toHaveAttribute('data-state', /done|stopped|error/, { timeout: 60_000 });
  return answer;
}

async function pickModel(page: Page, id: string): Promise<void> {
  await page.getByTestId('model-picker').click();
  await page.locator(`[data-testid="model-option"][data-id="${id}"] button`).click();
  await expect(page.getByTestId('model-ready')).toHaveAttribute('data-model', id, {
    timeout: 60_000,
  });
}

test('RAG on answers from the document with a citation; RAG off does not; both come back after a reload', async ({
  page,
}) => {
  await openChat(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showChat(page);
  await expect(page.getByTestId('rag-toggle')).toBeChecked(); // on once the library has documents

  const rag = await ask(page, QUESTION);
  const ragText = (await rag.getByTestId('answer-text').innerText()).trim();
  expect(ragText).toMatch(RAG_ANSWER);
  await expect(rag.getByTestId('answer-model')).toHaveAttribute('data-model', LM);
  await expect(rag.getByTestId('answer-rag')).toHaveAttribute('data-rag', 'on');
  await expect(rag.getByTestId('answer-stats')).toContainText('First token');
  await expect(rag.getByTestId('answer-stats')).toContainText('tokens/s');
  const source = rag.getByTestId('answer-source');
  await expect(source).toHaveCount(1);
  await expect(source).toHaveAttribute('data-doc', 'policy.md');
  await expect(source).toContainText(/score \d\.\d{3}/);
  await rag.getByTestId('answer-prompt').locator('summary').click();
  await expect(rag.getByTestId('answer-prompt')).toContainText(FACT);

  // The citation the model wrote opens the document at the cited chunk.
  await rag.locator('button.citation[data-cite="1"]').click();
  const viewer = page.getByRole('dialog', { name: 'policy.md' });
  await expect(viewer.locator('[data-current="true"]')).toContainText('62 euros');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // RAG off, in a conversation of its own: the model gets the question alone.
  await page.getByTestId('new-conversation').click();
  await setRag(page, false);
  const plain = await ask(page, QUESTION);
  await expect(plain.getByTestId('answer-rag')).toHaveAttribute('data-rag', 'off');
  await expect(plain.getByTestId('answer-rag')).toContainText('no documents used');
  await expect(plain.getByTestId('answer-source')).toHaveCount(0);
  const plainText = (await plain.getByTestId('answer-text').innerText()).trim();
  expect(plainText).not.toContain('62');
  expect(plainText).not.toBe(ragText);
  await plain.getByTestId('answer-prompt').locator('summary').click();
  await expect(plain.getByTestId('answer-prompt')).not.toContainText('62 euros');

  await page.getByRole('button', { name: `Rename ${QUESTION}` }).click();
  await page.getByLabel('New title').fill('Without documents');
  await page.getByRole('button', { name: 'Save title' }).click();
  // The rename is saved before the reload (else the reload can land before the write).
  await expect(page.getByTestId('conversation').first()).toHaveAttribute(
    'data-title',
    'Without documents',
  );

  await page.reload();
  await waitForModel(page);
  await showChat(page);
  const list = page.getByTestId('conversation');
  await expect(list).toHaveCount(2);
  await expect(list.first()).toHaveAttribute('data-title', 'Without documents');
  await list.nth(1).getByRole('button', { name: QUESTION }).click();
  await expect(page.getByTestId('question')).toHaveText(QUESTION);
  const back = page.getByTestId('answer');
  await expect(back.getByTestId('answer-text')).toHaveText(/it is paid as 62 euros \[1\]\./);
  await expect(back.getByTestId('answer-source')).toHaveAttribute('data-doc', 'policy.md');
  await expect(back.getByTestId('answer-model')).toHaveAttribute('data-model', LM);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: `Export ${QUESTION} as Markdown` }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^what-is-the-per-diem-.*\.md$/);
  const markdown = await file.createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  });
  expect(markdown).toContain('62 euros');
  expect(markdown).toContain(`model \`${LM}\``);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: `Delete ${QUESTION}` }).click();
  await expect(list).toHaveCount(1);
  await expect(page.getByTestId('question')).toHaveCount(0);
});

test('a long answer streams and stops on Stop or Esc, marked as stopped', async ({ page }) => {
  // One long sentence, cut into several chunks. Renamed without a dot (a "." ends the tiny LM's
  // copy, and source labels carry the name), it copies on through every retrieved chunk.
  const stops = Array.from({ length: 150 }, (_, i) => `stop${(i % 30) + 1} hamlet`).join(', ');
  await openChat(page);
  await addFiles(page, [textFile('convoy.md', `The convoy route passes ${stops}, then home.`)]);
  await docRow(page, 'convoy.md').getByRole('button', { name: 'Rename convoy.md' }).click();
  await page.getByLabel('New name').fill('convoy notes');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(docRow(page, 'convoy notes')).toBeVisible();
  await showChat(page);
  await page.getByTestId('decoding-button').click();
  await page.getByTestId('max-tokens').fill('1024');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('decoding-button')).toContainText('1024 tokens');
  for (const how of ['button', 'escape'] as const) {
    const answers = page.getByTestId('answer');
    const before = await answers.count();
    await page.getByTestId('chat-input').fill('Describe the convoy route');
    await page.getByTestId('send').click();
    const answer = answers.nth(before);
    await expect(answer.getByTestId('answer-text')).toContainText('hamlet', { timeout: 60_000 });
    if (how === 'button') await page.getByTestId('stop').click();
    else await page.getByTestId('chat-input').press('Escape');
    await expect(answer).toHaveAttribute('data-state', 'stopped');
    await expect(answer.getByTestId('answer-stopped')).toBeVisible();
    // What streamed before the stop is kept; the whole copy would run on to "then home".
    const text = (await answer.getByTestId('answer-text').innerText()).trim();
    expect(text).toMatch(/^passes stop1 hamlet/);
    expect(text).not.toContain('then home');
  }
});

test('a malicious document echoed into an answer stays inert', async ({ page }) => {
  const attack =
    '# Badge\n\nThe badge photo is <img src=x onerror="window.__pwned=1"> on file.\n\n' +
    '<script>window.__pwned=1</script>\n\nThe portal link is [x](javascript:window.__pwned=1) for staff.\n';
  await openChat(page);
  await addFiles(page, [textFile('badge.md', attack)]);
  await showChat(page);
  for (const question of ['What is the badge photo?', 'What is the portal link?']) {
    const answer = await ask(page, question);
    await expect(answer.getByTestId('answer-source')).toHaveAttribute('data-doc', 'badge.md');
    await expect(answer.getByTestId('answer-text')).toContainText(
      question.includes('photo') ? 'onerror' : 'javascript',
    );
    await answer.getByTestId('answer-prompt').locator('summary').click();
  }
  // The document's markup is shown as text, never run or rendered.
  const thread = page.getByTestId('thread');
  await expect(thread.getByTestId('answer-source').first()).toContainText('<img src=x onerror=');
  expect(await thread.locator('script, img, iframe, [onerror]').count()).toBe(0);
  expect(await thread.locator('a[href^="javascript:" i]').count()).toBe(0);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
});

test('the fine-tuned variant answers differently, and each answer names its model', async ({
  page,
}) => {
  await openChat(page);
  await showChat(page);
  // Shift+Enter breaks the line instead of sending.
  await page.getByTestId('chat-input').fill('first line');
  await page.getByTestId('chat-input').press('Shift+Enter');
  await expect(page.getByTestId('chat-input')).toHaveValue('first line\n');
  await expect(page.getByTestId('answer')).toHaveCount(0);
  // RAG on with an empty library: said in the answer, and the model is told it has no sources.
  await expect(page.getByTestId('rag-toggle')).not.toBeChecked();
  await setRag(page, true);
  const none = await ask(page, QUESTION);
  await expect(none.getByTestId('answer-none-found')).toContainText(
    'No passage in your library passed the relevance threshold',
  );
  await expect(none.getByTestId('answer-text')).toHaveText('I could not find this in the sources.');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Library' })
    .click();
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showChat(page);
  const base = await ask(page, QUESTION);
  await pickModel(page, VARIANT);
  const variant = await ask(page, QUESTION);
  const baseText = (await base.getByTestId('answer-text').innerText()).trim();
  const variantText = (await variant.getByTestId('answer-text').innerText()).trim();
  expect(variantText).toMatch(/^Certainly:/i);
  expect(variantText).toContain('62');
  expect(variantText).not.toBe(baseText);
  await expect(base.getByTestId('answer-model')).toHaveAttribute('data-model', LM);
  await expect(variant.getByTestId('answer-model')).toHaveAttribute('data-model', VARIANT);
});

const webllmOptions = (page: Page) =>
  page.locator('[data-testid="model-option"][data-engine="webllm"]');

test('without WebGPU, every WebLLM model says why it cannot run', async ({ page }) => {
  await forceWebgpu(page, 'none');
  await openChat(page);
  await showChat(page);
  await page.getByTestId('model-picker').click();
  const options = webllmOptions(page);
  await expect(options.first()).toBeVisible({ timeout: 60_000 });
  await expect(options.first().getByTestId('model-unavailable')).toContainText('Unavailable');
  await expect(options.first().getByTestId('model-unavailable')).toContainText('has no WebGPU');
  // Said once for the whole WebLLM section, not on every card (each card says where to look).
  const notes = page.getByTestId('family-note');
  await expect(notes).toHaveCount(1);
  await expect(notes).toContainText('None of these can run here');
  await expect(notes).toContainText('has no WebGPU');
  await expect(
    options.getByTestId('model-unavailable').filter({ hasText: '(why: above)' }),
  ).toHaveCount(await options.count());
  await expect(page.locator('[data-engine="webllm"][data-available="true"]')).toHaveCount(0);
  await expect(
    options.and(page.locator(':not(:has([data-testid="model-unavailable"]))')),
  ).toHaveCount(0);
});

test('with WebGPU, a blocked WebLLM download fails with a clear message, and offline says not cached', async ({
  page,
  context,
}) => {
  await forceWebgpu(page, 'capable');
  await context.route(/huggingface\.co|raw\.githubusercontent\.com/, (route) => route.abort());
  await openChat(page);
  await showChat(page);
  await page.getByTestId('model-picker').click();
  const usable = page.locator(
    '[data-testid="model-option"][data-engine="webllm"][data-available="true"]',
  );
  await expect(usable.first()).toBeVisible({ timeout: 60_000 });
  // Offline with an empty cache, the pre-load check says so before WebLLM fetches anything. It
  // comes first: a failed load ends its worker, and the successor's code needs the network.
  await context.setOffline(true);
  await usable.first().locator('button').click();
  await expect(page.getByTestId('model-error')).toHaveText(/offline.*not cached/i, {
    timeout: 60_000,
  });
  await context.setOffline(false);
  await page.getByTestId('model-picker').click();
  await usable.nth(1).locator('button').click();
  await expect(page.getByTestId('model-error')).toHaveText(/Could not download/i, {
    timeout: 60_000,
  });
  await expect(page.locator('body')).not.toContainText(/Failed to fetch|TypeError/);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing in the chat with an answer shown, ${theme} theme`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('ragtune-theme', t), theme);
    await openChat(page);
    await addFiles(page, [textFile('policy.md', POLICY)]);
    await showChat(page);
    const answer = await ask(page, QUESTION);
    await answer.getByTestId('answer-prompt').locator('summary').click();
    const scan = async () => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(
        violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
    };
    await scan();
    await page.getByTestId('model-picker').click();
    await expect(page.getByRole('dialog', { name: 'Choose a model' })).toBeVisible();
    await scan();
  });
}

test('multi-query and HyDE search more than the question, keep the answer and show their cost', async ({
  page,
}) => {
  await openChat(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showChat(page);
  await pickModel(page, LM);
  await setRag(page, true);
  await page.getByTestId('decoding-button').click();
  await page.getByTestId('multi-query').check();
  await page.getByTestId('hyde').check();
  await page.keyboard.press('Escape');
  const answer = await ask(page, QUESTION);
  await expect(answer.getByTestId('answer-text')).toContainText('it is paid as 62 euros');
  const pre = answer.getByTestId('answer-pre-retrieval');
  await expect(pre).toContainText('searches incl. a hypothetical answer');
  await expect(pre).toContainText('tokens before retrieval');
  await pre.locator('summary').click();
  // The question itself is always the first search.
  await expect(pre.getByRole('listitem').first()).toHaveText(QUESTION);
  expect(await pre.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
});
