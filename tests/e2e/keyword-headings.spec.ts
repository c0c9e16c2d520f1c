// Keyword search reads a chunk's heading path: a query whose words are split between a section
// heading and a later chunk of that section finds that chunk; a deleted document leaves no trace.
import { expect, test, type Page } from '@playwright/test';
import { addFiles, docRow, openApp, searchFor, textFile } from './app';

/** Routine sentences, so the section's last sentence lands chunks after its heading. */
const filler = (topic: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `Entry ${i + 1} notes that the ${topic} was inspected and found in order.`,
  ).join(' ');

// Three chunks at the default 200 tokens; "flooded" is only in the last, after the heading.
const manual = [
  '# Lighthouse manual',
  '## Generator room',
  filler('equipment', 25),
  'If water rises above the marked line, the floor is flooded: stop the engine at once.',
].join('\n\n');
// Distractors: one with the heading's words in its text, one with the later chunk's word.
const cellar = `Last winter the cellar flooded after the storm. ${filler('cellar', 8)}`;
const plan = `The plan shows the generator room next to the store room. ${filler('plan', 8)}`;

test('a query split between a heading and a later chunk finds that chunk', async ({ page }) => {
  await openApp(page, { model: false });
  await addFiles(page, [
    textFile('manual.md', manual),
    textFile('cellar.txt', cellar),
    textFile('plan.txt', plan),
  ]);
  const results = await searchFor(page, 'generator room flooded', 'Keyword (BM25)');
  const top = results.first();
  // Without the heading path the later chunk holds one query word (flooded) and ranks third,
  // below the plan (generator, room; room twice) and the manual's first chunk (its heading):
  // fused scores 1.00, 0.78, 0.65 (0.5 document weight; checked with TwoLevelIndex in Node).
  // With "Lighthouse manual › Generator room" indexed in front of it, it holds all three words:
  // 0.91, against 0.71 for the plan.
  await expect(top).toHaveAttribute('data-doc', 'manual.md');
  await expect(top).toContainText('the floor is flooded');
  await expect(top).not.toContainText('## Generator room');
  await expect(top).toContainText('Lighthouse manual › Generator room');

  // After a reload the same answer comes from the restored index: the stored binary snapshot
  // plus the import's segment (a rebuild would have replaced them with one new snapshot).
  const before = await keywordRecords(page);
  await page.reload();
  const again = (await searchFor(page, 'generator room flooded', 'Keyword (BM25)')).first();
  await expect(again).toHaveAttribute('data-doc', 'manual.md');
  await expect(again).toContainText('the floor is flooded');
  const after = await keywordRecords(page);
  expect(after).toEqual(before);
  expect(after.filter((r) => r.kind === 'manifest')).toHaveLength(1);
  expect(after.filter((r) => r.kind === 'part').length).toBeGreaterThan(0);
  expect(after.filter((r) => r.kind === 'segment').length).toBeGreaterThan(0);
});

/** The stored keyword records' keys and kinds, read from IndexedDB in the page. */
function keywordRecords(page: Page): Promise<{ key: string; kind: string }[]> {
  return page.evaluate(
    () =>
      new Promise<{ key: string; kind: string }[]>((resolve, reject) => {
        const open = indexedDB.open('ragtune');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('keywordIndex').objectStore('keywordIndex').getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            open.result.close();
            const rows = req.result as Record<string, unknown>[];
            resolve(
              rows.map((r) => ({
                key: String(r.key),
                kind:
                  typeof r.json === 'string'
                    ? 'segment'
                    : r.data instanceof ArrayBuffer
                      ? 'part'
                      : typeof r.parts === 'number'
                        ? 'manifest'
                        : 'other',
              })),
            );
          };
        };
      }),
  );
}

test('deleting one document from a larger library leaves no trace in results', async ({ page }) => {
  await openApp(page, { model: false });
  const notes = Array.from({ length: 40 }, (_, i) =>
    textFile(`note-${i}.txt`, `Note ${i}: the harbour quay log, entry ${i}. ${filler('quay', 60)}`),
  );
  notes.push(textFile('target.txt', 'The harbour quay lantern was moved to the lantern store.'));
  await addFiles(page, notes);
  let results = await searchFor(page, 'harbour lantern', 'Keyword (BM25)');
  await expect(results.first()).toHaveAttribute('data-doc', 'target.txt');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Library' })
    .click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete target.txt' }).click();
  await expect(docRow(page, 'target.txt')).toHaveCount(0);
  for (const reload of [false, true]) {
    if (reload) await page.reload();
    results = await searchFor(page, 'harbour lantern store', 'Keyword (BM25)');
    await expect(results.first()).toHaveAttribute('data-doc', /^note-\d+\.txt$/);
    await expect(page.locator('[data-testid="result"][data-doc="target.txt"]')).toHaveCount(0);
    await expect(page.getByTestId('result').filter({ hasText: 'lantern' })).toHaveCount(0);
  }
});
