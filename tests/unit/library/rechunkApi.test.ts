// Re-chunking after the chunking settings change (createLibraryApi, without the worker): which
// documents are cut with other settings, cutting them again (chunks, vectors and search follow),
// documents stored before the settings were recorded, a PDF whose page positions were not kept,
// and cancel. The transformers.js loaders are replaced by the bag-of-words embedder.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { createLibraryApi } from '../../../src/lib/library/libraryApi';
import type { LibraryApi, RechunkProgress } from '../../../src/lib/library/protocol';
import type { DocumentMeta } from '../../../src/lib/library/types';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { fakeEmbedder } from './fakeEmbedder';
import { makeTextPdf } from '../../fixtures/docs/makePdf';

vi.mock('../../../src/lib/embed/transformersEmbedder', () => ({
  loadTransformersEmbedder: async () => fakeEmbedder(),
}));
vi.mock('../../../src/lib/rerank/transformersReranker', () => ({
  loadTransformersReranker: async () => {
    throw new Error('no reranker in unit tests');
  },
}));

const WORDS = ['ferry', 'harbour', 'gull', 'pier', 'lantern', 'rope', 'tide', 'quay', 'sail'];
/** A text of `n` paragraphs; paragraph 17 names the kettle. */
function text(n: number, seed: string): string {
  return Array.from({ length: n }, (_, i) =>
    i === 17
      ? `The ${seed} kettle boils on the stove of the ferry every morning.`
      : `${seed} ${Array.from({ length: 12 }, (_, j) => WORDS[(i * 7 + j) % WORDS.length]).join(' ')}.`,
  ).join('\n\n');
}
let n = 0;

async function openApi(name: string) {
  let ready!: () => void;
  const modelReady = new Promise<void>((resolve) => (ready = resolve));
  const api = createLibraryApi(() => openLibraryStore(name));
  await api.init((event) => {
    if (event.type === 'model' && event.status.state === 'ready') ready();
  });
  await modelReady;
  return api;
}

async function add(api: LibraryApi, ...docs: [string, string][]) {
  const outcomes = await api.ingest(
    'import',
    docs.map(([name, body]) => ({
      name,
      bytes: new TextEncoder().encode(body).buffer,
      source: 'paste' as const,
    })),
  );
  return outcomes.map((o) => o.docId!);
}

/** Every chunk is the slice of the text its offsets name. */
async function checkWhole(api: LibraryApi, id: string) {
  const view = (await api.getDocument(id))!;
  expect(view.chunks).toHaveLength(view.meta.chunkCount);
  for (const c of view.chunks) expect(c.text).toBe(view.text.slice(c.start, c.end));
  return view;
}

/** Rewrites stored document records as an older build (or a PDF import) left them. */
async function rewriteMeta(dbName: string, change: (meta: DocumentMeta) => DocumentMeta) {
  const db = await openDB(dbName);
  const tx = db.transaction('documents', 'readwrite');
  for (const meta of (await tx.store.getAll()) as DocumentMeta[]) await tx.store.put(change(meta));
  await tx.done;
  db.close();
}

