// A phone (390 px): the header is one row with a Menu that opens the views, and no view scrolls
// sideways — with a document in the library, a search's results and an answer on screen.
import { expect, test, type Page } from './fixtures';
import { VIEW_ROUTES } from '../../src/lib/state/routes';
import { addFiles, openApp, showView, textFile } from './app';

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
