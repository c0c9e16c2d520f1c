// The keyboard paths, apart from the pointer paths the other specs take: Enter sends and runs,
// Shift+Enter breaks the line, Esc stops, Enter commits a rename and Esc drops it, Ctrl/Cmd+Enter saves an edit.
import { expect, test, type Page } from './fixtures';
import { addFiles, docRow, openWithTinyLms, showView, textFile } from './app';

const QUESTION = 'What is the per diem?';
const POLICY =
  '# Travel policy\n\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
  'Receipts are not needed for the per diem: it is paid as 62 euros [1].\n';

test.describe.configure({ timeout: 180_000 });

async function openWith(page: Page, name: string, text: string): Promise<void> {
  await openWithTinyLms(page);
  await addFiles(page, [textFile(name, text)]);
}

test('Chat: Shift+Enter breaks the line, Enter sends, and a bad setting is shown instead', async ({
  page,
}) => {
  await openWith(page, 'policy.md', POLICY);
  await showView(page, 'Chat');
  const input = page.getByTestId('chat-input');
  await input.fill('first line');
  await input.press('Shift+Enter');
  await expect(input).toHaveValue('first line\n');
  await expect(page.getByTestId('answer')).toHaveCount(0);

  // A bad top-p: Enter opens the settings on that field with the reason, and sends nothing.
  await page.getByTestId('decoding-button').click();
  const topP = page.getByRole('spinbutton', { name: 'Top-p' });
  await topP.fill('0');
  await page.getByTestId('decoding-button').click();
  await expect(topP).toBeHidden();
  await input.fill(QUESTION);
  await input.press('Enter');
  await expect(topP).toBeFocused();
  await expect(page.getByText('Top-p must be between 0.01 and 1').first()).toBeVisible();
  await expect(page.getByTestId('answer')).toHaveCount(0);
  await topP.fill('1');

  await input.press('Enter');
  const answer = page.getByTestId('answer').first();
  await expect(answer).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(answer.getByTestId('answer-text')).toContainText('62 euros');
});

test('Chat: Esc stops an answer while it streams', async ({ page }) => {
  // The tiny LM copies this long sentence on and on (no dot to stop at): time to press Esc.
  const stops = Array.from({ length: 150 }, (_, i) => `stop${(i % 30) + 1} hamlet`).join(', ');
  await openWith(page, 'convoy.md', `The convoy route passes ${stops}, then home.`);
  // Renamed without a dot: a "." ends the tiny LM's copy, and source labels carry the name, so
  // with "convoy.md" the answer could end before Esc is pressed.
  await page.getByRole('button', { name: 'Rename convoy.md' }).click();
  await page.getByLabel('New name').fill('convoy notes');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(docRow(page, 'convoy notes')).toBeVisible();
  await showView(page, 'Chat');
  await page.getByTestId('decoding-button').click();
  await page.getByTestId('max-tokens').fill('1024');
  await page.getByTestId('decoding-button').click();
  await page.getByTestId('chat-input').fill('Describe the convoy route');
  await page.getByTestId('send').click();
  const answer = page.getByTestId('answer').first();
  await expect(answer.getByTestId('answer-text')).toContainText('hamlet', { timeout: 60_000 });
  await page.getByTestId('chat-input').press('Escape');
  await expect(answer).toHaveAttribute('data-state', 'stopped');
  await expect(answer.getByTestId('answer-text')).not.toContainText('then home');
});

test('Compare: Enter in the question runs the comparison', async ({ page }) => {
  await openWith(page, 'policy.md', POLICY);
  await showView(page, 'Compare');
  await expect(page.getByTestId('arm-setup')).toHaveCount(4);
  await page.getByTestId('lab-question').fill(QUESTION);
  await page.getByTestId('lab-question').press('Enter');
  const columns = page.getByTestId('lab-column');
  await expect(columns).toHaveCount(4);
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 150_000 });
  await expect(columns.getByTestId('answer-text').filter({ hasText: '62 euros' })).toHaveCount(2);
});

test('Library: Esc drops a rename, Enter commits one; Ctrl/Cmd+Enter saves an edited text', async ({
  page,
}) => {
  await openWith(page, 'policy.md', POLICY);
  await page.getByRole('button', { name: 'Rename policy.md' }).click();
  await expect(page.getByLabel('New name')).toBeFocused();
  await page.getByLabel('New name').fill('dropped name');
  await page.getByLabel('New name').press('Escape');
  await expect(page.getByLabel('New name')).toBeHidden();
  await expect(docRow(page, 'policy.md')).toBeVisible();
  await expect(docRow(page, 'dropped name')).toHaveCount(0);

  await page.getByRole('button', { name: 'Rename policy.md' }).click();
  await page.getByLabel('New name').fill('travel rules');
  await page.getByLabel('New name').press('Enter');
  await expect(docRow(page, 'travel rules')).toBeVisible();

  await docRow(page, 'travel rules')
    .getByRole('button', { name: 'travel rules', exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: 'travel rules' });
  await dialog.getByRole('button', { name: 'Edit text' }).click();
  const editor = dialog.getByLabel('Text of travel rules');
  await editor.fill(POLICY.replaceAll('62 euros', '70 euros'));
  await editor.press('ControlOrMeta+Enter');
  await expect(dialog.getByTestId('edit-saved')).toContainText('Saved and re-indexed');
  await expect(editor).toBeHidden();
});
