// Primary actions by pointer, with the settings a person starts with: clicking Send and Run
// comparison must answer, and a bad decoding value must say so in words next to its field.
import { expect, test, type Page } from './fixtures';
import { addFiles, openWithTinyLms, showView, textFile } from './app';

const QUESTION = 'What is the per diem?';
const POLICY =
  '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
  'Receipts are not needed for the per diem: it is paid as 62 euros [1].\n';

test.describe.configure({ timeout: 180_000 });

async function openChat(page: Page): Promise<void> {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Chat');
  await page.getByTestId('chat-input').fill(QUESTION);
}

test('with default settings, clicking Send streams an answer', async ({ page }) => {
  await openChat(page);
  await page.getByTestId('send').click();
  const answer = page.getByTestId('answer').first();
  await expect(answer).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(answer.getByTestId('answer-text')).toContainText('62 euros');
});

test('with default settings, clicking Run comparison streams every column', async ({ page }) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', POLICY)]);
  await showView(page, 'Compare');
  await expect(page.getByTestId('arm-setup')).toHaveCount(4);
  await page.getByTestId('lab-question').fill(QUESTION);
  await page.getByTestId('lab-run').click();
  const columns = page.getByTestId('lab-column');
  await expect(columns).toHaveCount(4);
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 150_000 });
  await expect(columns.and(page.locator('[aria-busy="true"]'))).toHaveCount(0, { timeout: 60_000 });
  for (let i = 0; i < 4; i++) {
    await expect(columns.nth(i).getByTestId('answer-text')).not.toBeEmpty();
  }
  await expect(columns.getByTestId('answer-text').filter({ hasText: '62 euros' })).toHaveCount(2);
});

test('an invalid top-p is named in words next to its field, and Send shows it instead of doing nothing', async ({
  page,
}) => {
  await openChat(page);
  await page.getByTestId('decoding-button').click();
  const topP = page.getByRole('spinbutton', { name: 'Top-p' });
  await topP.fill('5');
  await expect(topP).toHaveAttribute('aria-invalid', 'true');
  const message = page.getByText('Top-p must be between 0.01 and 1');
  await expect(message.first()).toBeVisible();
  // The message is the field's description, so a screen reader reads it with the field.
  const describedBy = (await topP.getAttribute('aria-describedby')) ?? '';
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText(
    'Top-p must be between 0.01 and 1',
  );

  // Close the panel, then click Send: the settings open again on the bad field, and the
  // composer says why nothing was sent. No answer reaches the model.
  await page.getByTestId('decoding-button').click();
  await expect(topP).toBeHidden();
  await page.getByTestId('send').click();
  await expect(topP).toBeVisible();
  await expect(topP).toBeFocused();
  await expect(page.getByRole('alert').filter({ hasText: 'Top-p must be between' })).toBeVisible();
  await expect(page.getByTestId('answer')).toHaveCount(0);

  // Fixed, the same click sends.
  await topP.fill('0.9');
  await expect(topP).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('decoding-button').click();
  await page.getByTestId('send').click();
  const answer = page.getByTestId('answer').first();
  await expect(answer).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
});

test('an invalid value in Compare stops the run with the message next to the field', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await showView(page, 'Compare');
  await page.getByTestId('lab-question').fill(QUESTION);
  await page.getByTestId('decoding-button').click();
  const tokens = page.getByRole('spinbutton', { name: 'Max answer tokens' });
  await tokens.fill('0');
  await expect(
    page.getByText('Max answer tokens must be a whole number between 1 and 4096').first(),
  ).toBeVisible();
  await page.getByTestId('decoding-button').click();
  await page.getByTestId('lab-run').click();
  await expect(tokens).toBeFocused();
  await expect(page.getByTestId('lab-column')).toHaveCount(0);
});

test('other number fields name a bad value beside them, and Save chunking refuses it in words', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await showView(page, 'Search');
  const topK = page.getByRole('spinbutton', { name: 'Top k' });
  await topK.fill('0');
  await expect(topK).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Top k must be a whole number between 1 and 100')).toBeVisible();
  await topK.fill('5');
  await expect(topK).not.toHaveAttribute('aria-invalid', 'true');

  await showView(page, 'Settings');
  const size = page.getByRole('spinbutton', { name: 'Chunk size (tokens)' });
  const overlap = page.getByRole('spinbutton', { name: 'Overlap (tokens)' });
  await expect(size).toHaveValue('200');
  // Overlap may reach half a chunk: 150 of 200 would be clamped silently, so it is refused.
  await overlap.fill('150');
  await expect(page.getByText('Overlap must be a whole number between 0 and 100')).toBeVisible();
  await page.getByRole('button', { name: 'Save chunking' }).click();
  await expect(overlap).toBeFocused();
  await expect(page.getByText('Chunking settings saved')).toHaveCount(0);
  await overlap.fill('60');
  await page.getByRole('button', { name: 'Save chunking' }).click();
  await expect(page.getByText('Chunking settings saved')).toBeVisible();
});
