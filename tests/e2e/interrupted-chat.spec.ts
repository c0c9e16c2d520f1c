// A chat answer cut off by a real reload mid-stream: the question and the partial answer come back
// marked interrupted, and Retry (clicked) answers the same question in full in the answer's place.
import { expect, test, type Page } from './fixtures';
import { addFiles, docRow, openWithTinyLms, showView, textFile, waitForModel } from './app';

const QUESTION = 'Describe the convoy route';
// One long sentence over several chunks: the tiny LM copies it from "passes" through every
// retrieved chunk, hundreds of tokens, so the page can be reloaded while it streams.
const STOPS = Array.from({ length: 150 }, (_, i) => `stop${(i % 30) + 1} hamlet`).join(', ');

async function setMaxTokens(page: Page, tokens: number): Promise<void> {
  await page.getByTestId('decoding-button').click();
  await page.getByTestId('max-tokens').fill(String(tokens));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('max-tokens')).toBeHidden();
  await expect(page.getByTestId('decoding-button')).toContainText(`${tokens} tokens`);
}

test('a reload mid-answer keeps the question and the partial answer, marked interrupted; Retry answers in full', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('convoy.md', `The convoy route passes ${STOPS}, then home.`)]);
  // Source labels carry the document's name: without a dot, the copy runs on through them.
  await docRow(page, 'convoy.md').getByRole('button', { name: 'Rename convoy.md' }).click();
  await page.getByLabel('New name').fill('convoy notes');
  await page.getByLabel('New name').press('Enter');
  await expect(docRow(page, 'convoy notes')).toBeVisible();
  await showView(page, 'Chat');
  await setMaxTokens(page, 1024);
  await page.getByTestId('chat-input').fill(QUESTION);
  await page.getByTestId('send').click();
  const streaming = page.getByTestId('answer');
  await expect(streaming.getByTestId('answer-text')).toContainText('hamlet', { timeout: 60_000 });
  await expect(streaming).toHaveAttribute('data-state', 'streaming');

  await page.reload();
  await waitForModel(page);
  await showView(page, 'Chat');
  await page.getByTestId('conversation').getByRole('button', { name: QUESTION }).click();
  await expect(page.getByTestId('question')).toHaveText(QUESTION);
  const cut = page.getByTestId('answer');
  await expect(cut).toHaveCount(1);
  await expect(cut).toHaveAttribute('data-state', 'interrupted');
  await expect(cut.getByTestId('answer-interrupted')).toContainText(
    'Interrupted — a partial answer',
  );
  const partial = (await cut.getByTestId('answer-text').innerText()).trim();
  expect(partial).toMatch(/^passes stop1 hamlet/);
  expect(partial).not.toContain('then home');

  await setMaxTokens(page, 1024); // decoding settings belong to the session, not the answer
  await cut.getByTestId('answer-retry').click();
  await expect(cut).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(cut.getByTestId('answer-interrupted')).toHaveCount(0);
  const full = (await cut.getByTestId('answer-text').innerText()).trim();
  expect(full.length).toBeGreaterThan(partial.length);
  expect(full.startsWith(partial)).toBe(true);
  await expect(page.getByTestId('question')).toHaveCount(1);

  // The full answer is what is saved.
  await page.reload();
  await waitForModel(page);
  await showView(page, 'Chat');
  await page.getByTestId('conversation').getByRole('button', { name: QUESTION }).click();
  await expect(page.getByTestId('answer')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('answer').getByTestId('answer-text')).toHaveText(full);
});

test('Retry works from the keyboard', async ({ page }) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('convoy.md', `The convoy route passes ${STOPS}, then home.`)]);
  await docRow(page, 'convoy.md').getByRole('button', { name: 'Rename convoy.md' }).click();
  await page.getByLabel('New name').fill('convoy notes');
  await page.getByLabel('New name').press('Enter');
  await showView(page, 'Chat');
  await setMaxTokens(page, 1024);
  await page.getByTestId('chat-input').fill(QUESTION);
  await page.getByTestId('chat-input').press('Enter');
  await expect(page.getByTestId('answer-text')).toContainText('hamlet', { timeout: 60_000 });
  await page.reload();
  await waitForModel(page);
  await showView(page, 'Chat');
  await page.getByTestId('conversation').getByRole('button', { name: QUESTION }).click();
  const retry = page.getByTestId('answer-retry');
  await retry.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('answer')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000,
  });
});
