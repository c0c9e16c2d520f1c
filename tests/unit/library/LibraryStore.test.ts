// LibraryStore on fake-indexeddb: CRUD, all-or-nothing writes, quota errors, vectors, snapshots.
// Every test opens its own database so they never share state.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { openLibraryStore, type LibraryStore } from '../../../src/lib/library/LibraryStore';
import { makeDoc, uniqueDbName } from '../store/fixtures';

const open: LibraryStore[] = [];
async function freshStore(): Promise<LibraryStore> {
  const store = await openLibraryStore(uniqueDbName());
  open.push(store);
  return store;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const store of open.splice(0)) store.close();
});

async function add(store: LibraryStore, id: string, chunkCount = 3) {
  const doc = makeDoc(id, chunkCount);
  await store.addDocument(doc.meta, doc.text, doc.chunks, doc.vectors);
  return doc;
}

describe('LibraryStore documents', () => {
  it('adds, reads, lists and renames documents', async () => {
    const store = await freshStore();
    const a = await add(store, 'a');
    await add(store, 'b', 12);
    expect(await store.getDocument('a')).toEqual(a.meta);
    expect((await store.listDocuments()).map((d) => d.id)).toEqual(['a', 'b']);
    expect(await store.getText('a')).toBe(a.text);
    // Ordinal order, even where the string keys sort differently (b#10 < b#2).
    expect((await store.getChunks('b')).map((c) => c.ordinal)).toEqual([...Array(12).keys()]);
    const byIds = await store.getChunksByIds(['b#3', 'missing', 'a#0']);
    expect(byIds.map((c) => c?.id)).toEqual(['b#3', undefined, 'a#0']);
    const renamed = await store.renameDocument('a', 'Renamed');
    expect(renamed.name).toBe('Renamed');
    expect((await store.getDocument('a'))?.name).toBe('Renamed');
    expect(await store.chunkCount()).toBe(15);
  });

  it('finds a document by its content hash', async () => {
    const store = await freshStore();
    const a = await add(store, 'a');
    expect((await store.findByHash(a.meta.contentHash))?.id).toBe('a');
    expect(await store.findByHash('nope')).toBeUndefined();
  });

  it('keeps Float32Array vectors intact, and stores only the view’s own bytes', async () => {
    const store = await freshStore();
    const doc = makeDoc('v', 2, 3);
    const batch = new Float32Array(100).fill(9);
    batch.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 10);
    const view = batch.subarray(10, 16);
    await store.addDocument(doc.meta, doc.text, doc.chunks, { ...doc.vectors, vectors: view });
    const [block] = await store.allVectorBlocks();
    expect(block?.vectors).toBeInstanceOf(Float32Array);
    expect(Array.from(block?.vectors ?? [])).toEqual(Array.from(view));
    expect(block?.vectors.buffer.byteLength).toBe(6 * 4);
    expect(await store.estimateBytes()).toBe(doc.text.length + 6 * 4);
  });

  it('deletes a document with its chunks, text and vectors', async () => {
    const store = await freshStore();
    await add(store, 'a');
    await add(store, 'b');
    await store.deleteDocument('a');
    expect(await store.getDocument('a')).toBeUndefined();
    expect(await store.getText('a')).toBeUndefined();
    expect(await store.getChunks('a')).toEqual([]);
    expect((await store.allVectorBlocks()).map((b) => b.docId)).toEqual(['b']);
    expect((await store.allChunksForIndex()).every((c) => c.docId === 'b')).toBe(true);
  });

  it('updates a document in place, dropping chunks and vectors it no longer has', async () => {
    const store = await freshStore();
    await add(store, 'a', 5);
    const next = makeDoc('a', 2);
    await store.updateDocument({ ...next.meta, name: 'v2' }, 'new text', next.chunks);
    expect((await store.getDocument('a'))?.name).toBe('v2');
    expect(await store.getText('a')).toBe('new text');
    expect((await store.getChunks('a')).map((c) => c.id)).toEqual(['a#0', 'a#1']);
    expect(await store.allVectorBlocks()).toEqual([]);
    await expect(store.updateDocument(makeDoc('zz').meta, '', [])).rejects.toMatchObject({
      code: 'storage',
    });
  });

  it('clears content but keeps settings', async () => {
    const store = await freshStore();
    await add(store, 'a');
    await store.setSetting('model', { id: 'm', dim: 384 });
    await store.putKeywordSnapshot('{}', 3);
    await store.clear();
    expect(await store.listDocuments()).toEqual([]);
    expect(await store.allChunksForIndex()).toEqual([]);
    expect(await store.getKeywordSnapshot()).toBeUndefined();
    expect(await store.getSetting<{ id: string }>('model')).toEqual({ id: 'm', dim: 384 });
    expect(await store.getSetting('unset')).toBeUndefined();
  });
});