describe('LibraryApi.rechunkLibrary', () => {
  it('cuts the documents cut with other settings again; chunks, vectors and search follow', async () => {
    const api = await openApi(`rechunk-${++n}`);
    const [id] = await add(api, ['ferry.md', text(40, 'North')]);
    const before = await checkWhole(api, id!);
    expect(before.meta.chunking).toEqual(DEFAULT_SETTINGS.chunking);

    await api.updateSettings({ chunking: { maxTokens: 40, overlapTokens: 0 } });
    const progress: RechunkProgress[] = [];
    const outcome = await api.rechunkLibrary('r1', (p) => progress.push(p));
    expect(outcome).toEqual({ rechunked: 1, left: 0, cancelled: false, notes: [] });
    expect(progress).toEqual([{ done: 0, total: 1, name: 'ferry.md' }]);

    const after = await checkWhole(api, id!);
    expect(after.meta.chunking).toEqual({ maxTokens: 40, overlapTokens: 0 });
    expect(after.meta.chunkCount).toBeGreaterThan(before.meta.chunkCount * 2);
    expect(after.meta.editedAt).toBeUndefined();
    expect(after.text).toBe(before.text);
    for (const mode of ['keyword', 'vector'] as const) {
      const { hits } = await api.search('North kettle boils', { mode });
      expect(hits[0]?.text).toContain('kettle boils');
      expect(hits[0]!.text.length).toBeLessThan(400); // a small chunk now
    }
    // Nothing left to do.
    expect(await api.rechunkLibrary('r2', () => {})).toMatchObject({ rechunked: 0, left: 0 });
  });

  it('documents stored before the settings were recorded count as cut with the settings until the change', async () => {
    const name = `rechunk-${++n}`;
    const first = await openApi(name);
    const [id] = await add(first, ['old.md', text(30, 'South')]);
    await rewriteMeta(name, ({ chunking: _c, ...meta }) => meta);
    const api = await openApi(name);
    expect((await api.listDocuments())[0]!.chunking).toBeUndefined();
    // Nothing changed yet: nothing to cut again.
    expect(await api.rechunkLibrary('r0', () => {})).toMatchObject({ rechunked: 0, left: 0 });

    await api.updateSettings({ chunking: { maxTokens: 60, overlapTokens: 10 } });
    expect((await api.listDocuments())[0]!.chunking).toEqual(DEFAULT_SETTINGS.chunking);
    const outcome = await api.rechunkLibrary('r1', () => {});
    expect(outcome.rechunked).toBe(1);
    expect((await checkWhole(api, id!)).meta.chunking).toEqual({
      maxTokens: 60,
      overlapTokens: 10,
    });
  });

  it('a PDF whose page positions were not kept keeps its chunks, and says why', async () => {
    const name = `rechunk-${++n}`;
    const first = await openApi(name);
    const [pdf, md] = await add(
      first,
      ['manual.pdf.txt', text(30, 'East')],
      ['notes.md', text(30, 'West')],
    );
    await rewriteMeta(name, (meta) => (meta.id === pdf ? { ...meta, pageCount: 4 } : meta));
    const api = await openApi(name);
    await api.updateSettings({ chunking: { maxTokens: 50, overlapTokens: 0 } });
    const before = (await api.getDocument(pdf!))!.meta.chunkCount;
    const outcome = await api.rechunkLibrary('r1', () => {});
    expect(outcome).toMatchObject({ rechunked: 1, left: 1, cancelled: false });
    expect(outcome.notes).toEqual([expect.stringContaining('would lose its page numbers')]);
    expect((await api.getDocument(pdf!))!.meta.chunkCount).toBe(before);
    expect((await checkWhole(api, md!)).meta.chunking?.maxTokens).toBe(50);
  });

  it('cancel keeps every document whole: cut again, or as it was', async () => {
    const api = await openApi(`rechunk-${++n}`);
    const ids = await add(
      api,
      ['a.md', text(30, 'Alpha')],
      ['b.md', text(30, 'Beta')],
      ['c.md', text(30, 'Gamma')],
    );
    await api.updateSettings({ chunking: { maxTokens: 40, overlapTokens: 0 } });
    const outcome = await api.rechunkLibrary('r1', (p) => {
      if (p.done === 1) void api.cancel('r1');
    });
    expect(outcome.cancelled).toBe(true);
    expect(outcome.rechunked).toBeGreaterThanOrEqual(1);
    expect(outcome.left).toBe(3 - outcome.rechunked);
    const sizes = new Set<number | undefined>();
    for (const id of ids) sizes.add((await checkWhole(api, id)).meta.chunking?.maxTokens);
    expect(sizes).toEqual(new Set([40, DEFAULT_SETTINGS.chunking.maxTokens]));
    // The rest are still offered, and a second run finishes them.
    expect((await api.rechunkLibrary('r2', () => {})).rechunked).toBe(outcome.left);
  });

  it('a PDF added now keeps its page numbers when cut again', async () => {
    const api = await openApi(`rechunk-${++n}`);
    const pages = Array.from({ length: 4 }, (_, p) =>
      text(6, `Page${p + 1}`).replace(/\n\n/g, '\n'),
    );
    const bytes = await makeTextPdf(pages);
    const [outcome] = await api.ingest('import', [
      { name: 'manual.pdf', bytes: bytes.slice().buffer, source: 'file' },
    ]);
    const id = outcome!.docId!;
    const before = await checkWhole(api, id);
    expect(before.meta.pageCount).toBe(4);
    await api.updateSettings({ chunking: { maxTokens: 30, overlapTokens: 0 } });
    expect(await api.rechunkLibrary('r1', () => {})).toMatchObject({ rechunked: 1, notes: [] });
    const after = await checkWhole(api, id);
    expect(after.meta.chunkCount).toBeGreaterThan(before.meta.chunkCount);
    // Each chunk names the page its text starts on: the page whose words it begins with.
    const pagesSeen = new Set(after.chunks.map((c) => c.page));
    expect(pagesSeen).toEqual(new Set([1, 2, 3, 4]));
    for (const c of after.chunks) {
      const first = /Page(\d)/.exec(c.text)?.[1];
      if (first && c.text.trimStart().startsWith(`Page${first}`))
        expect(c.page).toBe(Number(first));
    }
  });
});
