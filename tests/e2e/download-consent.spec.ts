// No large download without a yes: the chat's first question to a catalogue model that is not
// downloaded (520 MB) shows what would be downloaded, how big, and where it is kept; "Not now"
// fetches nothing (the network audit fails the test on any request to the model's host) and keeps
// the question. A model named by address (the tests' tiny ones, size unknown) is not asked about.
import { expect, test } from './fixtures';
import { MODEL_HOST, TEST_MODEL, addFiles, chooseFiles, openApp, showView, textFile } from './app';
import { showChat } from './steps';

test('a large model is not downloaded before the person agrees', async ({ page }) => {
  await openApp(page, { model: false });
  await showChat(page);
  const input = page.getByTestId('chat-input');
  await input.fill('What is the per diem?');
  await page.getByTestId('send').click();

  const consent = page.getByTestId('download-consent');
  await expect(consent).toContainText('Sending this question downloads a model');
  await expect(consent).toContainText(/Qwen2\.5-0\.5B-Instruct — 520 MB/);
  await expect(consent).toContainText('Settings → Downloaded models');
  await expect(consent.getByRole('button', { name: 'Download and send' })).toBeFocused();
  await consent.getByRole('button', { name: 'Not now' }).click();
  await expect(consent).toHaveCount(0);
  await expect(input).toHaveValue('What is the per diem?');
  await expect(page.getByTestId('answer')).toHaveCount(0);
  // Enter asks too: the keyboard path cannot slip past the question.
  await input.press('Enter');
  await expect(consent).toBeVisible();
});

test('a comparison whose arms need large downloads asks first, and Not now fetches nothing', async ({
  page,
}) => {
  await openApp(page, { model: false });
  await showView(page, 'Compare');
  await expect(page.getByTestId('arm-setup').first()).toBeVisible();
  await page.getByTestId('lab-question').fill('What is the per diem?');
  await page.getByTestId('lab-run').click();
  const consent = page.getByTestId('download-consent');
  await expect(consent).toContainText(/This comparison downloads (a model|\d+ models)/);
  await expect(consent).toContainText(/\d+ MB/);
  await consent.getByRole('button', { name: 'Not now' }).click();
  await expect(consent).toHaveCount(0);
  await expect(page.getByTestId('lab-column')).toHaveCount(0);
});

test('choosing a large model in the picker asks first; Not now keeps the old choice and fetches nothing', async ({
  page,
}) => {
  const fetched: string[] = [];
  page.context().on('request', (r) => {
    if (r.url().startsWith('http://127.0.0.1:9/')) fetched.push(r.url());
  });
  // Generator files from a local port that serves nothing: a request there is a download begun.
  const params = new URLSearchParams({
    embedModel: TEST_MODEL,
    modelHost: MODEL_HOST,
    generatorHost: 'http://127.0.0.1:9/',
  });
  await page.goto(`./?${params.toString()}`);
  await showChat(page);
  const picker = page.getByTestId('model-picker');
  await expect(picker).toContainText('Qwen2.5-0.5B-Instruct');
  await picker.click();
  const coder = page.locator(
    '[data-testid="model-option"][data-id="onnx-community/Qwen2.5-Coder-0.5B-Instruct"]',
  );
  await coder.getByRole('button').first().click();
  const consent = coder.getByTestId('download-consent');
  await expect(consent).toContainText('Choosing this model downloads a model');
  await expect(consent).toContainText(/MB/);
  await expect(consent).toContainText('Settings → Downloaded models');
  await expect(consent.getByRole('button', { name: 'Download and use' })).toBeFocused();
  await consent.getByRole('button', { name: 'Not now' }).click();
  await expect(consent).toHaveCount(0);
  await expect(coder.getByRole('button').first()).toHaveAttribute('aria-pressed', 'false');
  await expect(picker).not.toContainText('Coder');
  expect(fetched).toEqual([]);

  // Yes chooses it and starts its load (the host here serves nothing: the load fails, in words).
  await coder.getByRole('button').first().click();
  await coder.getByRole('button', { name: 'Download and use' }).click();
  await expect(picker).toContainText('Qwen2.5-Coder-0.5B-Instruct');
  // The recorder sees the load's requests, so the empty list above meant something.
  await expect.poll(() => fetched.length).toBeGreaterThan(0);
});

test('a question-set run and fine-tune drafting ask before their large downloads; Not now starts nothing', async ({
  page,
}) => {
  const fetched: string[] = [];
  page.context().on('request', (r) => {
    if (r.url().startsWith('http://127.0.0.1:9/')) fetched.push(r.url());
  });
  const params = new URLSearchParams({
    embedModel: TEST_MODEL,
    modelHost: MODEL_HOST,
    generatorHost: 'http://127.0.0.1:9/',
  });
  await page.goto(`./?${params.toString()}`);
  await addFiles(page, [textFile('policy.md', '# Travel\n\nThe per diem is 62 euros.')]);
  await showView(page, 'Evaluate');
  await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
  await chooseFiles(page, page.getByTestId('set-file'), {
    name: 'set.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from('{"question":"What is the per diem?","answer":"62 euros"}\n', 'utf8'),
  });
  await expect(page.getByTestId('set-ready')).toHaveAttribute('data-count', '1');

  await page.getByTestId('eval-start').click();
  const consent = page.getByTestId('download-consent');
  await expect(consent).toContainText(/This run downloads (a model|\d+ models)/);
  await expect(consent).toContainText(/\d+ MB/);
  await consent.getByRole('button', { name: 'Not now' }).click();
  await expect(consent).toHaveCount(0);
  await expect(page.getByTestId('experiment')).toHaveCount(0);

  const card = page.getByTestId('finetune-data');
  await card.getByRole('button', { name: 'Draft training pairs' }).click();
  await expect(card.getByTestId('download-consent')).toContainText('Drafting downloads a model');
  await card.getByRole('button', { name: 'Not now' }).click();
  await expect(card.getByTestId('download-consent')).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Draft training pairs' })).toBeVisible();
  expect(fetched).toEqual([]);
});
