// Keyword search reads a chunk's heading path: a query whose words are split between a section
// heading and a later chunk of that section finds that chunk; a deleted document leaves no trace.
import { expect, test } from '@playwright/test';
import { addFiles, docRow, openApp, searchFor, textFile } from './app';

/** Routine sentences, so the section's last sentence lands chunks after its heading. */
const filler = (topic: string) =>
  Array.from(
    { length: 60 },
    (_, i) => `Entry ${i + 1} notes that the ${topic} was inspected and found in order.`,
  ).join(' ');

const manual = [
  '# Lighthouse manual',
  '## Generator room',
  filler('equipment'),
  'If water rises above the marked line, the floor is flooded: stop the engine at once.',
].join('\n\n');
// Distractors: one with the heading's words in its text, one with the later chunk's word.
const cellar = 'The cellar was flooded twice last winter, and the flooded cellar was pumped dry.';
const plan = 'The plan shows the generator room next to the store room.';

test('a query split between a heading and a later chunk finds that chunk', async ({ page }) => {
  await openApp(page, { model: false });
  await addFiles(page, [
    textFile('manual.md', manual),
    textFile('cellar.txt', cellar),
    textFile('plan.txt', plan),
  ]);
  const results = await searchFor(page, 'generator room flooded', 'Keyword (BM25)');
  const top = results.first();
  // Chunk BM25 alone, without the heading path: the later chunk holds one query word (flooded),
  // the cellar note holds it twice in fewer words and the plan holds the other two, so the later
  // chunk ranked below both. With "Lighthouse manual › Generator room" indexed in front of it,
  // it holds all three words and its document matches them all too.
  await expect(top).toHaveAttribute('data-doc', 'manual.md');
  await expect(top).toContainText('the floor is flooded');
  await expect(top).not.toContainText('## Generator room');
  await expect(top).toContainText('Lighthouse manual › Generator room');
});

test('deleting one document from a larger library leaves no trace in results', async ({ page }) => {
  await openApp(page, { model: false });
  const notes = Array.from({ length: 40 }, (_, i) =>
    textFile(`note-${i}.txt`, `Note ${i}: the harbour quay log, entry ${i}. ${filler('quay')}`),
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
