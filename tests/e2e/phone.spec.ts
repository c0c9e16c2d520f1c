// A phone (390 px): the header is one row with a Menu that opens the views, and no view scrolls
// sideways — with a document in the library, a search's results and an answer on screen.
import { expect, test, type Page } from './fixtures';
import { VIEW_ROUTES } from '../../src/lib/state/routes';
import { addFiles, openApp, openWithTinyLms, showView, textFile } from './app';

test.use({ viewport: { width: 390, height: 844 } });

const DOC = textFile(
  'harbour-regulations-for-visiting-vessels-and-their-crews.md',
  '# Harbour rules\n\nVisiting vessels report to the harbour master on channel 14 before entering.',
);

/** How far the page is wider than the screen (0 when nothing scrolls sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('the header is one row; Menu opens the views and closes on a choice', async ({ page }) => {
  await openApp(page, { model: false });
  const header = page.locator('header');
  const box = await header.boundingBox();
  expect(box?.height).toBeLessThan(70);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();

  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  await expect(page.getByLabel('Colour theme')).toBeVisible();
  await nav.getByRole('button', { name: 'Chat' }).click();
  await expect(nav).toBeHidden();
  await expect(page).toHaveURL(/#\/chat$/);
  await expect(header).toContainText('Chat');

  // A tap outside closes it too.
  await menu.click();
  await expect(nav).toBeVisible();
  await page.locator('main').click({ position: { x: 200, y: 400 } });
  await expect(nav).toBeHidden();
});

test('Esc closes the menu and gives focus back to Menu', async ({ page }) => {
  await openApp(page, { model: false });
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(menu).toBeFocused();
});

test('no view scrolls sideways at 390 px', async ({ page }) => {
  await openApp(page, { model: false });
  await addFiles(page, [DOC]);
  const wide: string[] = [];
  for (const view of VIEW_ROUTES) {
    await showView(page, view.label);
    await expect(page).toHaveURL(new RegExp(`#/${view.path}$`));
    const extra = await overflow(page);
    if (extra > 0) wide.push(`${view.label}: ${extra}px`);
  }
  expect(wide).toEqual([]);
});

test('the chat works with the on-screen keyboard open: the box and Send in sight, the answer above them', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('policy.md', '# Travel\n\nThe per diem is 62 euros.')]);
  await showView(page, 'Chat');
  const input = page.getByTestId('chat-input');
  await input.fill('What is the per diem?');
  await page.getByTestId('send').click();
  await expect(page.getByTestId('answer')).toHaveCount(1);

  // The keyboard takes half the screen: the page gets 420 of its 844 px (Chrome on Android with
  // interactive-widget=resizes-content, which index.html asks for).
  await page.setViewportSize({ width: 390, height: 420 });
  await input.click();
  const composer = page.locator('form.composer');
  const box = await composer.boundingBox();
  expect(box!.height).toBeLessThan(420 * 0.4);
  await expect(input).toBeInViewport({ ratio: 1 });
  await input.fill('Who books hotels?');
  const send = page.getByTestId('send');
  await expect(send).toBeInViewport({ ratio: 1 });
  await send.click();

  // The new answer streams into view above the composer, not under it.
  const answer = page.getByTestId('answer').nth(1);
  await expect(answer).toBeVisible({ timeout: 60_000 });
  await input.click();
  const text = answer.getByTestId('answer-text');
  await expect(text).toBeInViewport();
  // Measured once the answer has stopped growing (under load the last scroll can lag a frame).
  await expect(answer).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect
    .poll(async () => {
      const [t, c] = [await text.boundingBox(), await composer.boundingBox()];
      return t!.y + t!.height - c!.y;
    })
    .toBeLessThanOrEqual(1);
  // Its words stay on the short screen once its figures and sources are added below them.
  await expect(text).toBeInViewport();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});
