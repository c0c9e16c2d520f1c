// The reranker really reorders: the tests' tiny cross-encoder scores a passage by the query words
// it shares, counting repeats (tests/fixtures/models/tinyCrossEncoder.ts), BM25 weighs rare words
// and saturates repeats, so for this query the two orders differ, and the results follow the reranker.
import { expect, test } from './fixtures';
import { MODEL_HOST, TEST_MODEL, addFiles, searchFor, textFile, waitForModel } from './app';

const QUERY = 'harbour lantern';
// BM25 (stemmed, classic k1 0.9 b 0.4, checked with KeywordIndex: 1.03, 0.68, 0.61; one chunk
// per document, so the document-level fusion keeps this order): "lantern" is in one
// document, "harbour" in two, so the lone lantern wins; then three harbours before two.
// Cross-encoder ≈ shared query words with repeats: quay 3, boats 2, lamp 1 (noise ≈ ±0.2).
const DOCS = [
  textFile('lamp.txt', 'A brass lantern hangs by the gate.'),
  textFile('quay.txt', 'The harbour quay, the harbour wall and the harbour steps.'),
  textFile('boats.txt', 'Boats crowd the harbour and the harbour mouth at dawn.'),
];
const BM25_ORDER = ['lamp.txt', 'quay.txt', 'boats.txt'];
const RERANKED_ORDER = ['quay.txt', 'boats.txt', 'lamp.txt'];

test('switching the reranker on changes the order to the cross-encoder’s, and off restores BM25’s', async ({
  page,
}) => {
  const params = new URLSearchParams({
    embedModel: TEST_MODEL,
    modelHost: MODEL_HOST,
    reranker: 'ragtune-test/tiny-cross-encoder',
  });
  await page.goto(`./?${params.toString()}`);
  await waitForModel(page);
  await addFiles(page, DOCS);
  const results = await searchFor(page, QUERY, 'Keyword (BM25)');
  const order = () => results.evaluateAll((items) => items.map((i) => i.getAttribute('data-doc')));
  await expect.poll(order).toEqual(BM25_ORDER);
  await expect(results.first().getByText('rerank')).toHaveCount(0);

  await page.getByTestId('rerank').click();
  await expect(page.getByTestId('search-meta')).toContainText('+ rerank', { timeout: 60_000 });
  await expect.poll(order).toEqual(RERANKED_ORDER);
  // Each result shows the score it is ranked by, highest first.
  const scores = await results
    .locator('dt:text-is("rerank") + dd')
    .evaluateAll((dds) => dds.map((dd) => Number(dd.textContent)));
  expect(scores).toHaveLength(3);
  expect(scores[0]).toBeGreaterThan(scores[1]!);
  expect(scores[1]).toBeGreaterThan(scores[2]!);
  await expect(page.getByTestId('search-meta')).toHaveAttribute('data-mode', 'keyword');

  await page.getByTestId('rerank').click();
  await expect(page.getByTestId('search-meta')).not.toContainText('+ rerank');
  await expect.poll(order).toEqual(BM25_ORDER);
});