describe('LibraryStore atomicity and errors', () => {
  it('a failing add leaves nothing behind', async () => {
    const store = await freshStore();
    await add(store, 'a', 2);
    // Same id again, with more chunks: the document add fails, so no chunk may be written.
    const clash = makeDoc('a', 6);
    const error = await store
      .addDocument(clash.meta, 'other', clash.chunks, clash.vectors)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RagtuneError);
    expect((error as RagtuneError).code).toBe('storage');
    expect(await store.getText('a')).not.toBe('other');
    expect((await store.getChunks('a')).length).toBe(2);
    expect((await store.allVectorBlocks())[0]?.vectors.length).toBe(2 * 4);
  });

  it('turns a full disk into quota-exceeded and aborts the whole write', async () => {
    const store = await freshStore();
    const real = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'vectors') throw new DOMException('Disk full', 'QuotaExceededError');
      return real.apply(this, args);
    });
    const doc = makeDoc('q');
    const error = await store
      .addDocument(doc.meta, doc.text, doc.chunks, doc.vectors)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'quota-exceeded' });
    expect((error as Error).message).toMatch(/storage for this site is full/);
    vi.restoreAllMocks();
    expect(await store.getDocument('q')).toBeUndefined();
    expect(await store.getText('q')).toBeUndefined();
    expect(await store.getChunks('q')).toEqual([]);
  });

  it('refuses inconsistent records before writing', async () => {
    const store = await freshStore();
    const doc = makeDoc('x', 3);
    const short = { ...doc.vectors, vectors: new Float32Array(4) };
    await expect(store.addDocument(doc.meta, doc.text, doc.chunks, short)).rejects.toMatchObject({
      code: 'internal',
    });
    expect(await store.listDocuments()).toEqual([]);
  });
});

describe('LibraryStore vectors and keyword snapshot', () => {
  it('re-embeds: deletes all vectors, then stores blocks of another model', async () => {
    const store = await freshStore();
    await add(store, 'a', 2);
    await store.deleteAllVectors();
    expect(await store.allVectorBlocks()).toEqual([]);
    const meta = await store.getDocument('a');
    expect(meta?.status).toBe('keyword-only');
    expect(meta?.embeddingModel).toBeUndefined();
    const vectors = new Float32Array([1, 0, 0, 1]);
    await store.putVectorBlocks([{ docId: 'a', model: 'other', dim: 2, vectors }]);
    expect((await store.getDocument('a'))?.embeddingModel).toBe('other');
    expect((await store.allVectorBlocks())[0]?.dim).toBe(2);
    const orphan = { docId: 'ghost', model: 'other', dim: 2, vectors };
    await expect(store.putVectorBlocks([orphan])).rejects.toMatchObject({ code: 'storage' });
  });

  it('saves a keyword snapshot, and drops it when the content changes', async () => {
    const store = await freshStore();
    await add(store, 'a');
    await store.putKeywordSnapshot('{"v":1}', 3);
    expect(await store.getKeywordSnapshot()).toMatchObject({ json: '{"v":1}', chunkCount: 3 });
    await add(store, 'b');
    expect(await store.getKeywordSnapshot()).toBeUndefined();
  });
});
