// The worker's updateDocumentText as the page calls it (createLibraryApi, without the worker):
// progress events under the job id, cancel by job id, refusals reported as events and errors.
// The transformers.js loaders are replaced by the bag-of-words embedder; everything else is real.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createLibraryApi } from '../../../src/lib/library/libraryApi';
import type { IngestProgress, LibraryApi, LibraryEvent } from '../../../src/lib/library/protocol';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { fakeEmbedder } from './fakeEmbedder';

vi.mock('../../../src/lib/embed/transformersEmbedder', () => ({
  loadTransformersEmbedder: async () => fakeEmbedder(),
}));
vi.mock('../../../src/lib/rerank/transformersReranker', () => ({
  loadTransformersReranker: async () => {
    throw new Error('no reranker in unit tests');
  },
}));

const ORIGINAL =
  'The Wexholm ferry leaves at seven from pier nine.\n\nGulls nest on the breakwater.';
const EDITED = ORIGINAL.replace('seven from pier nine', 'noon from quay twelve');
let n = 0;

async function openApi(onEvent: (event: LibraryEvent) => void = () => {}) {
  const events: LibraryEvent[] = [];
  let ready!: () => void;
  const modelReady = new Promise<void>((resolve) => (ready = resolve));
  const api = createLibraryApi(() => openLibraryStore(`edit-api-${++n}`));
  await api.init((event) => {
    events.push(event);
    if (event.type === 'model' && event.status.state === 'ready') ready();
    onEvent(event);
  });
  await modelReady;
  const [outcome] = await api.ingest('import', [
    { name: 'ferry.txt', bytes: new TextEncoder().encode(ORIGINAL).buffer, source: 'paste' },
  ]);
  expect(outcome?.stage).toBe('done');
  const progress = (jobId: string): IngestProgress[] =>
    events.flatMap((e) => (e.type === 'ingest' && e.progress.jobId === jobId ? [e.progress] : []));
  return { api, events, progress, id: outcome!.docId! };
}

describe('LibraryApi.updateDocumentText', () => {
  it('reports progress under its job id, then the new document; search follows the edit', async () => {
    const { api, events, progress, id } = await openApi();
    const changedBefore = events.filter((e) => e.type === 'changed').length;
    const outcome = await api.updateDocumentText(id, EDITED, 'edit-1');
    expect(outcome.changed).toBe(true);
    expect(outcome.meta).toMatchObject({ id, name: 'ferry.txt', format: 'txt' });
    const stages = progress('edit-1').map((p) => p.stage);
    expect(stages[0]).toBe('queued');
    expect(stages).toEqual(expect.arrayContaining(['chunking', 'embedding', 'indexing']));
    expect(stages.at(-1)).toBe('done');
    expect(progress('edit-1').every((p) => p.docId === id && p.name === 'ferry.txt')).toBe(true);
    expect(progress('edit-1').at(-1)?.chunkCount).toBe(outcome.meta.chunkCount);
    expect(events.filter((e) => e.type === 'changed').length).toBeGreaterThan(changedBefore);

    expect((await api.listDocuments())[0]).toEqual(outcome.meta);
    expect((await api.getDocument(id))?.text).toBe(EDITED);
    for (const mode of ['keyword', 'vector'] as const) {
      const { hits } = await api.search('ferry quay twelve', { mode });
      expect(hits[0]?.text).toContain('quay twelve');
      const old = await api.search('ferry pier nine', { mode });
      expect(old.hits.map((h) => h.text).join(' ')).not.toContain('pier nine');
    }
  });

  it('cancel(jobId) while embedding leaves the document as it was', async () => {
    const cancelOn: { api?: LibraryApi } = {};
    const opened = await openApi((event) => {
      if (
        event.type === 'ingest' &&
        event.progress.jobId === 'edit-2' &&
        event.progress.stage === 'embedding'
      ) {
        void cancelOn.api?.cancel('edit-2');
      }
    });
    const api = (cancelOn.api = opened.api);
    const before = await api.getDocument(opened.id);
    const edit = api.updateDocumentText(opened.id, EDITED, 'edit-2');
    await expect(edit).rejects.toMatchObject({ code: 'cancelled' });
    const last = opened.progress('edit-2').at(-1);
    expect(last).toMatchObject({ stage: 'cancelled', message: expect.stringMatching(/unchanged/) });
    expect(await api.getDocument(opened.id)).toEqual(before);
  });

  it('an empty text fails with its reason in the last event and keeps the document', async () => {
    const { api, progress, id } = await openApi();
    const before = await api.getDocument(id);
    await expect(api.updateDocumentText(id, ' \n ', 'edit-3')).rejects.toMatchObject({
      code: 'empty',
    });
    expect(progress('edit-3').at(-1)).toMatchObject({
      stage: 'failed',
      errorCode: 'empty',
      message: expect.stringMatching(/empty/),
    });
    expect(await api.getDocument(id)).toEqual(before);
  });
});
