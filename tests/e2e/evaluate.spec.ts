// The Evaluate view on a small BEIR dataset the test writes: metrics per mode, with a known
// perfect keyword ranking, computed in a separate library that leaves the person's untouched.
import { expect, test } from './fixtures';
import { addFiles, docRow, openApp, textFile, chooseFiles } from './app';

const corpus = [
  { _id: 'd1', title: 'Lighthouse', text: 'The keeper rings the fog bell during storms.' },
  { _id: 'd2', title: 'Bees', text: 'The queen bee lays eggs in the spring.' },
  { _id: 'd3', title: 'Glacier', text: 'The glacier retreats forty metres each summer.' },
  { _id: 'd4', title: 'Violin', text: 'Rosin the violin bow before practice.' },
];
const queries = [
  { _id: 'q1', text: 'when is the fog bell rung' },
  { _id: 'q2', text: 'what does the queen bee lay' },
  { _id: 'q3', text: 'how fast does the glacier retreat' },
];
const qrels = 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n';
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');

test('a BEIR dataset is evaluated per mode without touching the library', async ({ page }) => {
  await openApp(page);
  await addFiles(page, [textFile('mine.md', '# Mine\n\nMy own notes about harbour cranes.')]);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Evaluate' })
    .click();
  // Evaluate holds both kinds of measurement: question sets, and retrieval over BEIR.
  await page.getByRole('tab', { name: 'Retrieval (BEIR)' }).click();
  await chooseFiles(page, page.getByTestId('beir-files'), [
    { name: 'corpus.jsonl', mimeType: 'application/json', buffer: Buffer.from(jsonl(corpus)) },
    { name: 'queries.jsonl', mimeType: 'application/json', buffer: Buffer.from(jsonl(queries)) },
    { name: 'qrels.test.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(qrels) },
  ]);
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  const table = page.getByTestId('eval-table');
  await expect(table).toBeVisible();
  for (const mode of ['keyword', 'vector', 'hybrid']) {
    const row = table.getByRole('row', { name: new RegExp(`^${mode}`) });
    // Every query's one relevant document comes first: nDCG@10 and both recalls are 100 %.
    await expect(row).toContainText('3100.0100.0100.0');
  }
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Library' })
    .click();
  await expect(page.getByTestId('doc-row')).toHaveCount(1);
  await expect(docRow(page, 'mine.md')).toBeVisible();
});
