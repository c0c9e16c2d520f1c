// Settings → Retrieval for chat and lab: what a person sets there is what the chat's RAG search
// runs (its sources count and the line under the answer say so), a bad value is refused in words
// and changes nothing, the choice survives a reload, and the defaults come back in one click.
import { expect, test, type Locator, type Page } from './fixtures';
import { addFiles, openWithTinyLms, showView, textFile } from './app';
import { askByClick, longDocument, showChat } from './steps';

const LOG = longDocument('Harbour log', 6, { 3: 'The pilot fee is 517 crowns at the quay.' });

function retrievalCard(page: Page): Locator {
  return page.getByRole('form', { name: 'Retrieval for chat and lab' });
}

/** The app with the tiny models and the harbour log added, at Settings; returns the card. */
async function openRetrievalSettings(page: Page): Promise<Locator> {
  await openWithTinyLms(page);
  await addFiles(page, [textFile('harbour-log.md', LOG)]);
  await showView(page, 'Settings');
  return retrievalCard(page);
}

test('retrieval settings chosen by click are what the chat searches with, and survive a reload', async ({
  page,
}) => {
  const card = await openRetrievalSettings(page);
  await expect(card.getByTestId('retrieval-now')).toHaveText('In use: hybrid search (RRF), top 5.');

  await card.getByLabel('Keyword (BM25)').click();
  await card.getByLabel('Passages per answer (top k)').fill('2');
  await expect(card.getByText('Not saved yet')).toBeVisible();
  await card.getByRole('button', { name: 'Save retrieval' }).click();
  await expect(
    page.getByText(
      /Retrieval settings saved\. The chat and the lab's RAG arms now use keyword search, top 2\./,
    ),
  ).toBeVisible();
  await expect(card.getByTestId('retrieval-now')).toHaveText('In use: keyword search, top 2.');
  await expect(card.getByText('Not saved yet')).toHaveCount(0);

  // A bad value is named beside its field, takes the focus, and nothing is saved.
  const topK = card.getByLabel('Passages per answer (top k)');
  await topK.fill('0');
  await card.getByRole('button', { name: 'Save retrieval' }).click();
  await expect(card.getByText('Top k must be a whole number between 1 and 100')).toBeVisible();
  await expect(topK).toBeFocused();
  await expect(card.getByTestId('retrieval-now')).toHaveText('In use: keyword search, top 2.');
  await topK.fill('2');

  await showChat(page);
  const answer = await askByClick(page, 'What is the pilot fee at the quay?');
  await expect(answer.getByTestId('answer-rag')).toHaveText('RAG on · 2 sources');
  await expect(answer.getByTestId('answer-prepare')).toContainText(
    'Before the model: keyword search, top 2, and prompt',
  );

  // Saved with the library and with the answer.
  await page.reload();
  await expect(page.getByTestId('model-chip')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000,
  });
  await showChat(page);
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: 'What is the pilot fee at the quay?' })
    .click();
  await expect(page.getByTestId('answer-prepare').last()).toContainText('keyword search, top 2');
  await showView(page, 'Settings');
  await expect(retrievalCard(page).getByLabel('Keyword (BM25)')).toBeChecked();
  await expect(retrievalCard(page).getByLabel('Passages per answer (top k)')).toHaveValue('2');
});

