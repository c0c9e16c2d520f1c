// "RAG off" means no document text in the prompt: a RAG-off follow-up leaves out the earlier
// answer from documents (and says so), unless the conversation keeps its full history (labelled).
import { expect, test, type Locator, type Page } from './fixtures';
import { addFiles, openWithTinyLms, showView, textFile, waitForModel } from './app';

const FACT = 'The harbour pilot fee (per diem) is 517 crowns.';
const POLICY = `# Harbour rules\n\n${FACT}\n\nThe pilot fee is settled at the quay: it is 517 crowns [1].\n`;
const FIRST = 'What is the per diem?';
const FOLLOW_UP = 'Tell me about the pilot once more?';
const LAST = 'And the quay?';

/**
 * Top-p 1 is off the field's step grid (0.01 + k·0.05), so the browser's form validation blocks
 * Send by click (a bug fixed elsewhere); a value on the grid lets the form submit. Greedy decoding
 * (temperature 0) ignores top-p, so answers are the same.
 */
async function setTopPOnGrid(page: Page): Promise<void> {
  await page.getByTestId('decoding-button').click();
  const dialog = page.getByRole('dialog', { name: 'Decoding settings' });
  await dialog.getByLabel('Top-p').fill('0.96');
  await page.getByTestId('decoding-button').click();
  await expect(dialog).toBeHidden();
}

/** Asks by clicking Send and waits for the answer to end; returns that answer's card. */
async function ask(page: Page, question: string): Promise<Locator> {
  const answers = page.getByTestId('answer');
  const before = await answers.count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('send').click();
  const answer = answers.nth(before);
  await expect(answer).toHaveAttribute('data-state', /done|stopped/, { timeout: 60_000 });
  return answer;
}

/** Opens the answer's "Show prompt" and returns the exact prompt as shown. */
async function shownPrompt(answer: Locator): Promise<Locator> {
  const prompt = answer.getByTestId('answer-prompt');
  await prompt.locator('summary').click();
  await expect(prompt).toHaveAttribute('open', '');
  return prompt;
}

test('a RAG-off follow-up leaves out the earlier answer from documents, unless full history is kept', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('harbour.md', POLICY)]);
  await showView(page, 'Chat');
  await setTopPOnGrid(page);
  await expect(page.getByTestId('rag-toggle')).toBeChecked();
  // The full-history option is about RAG-off questions: it shows when RAG is off.
  await expect(page.getByTestId('keep-full-history')).toHaveCount(0);

  const first = await ask(page, FIRST);
  const firstText = (await first.getByTestId('answer-text').innerText()).trim();
  expect(firstText).toContain('517 crowns');
  await expect(first.getByTestId('answer-rag')).toHaveText(/^RAG on · \d+ sources?$/);
  await expect(await shownPrompt(first)).toContainText(FACT);

  // RAG off, same conversation: neither the document nor the answer written from it goes in.
  await page.getByTestId('rag-toggle').click();
  await expect(page.getByTestId('rag-toggle')).not.toBeChecked();
  const keepFull = page.getByTestId('keep-full-history');
  await expect(keepFull).not.toBeChecked();
  const second = await ask(page, FOLLOW_UP);
  await expect(second.getByTestId('answer-rag')).toHaveText(
    'RAG off · earlier answers from documents left out',
  );
  const secondPrompt = await shownPrompt(second);
  await expect(secondPrompt).toContainText(FOLLOW_UP);
  await expect(secondPrompt).not.toContainText('517');
  await expect(secondPrompt).not.toContainText(firstText);
  await expect(secondPrompt).not.toContainText(FIRST);
  await expect(second.getByTestId('answer-text')).not.toContainText('517');

  // Keep the full history: the earlier turn goes in, and the answer says its history holds it.
  await keepFull.click();
  await expect(keepFull).toBeChecked();
  const third = await ask(page, LAST);
  await expect(third.getByTestId('answer-rag')).toHaveText('RAG off · history holds document text');
  const thirdPrompt = await shownPrompt(third);
  await expect(thirdPrompt).toContainText(FIRST);
  await expect(thirdPrompt).toContainText(firstText);
  await expect(thirdPrompt).toContainText(FOLLOW_UP);

  // After a reload the labels are the same (stored with each answer) and so is the option.
  await page.reload();
  await waitForModel(page);
  await showView(page, 'Chat');
  await page.getByTestId('conversation').first().getByRole('button', { name: FIRST }).click();
  const answers = page.getByTestId('answer');
  await expect(answers).toHaveCount(3);
  await expect(answers.nth(0).getByTestId('answer-rag')).toHaveText(/^RAG on · \d+ sources?$/);
  await expect(answers.nth(1).getByTestId('answer-rag')).toHaveText(
    'RAG off · earlier answers from documents left out',
  );
  await expect(answers.nth(2).getByTestId('answer-rag')).toHaveText(
    'RAG off · history holds document text',
  );
  await page.getByTestId('rag-toggle').click();
  await expect(page.getByTestId('keep-full-history')).toBeChecked();
});

test('keyboard: the full-history box is reached with Tab and set with Space; a new conversation keeps it', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await showView(page, 'Chat');
  await setTopPOnGrid(page);
  // An empty library: RAG is off, so the box shows beside the RAG switch.
  await expect(page.getByTestId('rag-toggle')).not.toBeChecked();
  await page.getByTestId('rag-toggle').focus();
  await page.keyboard.press('Tab');
  const keepFull = page.getByTestId('keep-full-history');
  await expect(keepFull).toBeFocused();
  await page.keyboard.press('Space');
  await expect(keepFull).toBeChecked();

  // Set before the first question, it is saved with the conversation that question creates.
  await ask(page, 'What is the per diem?');
  await page.reload();
  await waitForModel(page);
  await showView(page, 'Chat');
  await expect(page.getByTestId('keep-full-history')).not.toBeChecked(); // a new, blank one
  await page
    .getByTestId('conversation')
    .first()
    .getByRole('button', { name: 'What is the per diem?' })
    .click();
  await expect(page.getByTestId('answer')).toHaveCount(1);
  await expect(page.getByTestId('keep-full-history')).toBeChecked();
});
