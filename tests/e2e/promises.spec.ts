// Promises the README makes that no other test checked: a dropped folder is walked, parsing runs
// off the main thread, ONNX Runtime's WASM comes from the app's own origin, search results mark the
// query's words, a reload searches the stored vectors instead of embedding again, and clearing the
// library and deleting the downloaded models leave nothing behind.
import type { Request } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import { makeTextPdf } from '../fixtures/docs/makePdf';
import { makeDocx } from '../fixtures/docs/makeDocx';
import {
  DOCX_MIME,
  addFiles,
  docRow,
  openApp,
  searchFor,
  showView,
  textFile,
  waitForModel,
} from './app';

test('a dropped folder adds every file inside it, sub-folders included, hidden files skipped', async ({
  page,
}) => {
  await openApp(page);
  // A drop cannot be clicked: the test dispatches one whose item is a folder, read the way the app
  // reads folders (webkitGetAsEntry, then a directory reader that answers in batches).
  await page.evaluate(() => {
    type Entry = Record<string, unknown>;
    const file = (name: string, text: string): Entry => ({
      name,
      isFile: true,
      isDirectory: false,
      file: (ok: (f: File) => void) => ok(new File([text], name, { type: 'text/plain' })),
    });
    const folder = (name: string, children: Entry[]): Entry => ({
      name,
      isFile: false,
      isDirectory: true,
      createReader: () => {
        const batches = [children.slice(0, 1), children.slice(1), []];
        return { readEntries: (ok: (batch: Entry[]) => void) => ok(batches.shift() ?? []) };
      },
    });
    const notes = folder('notes', [
      file('kites.md', '# Kites\n\nA kite flies on a long string.'),
      file('.DS_Store', 'binary noise'),
      folder('sea', [file('boats.txt', 'Sailing boats tack against the wind.')]),
    ]);
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'notes', { type: '' })); // so that the drop says it carries files
    Object.defineProperty(dt, 'items', {
      value: [{ kind: 'file', webkitGetAsEntry: () => notes }],
    });
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(
        new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    }
  });
  await expect(docRow(page, 'notes/kites.md')).toBeVisible();
  await expect(docRow(page, 'notes/sea/boats.txt')).toBeVisible();
  await expect(page.getByTestId('doc-row')).toHaveCount(2);
});

/** Every request of the page and its workers, from the first one. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (r) => void requests.push(r));
  return requests;
}

test('PDF and Word files are parsed in the library worker: the page never loads their parsers', async ({
  page,
}) => {
  const requests = recordRequests(page);
  await openApp(page);
  const pdf = await makeTextPdf(['Glacier report. The glacier retreats forty metres each summer.']);
  const docx = await makeDocx([{ heading: 1, text: 'Violin care' }, { text: 'Rosin the bow.' }]);
  await addFiles(page, [
    { name: 'glacier.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) },
    { name: 'violin.docx', mimeType: DOCX_MIME, buffer: Buffer.from(docx) },
  ]);
  await expect(docRow(page, 'glacier.pdf')).toBeVisible();
  await expect(docRow(page, 'violin.docx')).toBeVisible();
  const parser = /\/assets\/(pdfjsBrowser|docx)-[^/]+\.js$/;
  // The parsers were fetched (by someone) ...
  const fetched = requests.map((r) => r.url()).filter((u) => parser.test(u));
  expect(fetched).toHaveLength(2);
  // ... but not by the page: its own resource timeline and globals know nothing of them.
  const pageLoaded = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name),
  );
  expect(pageLoaded.filter((u) => parser.test(u))).toEqual([]);
  expect(pageLoaded.some((u) => /\/assets\/index-[^/]+\.js$/.test(u))).toBe(true);
  expect(await page.evaluate(() => 'pdfjsWorker' in globalThis || 'pdfjsLib' in globalThis)).toBe(
    false,
  );
});

test('ONNX Runtime’s WASM is served by the app: nothing of it is fetched from another origin', async ({
  page,
  baseURL,
}) => {
  const requests = recordRequests(page);
  await openApp(page);
  const origin = new URL(baseURL!).origin;
  const ort = requests.map((r) => r.url()).filter((u) => /ort[^/]*\.(wasm|mjs)(\?|$)/.test(u));
  expect(ort.some((u) => u.endsWith('.wasm'))).toBe(true);
  for (const url of ort) expect(new URL(url).origin).toBe(origin);
  // Nothing at all left the origin: the tests' model host is the app's /test-models/.
  expect(requests.map((r) => new URL(r.url()).origin).filter((o) => o !== origin)).toEqual([]);
});

test('search results mark the words of the query, and only those', async ({ page }) => {
  await openApp(page);
  await addFiles(page, [
    textFile('kites.md', '# Kites\n\nA kite flies on a long string above the harbour.'),
  ]);
  const results = await searchFor(page, 'kite string', 'Keyword (BM25)');
  await expect(results.first()).toHaveAttribute('data-doc', 'kites.md');
  const marks = results.first().locator('mark');
  await expect(marks.first()).toBeVisible();
  const marked = (await marks.allTextContents()).map((t) => t.toLowerCase());
  expect(new Set(marked)).toEqual(new Set(['kite', 'kites', 'string']));
  await expect(results.first().locator('mark', { hasText: /harbour|long|flies/i })).toHaveCount(0);
});

/** Swaps two documents' stored vectors in IndexedDB, behind the app's back. */
async function swapStoredVectors(page: Page, a: string, b: string): Promise<void> {
  await page.evaluate(
    async ({ nameA, nameB }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('ragtune');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const all = <T>(store: string) =>
        new Promise<T[]>((ok, fail) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => ok(req.result as T[]);
          req.onerror = () => fail(req.error);
        });
      const docs = await all<{ id: string; name: string }>('documents');
      const idOf = (name: string) => docs.find((d) => d.name === name)!.id;
      const blocks = await all<{ docId: string; vectors: Float32Array }>('vectors');
      const blockA = blocks.find((v) => v.docId === idOf(nameA))!;
      const blockB = blocks.find((v) => v.docId === idOf(nameB))!;
      const tx = db.transaction('vectors', 'readwrite');
      tx.objectStore('vectors').put({ ...blockA, vectors: blockB.vectors });
      tx.objectStore('vectors').put({ ...blockB, vectors: blockA.vectors });
      await new Promise((ok, fail) => {
        tx.oncomplete = ok;
        tx.onerror = () => fail(tx.error);
      });
      db.close();
    },
    { nameA: a, nameB: b },
  );
}