test('hybrid ranking by weighted scores is set under Ranking, and Restore defaults undoes it all', async ({
  page,
}) => {
  const card = await openRetrievalSettings(page);
  // The vector weight only matters for weighted scores, so it shows only then.
  await card.getByText('Ranking', { exact: true }).click();
  await expect(card.getByLabel('Vector weight (keyword gets the rest)')).toHaveCount(0);
  await card.getByLabel(/Weighted scores/).click();
  // A bad vector weight left behind when going back to RRF hides with its field: Save works.
  await card.getByLabel('Vector weight (keyword gets the rest)').fill('5');
  await card.getByLabel(/Reciprocal rank fusion/).click();
  await card.getByLabel('Document weight').fill('0.6');
  await card.getByRole('button', { name: 'Save retrieval' }).click();
  await expect(card.getByTestId('retrieval-now')).toHaveText(
    'In use: hybrid search (RRF), top 5, document weight 0.60.',
  );
  await card.getByLabel(/Weighted scores/).click();
  await expect(card.getByLabel('Vector weight (keyword gets the rest)')).toHaveValue('0.5');
  await card.getByLabel('Vector weight (keyword gets the rest)').fill('0.3');
  await card.getByLabel('Document weight').fill('0.7');
  await card.getByLabel('Candidates per list').fill('800');
  await card.getByRole('button', { name: 'Save retrieval' }).click();
  const now =
    'In use: hybrid search (weighted scores, vector 0.30), top 5, document weight 0.70, 800 candidates.';
  await expect(card.getByTestId('retrieval-now')).toHaveText(now);

  // The playground keeps its own mode and k, and says how it ranks, with the way back here.
  await showView(page, 'Search');
  const ranking = page.getByTestId('search-ranking');
  await expect(ranking).toHaveText(
    'Ranks by weighted scores (vector 0.30), document weight 0.70, 800 candidates, as set in Settings → Retrieval.',
  );
  await ranking.getByRole('button', { name: 'Settings → Retrieval' }).click();
  await expect(card).toBeVisible();

  await showChat(page);
  const answer = await askByClick(page, 'What is the pilot fee at the quay?');
  await expect(answer.getByTestId('answer-prepare')).toContainText(
    'hybrid search (weighted scores, vector 0.30), top 5, document weight 0.70, 800 candidates, and prompt',
  );

  await showView(page, 'Settings');
  await card.getByRole('button', { name: 'Restore defaults' }).click();
  await expect(card.getByTestId('retrieval-now')).toHaveText('In use: hybrid search (RRF), top 5.');
  await expect(card.getByLabel(/Reciprocal rank fusion/)).toBeChecked();
  await expect(card.getByLabel('Document weight')).toHaveValue('0.5');
  await expect(card.getByLabel('Candidates per list')).toHaveValue('500');
  // A bad value left under a closed Ranking: Save opens it and puts the focus there.
  const candidates = card.getByLabel('Candidates per list');
  await candidates.fill('3');
  await card.getByText('Ranking', { exact: true }).click();
  await expect(candidates).toBeHidden();
  await card.getByRole('button', { name: 'Save retrieval' }).click();
  await expect(candidates).toBeFocused();
  await expect(
    card.getByText('Candidates must be a whole number between 10 and 5000'),
  ).toBeVisible();
  await expect(card.getByTestId('retrieval-now')).toHaveText('In use: hybrid search (RRF), top 5.');
  // The earlier answer keeps saying how it was searched.
  await showChat(page);
  await expect(answer.getByTestId('answer-prepare')).toContainText('weighted scores, vector 0.30');
});

test('a comparison says the one search its arms shared, as set in Settings', async ({ page }) => {
  test.setTimeout(180_000);
  const card = await openRetrievalSettings(page);
  await card.getByLabel('Keyword (BM25)').click();
  await card.getByLabel('Passages per answer (top k)').fill('2');
  await card.getByRole('button', { name: 'Save retrieval' }).click();
  await expect(card.getByTestId('retrieval-now')).toHaveText('In use: keyword search, top 2.');

  await showView(page, 'Compare');
  await page.getByTestId('lab-question').fill('What is the pilot fee at the quay?');
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-run')).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByTestId('lab-search')).toHaveText(
    'One search for every arm that uses documents: keyword search, top 2.',
  );
  const rag = page.locator('[data-testid="lab-column"][data-context="rag"]').first();
  await expect(rag.getByTestId('source-chip')).toHaveCount(2);
});

test('saving one settings card keeps the unsaved edits of another; Restore defaults drops its own', async ({
  page,
}) => {
  await openWithTinyLms(page);
  await showView(page, 'Settings');
  const card = retrievalCard(page);
  const topK = card.getByLabel('Passages per answer (top k)');
  await topK.fill('7');
  await page.getByLabel('Chunk size (tokens)').fill('180');
  await page.getByRole('button', { name: 'Save chunking' }).click();
  await expect(page.getByText('Chunking settings saved')).toBeVisible();
  await expect(topK).toHaveValue('7');
  await expect(card.getByText('Not saved yet')).toBeVisible();
  await card.getByRole('button', { name: 'Restore defaults' }).click();
  await expect(topK).toHaveValue('5');
  await expect(card.getByText('Not saved yet')).toHaveCount(0);
  // And the other way round: an unsaved chunk size outlives a retrieval save.
  const chunkSize = page.getByLabel('Chunk size (tokens)');
  await chunkSize.fill('150');
  await topK.fill('4');
  await card.getByRole('button', { name: 'Save retrieval' }).click();
  await expect(card.getByTestId('retrieval-now')).toHaveText('In use: hybrid search (RRF), top 4.');
  await expect(chunkSize).toHaveValue('150');
});

test('the retrieval form saves with Enter from a field (keyboard)', async ({ page }) => {
  await openWithTinyLms(page);
  await showView(page, 'Settings');
  const card = retrievalCard(page);
  const topK = card.getByLabel('Passages per answer (top k)');
  await topK.focus();
  await topK.fill('3');
  await topK.press('Enter');
  await expect(card.getByTestId('retrieval-now')).toHaveText('In use: hybrid search (RRF), top 3.');
});
