// After the chunking settings change, the library offers to cut its documents again: by pointer,
// Settings → Chunking → Save, the offer names the documents, Re-chunk runs with progress, and the
// library's chunks and search follow the new size.
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { addFiles, openApp, searchFor, showView, textFile } from './app';

const PARAGRAPHS = Array.from({ length: 24 }, (_, i) =>
  i === 13
    ? 'The brass kettle in the lighthouse boils at dawn for the keeper.'
    : `Paragraph ${i + 1} tells of tides, ropes, gulls and the harbour wall at night.`,
).join('\n\n');

const chunksOf = async (summary: Locator) =>
  Number(/· ([\d,]+) chunk/.exec((await summary.textContent()) ?? '')?.[1]?.replace(',', ''));

test('changing the chunk size offers to re-chunk the library; Re-chunk cuts it again', async ({
  page,
}) => {
  await openApp(page);
  await addFiles(page, [textFile('harbour.md', `# Harbour\n\n${PARAGRAPHS}`)]);
  const summary = page.getByTestId('library-summary');
  await expect(summary).toHaveText(/^1 document/);
  const before = await chunksOf(summary);

  await showView(page, 'Settings');
  const size = page.getByLabel('Chunk size (tokens)');
  await size.fill('40');
  await page.getByLabel('Overlap (tokens)').fill('0');
  await page.getByRole('button', { name: 'Save chunking' }).click();
  const offer = page.getByTestId('rechunk-offer');
  await expect(offer).toContainText('1 document was cut into chunks with other settings');
  await expect(offer).toContainText('40 tokens (overlap 0)');

  await offer.getByRole('button', { name: 'Re-chunk 1 document' }).click();
  await expect(offer.getByTestId('rechunk-outcome')).toHaveText(
    '1 document cut again with the new settings.',
  );
  await expect(offer.getByRole('button', { name: /^Re-chunk/ })).toHaveCount(0);

  await showView(page, 'Library');
  await expect.poll(() => chunksOf(summary)).toBeGreaterThan(before * 2);
  const hits = await searchFor(page, 'brass kettle lighthouse', 'Keyword (BM25)');
  await expect(hits.first()).toContainText('brass kettle');
  // A small chunk now: the neighbouring paragraphs are no longer in it.
  await expect(hits.first()).not.toContainText('Paragraph 10 ');
});