test('a reload searches the stored vectors: nothing is embedded again', async ({ page }) => {
  await openApp(page);
  await addFiles(page, [
    textFile('kites.md', 'A kite flies on a long string.'),
    textFile('boats.txt', 'Sailing boats tack against the wind.'),
  ]);
  const first = await searchFor(page, 'sailing boats tack', 'Vector');
  await expect(first.first()).toHaveAttribute('data-doc', 'boats.txt');
  // Planted behind the app's back: only vectors read from storage can carry the swap into search.
  // Embedding again after the reload would give each document its own vectors back.
  await swapStoredVectors(page, 'kites.md', 'boats.txt');
  await page.reload();
  await waitForModel(page);
  const after = await searchFor(page, 'sailing boats tack', 'Vector');
  await expect(after.first()).toHaveAttribute('data-doc', 'kites.md');
  await expect(page.getByTestId('search-meta')).toContainText('vector');
});

/** Every URL held in the page's Cache Storage. */
const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });

test('Clear library and Delete all downloaded models leave no document and no model behind', async ({
  page,
}) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openApp(page);
  await addFiles(page, [textFile('kites.md', 'A kite flies on a long string.')]);
  await expect(docRow(page, 'kites.md')).toBeVisible();
  await page.getByRole('button', { name: 'Clear library' }).click();
  await expect(page.getByTestId('doc-row')).toHaveCount(0);

  expect((await cachedUrls(page)).some((u) => u.includes('/test-models/'))).toBe(true);
  await showView(page, 'Settings');
  const downloads = page.getByTestId('downloaded-models');
  await expect(downloads.getByTestId('cached-model').first()).toBeVisible();
  await downloads.getByRole('button', { name: 'Delete all' }).click();
  await expect(downloads).toContainText('No model has been downloaded yet.');
  expect((await cachedUrls(page)).filter((u) => u.includes('/test-models/'))).toEqual([]);

  // After a reload the library is still empty: the clear reached storage, not just the list.
  await page.reload(); // the address keeps the view (Settings): go back to the library
  await showView(page, 'Library');
  await expect(page.getByRole('heading', { name: 'Add documents' })).toBeVisible();
  await expect(page.getByTestId('doc-row')).toHaveCount(0);
  const results = await searchFor(page, 'kite string', 'Keyword (BM25)');
  await expect(results).toHaveCount(0);
});
