// Schema migrations: a database written by an older version of the app (fewer stores) opens at
// the current version with its data kept. The old schema is spelled out here, not imported.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { DB_VERSION, STORES } from '../../../src/lib/store/schema';
import { makeDoc, uniqueDbName } from './fixtures';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Version 1 of the schema as it shipped: no vectors, no keyword index. */
async function createVersion1(name: string): Promise<void> {
  const openRequest = indexedDB.open(name, 1);
  openRequest.onupgradeneeded = () => {
    const db = openRequest.result;
    db.createObjectStore('documents', { keyPath: 'id' }).createIndex('contentHash', 'contentHash');
    db.createObjectStore('texts', { keyPath: 'docId' });
    db.createObjectStore('chunks', { keyPath: 'id' }).createIndex('docId', 'docId');
    db.createObjectStore('settings');
  };
  const db = await request(openRequest);
  const doc = makeDoc('old', 2);
  const tx = db.transaction(['documents', 'texts', 'chunks', 'settings'], 'readwrite');
  tx.objectStore('documents').put({ ...doc.meta, status: 'keyword-only' });
  tx.objectStore('texts').put({ docId: 'old', text: doc.text });
  for (const chunk of doc.chunks) tx.objectStore('chunks').put(chunk);
  tx.objectStore('settings').put('dark', 'theme');
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

async function describeDb(name: string): Promise<{ version: number; stores: string[] }> {
  const db = await request(indexedDB.open(name));
  const result = { version: db.version, stores: [...db.objectStoreNames].sort() };
  db.close();
  return result;
}

describe('schema', () => {
  it('creates every store on a fresh database', async () => {
    const name = uniqueDbName();
    (await openLibraryStore(name)).close();
    expect(await describeDb(name)).toEqual({
      version: DB_VERSION,
      stores: Object.values(STORES).sort(),
    });
  });

  it('upgrades a version-1 database and keeps its data', async () => {
    const name = uniqueDbName();
    await createVersion1(name);
    const store = await openLibraryStore(name);
    expect((await store.getDocument('old'))?.status).toBe('keyword-only');
    expect((await store.getChunks('old')).length).toBe(2);
    expect(await store.getText('old')).toContain('Part 1 of old');
    expect(await store.getSetting('theme')).toBe('dark');
    expect((await store.findByHash('hash-old'))?.id).toBe('old');
    // The stores the migration added work.
    const vectors = new Float32Array([1, 0, 0, 1]);
    await store.putVectorBlocks([{ docId: 'old', model: 'm', dim: 2, vectors }]);
    await store.putKeywordSnapshot('{}', 2);
    expect((await store.allVectorBlocks()).length).toBe(1);
    store.close();
    expect((await describeDb(name)).version).toBe(DB_VERSION);
  });
});

describe('schema version 4 (the lab and custom models)', () => {
  it('adds the lab stores with their keys and indexes', async () => {
    const name = uniqueDbName();
    (await openLibraryStore(name)).close();
    const db = await request(indexedDB.open(name));
    const tx = db.transaction(['comparisons', 'experiments', 'experimentResults', 'customModels']);
    expect(tx.objectStore('comparisons').keyPath).toBe('id');
    expect([...tx.objectStore('comparisons').indexNames]).toEqual(['updatedAt']);
    expect([...tx.objectStore('experiments').indexNames]).toEqual(['updatedAt']);
    expect(tx.objectStore('experimentResults').keyPath).toEqual([
      'experimentId',
      'itemId',
      'armKey',
    ]);
    expect([...tx.objectStore('experimentResults').indexNames]).toEqual(['experimentId']);
    expect(tx.objectStore('customModels').keyPath).toBe('id');
    db.close();
  });
});
