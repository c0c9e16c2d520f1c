// A notice never hides a button for good: the page keeps room below its content for the notices,
// so scrolled to the end, the content (and its last control) sits above them.
import { expect, test } from './fixtures';
import { openApp, showView } from './app';

test('at the end of the page, the last button is clear of the notices', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 700 });
  await openApp(page, { model: false });
  await showView(page, 'Settings');
  await page.getByRole('button', { name: 'Save chunking' }).click();
  const notices = page.locator('.notices');
  await expect(notices.getByText('Chunking settings saved')).toBeVisible();
  const room = await page.evaluate(() => {
    // The end of the page's content, where its last control may sit.
    const last = document.querySelector('main')!.lastElementChild!.getBoundingClientRect();
    const notice = document.querySelector('.notices')!.getBoundingClientRect();
    const page = document.documentElement;
    return {
      scrolls: page.scrollHeight > innerHeight,
      // Scrolled to the end, the content ends this far above the window's bottom edge…
      below: page.scrollHeight - (last.bottom + scrollY),
      // …and the notices take this much of the window from its bottom edge.
      covered: innerHeight - notice.top,
    };
  });
  expect(room.scrolls).toBe(true);
  expect(room.below).toBeGreaterThanOrEqual(room.covered);
});
