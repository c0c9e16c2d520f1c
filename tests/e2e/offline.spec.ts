// The installable, offline app (scripts/vite/pwa.ts): after one visit ragtune opens and works with
// no network at all, and a new version published while a tab is open announces itself and is
// taken by a click on "Reload to update".
import AxeBuilder from '@axe-core/playwright';
import { cpSync, mkdtempSync, appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { preview } from 'vite';
import { expect, test, type Page } from './fixtures';
import { addFiles, openApp, searchFor, textFile } from './app';

// The config blocks service workers for every other spec; here they are the subject.
test.use({ serviceWorkers: 'allow' });

const OFFLINE_NOTE = 'ragtune is saved in this browser: it now opens offline too.';

/** Waits until the service worker has precached the app and controls the page. */
async function waitForOfflineReady(page: Page): Promise<void> {
  await expect(page.getByRole('status').getByText(OFFLINE_NOTE)).toBeVisible({ timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('after one visit the app opens and searches with no network', async ({ page, context }) => {
  await openApp(page, { model: false });
  await waitForOfflineReady(page);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link
      ? ((await (await fetch(link.href)).json()) as { name: string; icons: unknown[] })
      : null;
  });
  expect(manifest?.name).toMatch(/^ragtune/);
  expect(manifest?.icons.length).toBeGreaterThanOrEqual(2);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
  // The library worker and its keyword index came from the cache too: a document goes in and is found.
  await addFiles(page, [
    textFile('ferry.md', 'The night ferry to Tallinn leaves at 23:30 from pier four.'),
  ]);
  const results = await searchFor(page, 'Tallinn ferry', 'Keyword (BM25)', {
    answeredBy: 'keyword',
  });
  await expect(results.first()).toHaveAttribute('data-doc', 'ferry.md');
});

test('a new version announces itself and is taken by a click', async ({ page }) => {
  // Its own copy of the build on its own server, so publishing "a new version" touches no other test.
  const root = mkdtempSync(join(tmpdir(), 'ragtune-pwa-'));
  cpSync(resolve('dist'), root, { recursive: true });
  const server = await preview({
    configFile: false,
    root,
    build: { outDir: root },
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'silent',
  });
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the preview server has no address');
    // Another origin: past the start view here too, and no embedding model to fetch (keyword only).
    await page.addInitScript(() => localStorage.setItem('ragtune-start-seen', '1'));
    await page.goto(
      `${url}?embedModel=none&modelHost=${encodeURIComponent('http://127.0.0.1:9/')}`,
    );
    await waitForOfflineReady(page);
    const banner = page.getByTestId('notice-with-actions');
    await expect(banner).toHaveCount(0);

    // Publish: the service worker's bytes change, as they do with every new build.
    const sw = join(root, 'sw.js');
    appendFileSync(sw, '\n// next version\n');
    expect(readFileSync(sw, 'utf8')).toContain('next version');
    // What the app does hourly and when its tab comes back into view.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    await expect(banner).toContainText('A new version of ragtune is ready.');
    await expect(banner).toHaveCount(1);
    for (const theme of ['light', 'dark']) {
      await page.getByLabel('Colour theme').selectOption(theme);
      expect((await new AxeBuilder({ page }).include('.notices').analyze()).violations).toEqual([]);
    }
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(banner).toHaveCount(0);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.reload();
    // Still waiting after a reload (the person has not taken it): the banner comes back.
    await expect(banner).toBeVisible({ timeout: 30_000 });
    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload to update' }).click();
    await reloaded;
    await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
    await expect(banner).toHaveCount(0);
    const waiting = await page.evaluate(
      async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null,
    );
    expect(waiting).toBe(false);
  } finally {
    await server.close();
  }
});
