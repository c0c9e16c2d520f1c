// Two library workers on one database, as two tabs have (createLibraryApi twice, real
// BroadcastChannel, fake IndexedDB): each follows the other's writes, and imports queue.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createLibraryApi } from '../../../src/lib/library/libraryApi';
import type { IngestItem, LibraryApi, LibraryEvent } from '../../../src/lib/library/protocol';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { openTabChannel } from '../../../src/lib/sync/tabSync';
import { uniqueDbName } from '../store/fixtures';
import { fakeEmbedder } from './fakeEmbedder';

vi.mock('../../../src/lib/embed/transformersEmbedder', () => ({
  loadTransformersEmbedder: async () => fakeEmbedder(),
}));
vi.mock('../../../src/lib/rerank/transformersReranker', () => ({
  loadTransformersReranker: async () => {
    throw new Error('no reranker in unit tests');
  },
}));

interface Tab {
  api: LibraryApi;
  events: LibraryEvent[];
  /** Resolves at the next 'changed' (or 'settings') event this tab's page hears. */
  next(type: 'changed' | 'settings'): Promise<void>;
}

async function openTab(database: string, name: string): Promise<Tab> {
  const events: LibraryEvent[] = [];
  const waiters: { type: string; resolve: () => void }[] = [];
  let ready!: () => void;
  const modelReady = new Promise<void>((resolve) => (ready = resolve));
  const api = createLibraryApi(
    () => openLibraryStore(database),
    (db) => openTabChannel(db, name),
  );
  await api.init((event) => {
    events.push(event);
    if (event.type === 'model' && event.status.state === 'ready') ready();
    for (const w of waiters.filter((w) => w.type === event.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  await modelReady;
  const next = (type: string) => new Promise<void>((resolve) => waiters.push({ type, resolve }));
  return { api, events, next };
}

const item = (name: string, text: string): IngestItem => ({
  name,
  bytes: new TextEncoder().encode(text).buffer,
  source: 'paste',
});
const ferry = item('ferry.txt', 'The Wexholm ferry leaves at seven from pier nine.');

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await check()).toBe(true);
}

describe('two tabs on one library', () => {
  it('a document added in one is listed and found (keyword and vector) in the other', async () => {
    const db = uniqueDbName();
    const a = await openTab(db, 'tab-a');
    const b = await openTab(db, 'tab-b');
    const heard = a.next('changed');
    const [outcome] = await b.api.ingest('job', [ferry]);
    expect(outcome?.stage).toBe('done');
    await heard;
    expect((await a.api.listDocuments()).map((d) => d.name)).toEqual(['ferry.txt']);
    for (const mode of ['keyword', 'vector'] as const) {
      const { hits } = await a.api.search('Wexholm ferry pier', { mode });
      expect(hits[0]?.text).toContain('pier nine');
    }

    const gone = a.next('changed');
    await b.api.deleteDocument(outcome!.docId!);
    await gone;
    expect(await a.api.listDocuments()).toEqual([]);
    for (const mode of ['keyword', 'vector'] as const) {
      expect((await a.api.search('Wexholm ferry pier', { mode })).hits).toEqual([]);
    }
  });

  it('an edit and a rename in one tab are what the other searches and lists', async () => {
    const db = uniqueDbName();
    const a = await openTab(db, 'tab-a');
    const b = await openTab(db, 'tab-b');
    const [outcome] = await a.api.ingest('job', [ferry]);
    const id = outcome!.docId!;
    await waitUntil(async () => (await b.api.listDocuments()).length === 1);

    const edited = a.next('changed');
    await b.api.updateDocumentText(id, 'The Wexholm ferry now leaves at noon from quay twelve.');
    await edited;
    const { hits } = await a.api.search('Wexholm ferry quay', { mode: 'keyword' });
    expect(hits.map((h) => h.text).join(' ')).toContain('quay twelve');
    expect(hits.map((h) => h.text).join(' ')).not.toContain('pier nine');

    const renamed = a.next('changed');
    await b.api.renameDocument(id, 'Timetable');
    await renamed;
    expect((await a.api.listDocuments())[0]?.name).toBe('Timetable');
  });

  it('settings saved in one tab reach the other tab and its page', async () => {
    const db = uniqueDbName();
    const a = await openTab(db, 'tab-a');
    const b = await openTab(db, 'tab-b');
    const heard = a.next('settings');
    await b.api.updateSettings({ chunking: { maxTokens: 64, overlapTokens: 8 } });
    await heard;
    expect((await a.api.getSettings()).chunking).toEqual({ maxTokens: 64, overlapTokens: 8 });
    const event = a.events.findLast((e) => e.type === 'settings');
    expect(event).toMatchObject({ settings: { chunking: { maxTokens: 64 } } });
  });

  it('the same files imported in both at once are stored once; the later one waited', async () => {
    const db = uniqueDbName();
    const a = await openTab(db, 'tab-a');
    const b = await openTab(db, 'tab-b');
    const files = Array.from({ length: 5 }, (_, i) =>
      item(`isle-${i}.txt`, `Isle ${i} has a lighthouse painted colour number ${i}.`),
    );
    const [fromA, fromB] = await Promise.all([
      a.api.ingest(
        'job-a',
        files.map((f) => ({ ...f, bytes: f.bytes.slice(0) })),
      ),
      b.api.ingest(
        'job-b',
        files.map((f) => ({ ...f, bytes: f.bytes.slice(0) })),
      ),
    ]);
    const stages = [...fromA!, ...fromB!].map((o) => o.stage);
    expect(stages.filter((s) => s === 'done')).toHaveLength(5);
    expect(stages.filter((s) => s === 'duplicate')).toHaveLength(5);
    const store = await openLibraryStore(db);
    expect(await store.listDocuments()).toHaveLength(5);
    store.close();
    await waitUntil(async () => (await a.api.listDocuments()).length === 5);
    await waitUntil(async () => (await b.api.listDocuments()).length === 5);
    // Whichever tab came second waited for the other, and said so.
    const waited = [...a.events, ...b.events].some(
      (e) => e.type === 'ingest' && e.progress.message?.startsWith('Waiting for the other tab'),
    );
    expect(waited).toBe(true);
  });
});
