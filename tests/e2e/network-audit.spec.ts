// The audit every spec runs under (fixtures.ts): a request that would leave 127.0.0.1, from a page
// or from a worker, is blocked and recorded, and a test that makes one fails.
import { expect, test, type Page } from './fixtures';

const OUTSIDE = 'https://example.com/';

/** A page on the test server that the app's CSP does not cover, so only the audit can stop it. */
async function openUnguardedPage(page: Page): Promise<void> {
  await page.goto('./test-models/ragtune-test/tiny-bert/config.json');
}

/** Fetches `url`?from=page from the page and `url`?from=worker from a worker; how each ended. */
function fetchFromPageAndWorker(page: Page, url: string): Promise<string[]> {
  return page.evaluate(async (target) => {
    const fromPage = await fetch(`${target}?from=page`).then(
      () => 'reached',
      () => 'blocked',
    );
    const source = `fetch(${JSON.stringify(`${target}?from=worker`)}).then(
      () => postMessage('reached'), () => postMessage('blocked'));`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    const fromWorker = await new Promise<string>((done) => {
      worker.onmessage = (event) => done(String(event.data));
    });
    return [fromPage, fromWorker];
  }, url);
}

test('a request that would leave the machine is blocked and recorded, from a page and from a worker', async ({
  page,
  networkAudit,
}) => {
  await openUnguardedPage(page);
  expect(await fetchFromPageAndWorker(page, OUTSIDE)).toEqual(['blocked', 'blocked']);
  expect(networkAudit.take()).toEqual([
    `request to example.com: ${OUTSIDE}?from=page`,
    `request to example.com: ${OUTSIDE}?from=worker`,
  ]);
  // Requests to this machine pass.
  expect(await page.evaluate(() => fetch('/').then((r) => r.status))).toBe(200);
  expect(networkAudit.violations).toEqual([]);
});

test('a test that reaches outside the machine fails', async ({ page }) => {
  test.fail(true, 'the audit fails this test when it ends: it fetched example.com');
  await openUnguardedPage(page);
  expect(await fetchFromPageAndWorker(page, OUTSIDE)).toEqual(['blocked', 'blocked']);
});
