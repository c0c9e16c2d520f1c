// Schema version 3: a version-2 database (library only) gains the conversations store and keeps
// every library record; the library and the conversations then share one database.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openConversationStore } from '../../../src/lib/chat/ConversationStore';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { DB_VERSION, STORES } from '../../../src/lib/store/schema';
import { makeDoc, uniqueDbName } from '../store/fixtures';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Version 2 of the schema as it shipped, spelled out here, with a document in it. */
async function createVersion2(name: string): Promise<void> {
  const openRequest = indexedDB.open(name, 2);
  openRequest.onupgradeneeded = () => {
    const db = openRequest.result;
    db.createObjectStore('documents', { keyPath: 'id' }).createIndex('contentHash', 'contentHash');
    db.createObjectStore('texts', { keyPath: 'docId' });
    db.createObjectStore('chunks', { keyPath: 'id' }).createIndex('docId', 'docId');
    db.createObjectStore('settings');
    db.createObjectStore('vectors', { keyPath: 'docId' });
    db.createObjectStore('keywordIndex', { keyPath: 'key' });
  };
  const db = await request(openRequest);
  const doc = makeDoc('old', 2);
  const stores = ['documents', 'texts', 'chunks', 'settings', 'vectors', 'keywordIndex'];
  const tx = db.transaction(stores, 'readwrite');
  tx.objectStore('documents').put(doc.meta);
  tx.objectStore('texts').put({ docId: 'old', text: doc.text });
  for (const chunk of doc.chunks) tx.objectStore('chunks').put(chunk);
  tx.objectStore('vectors').put(doc.vectors);
  tx.objectStore('keywordIndex').put({ key: 'current', json: '{}', chunkCount: 2, savedAt: 1 });
  tx.objectStore('settings').put('dark', 'theme');
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('schema version 3 (conversations)', () => {
  it('indexes conversations by updatedAt (and later versions keep it)', async () => {
    expect(DB_VERSION).toBeGreaterThanOrEqual(3);
    const name = uniqueDbName();
    (await openConversationStore(name)).close();
    const db = await request(indexedDB.open(name));
    expect([...db.objectStoreNames].sort()).toEqual(Object.values(STORES).sort());
    const store = db.transaction('conversations').objectStore('conversations');
    expect(store.keyPath).toBe('id');
    expect([...store.indexNames]).toEqual(['updatedAt']);
    db.close();
  });

  it('upgrades a version-2 database and keeps the library', async () => {
    const name = uniqueDbName();
    await createVersion2(name);
    const conversations = await openConversationStore(name);
    const created = await conversations.create('After the upgrade');
    expect((await conversations.list()).map((c) => c.id)).toEqual([created.id]);

    const library = await openLibraryStore(name);
    expect((await library.getDocument('old'))?.name).toBe('old.txt');
    expect((await library.getChunks('old')).map((c) => c.id)).toEqual(['old#0', 'old#1']);
    expect(await library.getText('old')).toContain('Part 1 of old');
    expect((await library.allVectorBlocks())[0]?.vectors).toEqual(
      makeDoc('old', 2).vectors.vectors,
    );
    expect((await library.getKeywordSnapshot())?.chunkCount).toBe(2);
    expect(await library.getSetting('theme')).toBe('dark');
    // Clearing the library leaves the conversations alone.
    await library.clear();
    expect(await conversations.get(created.id)).toEqual(created);
    library.close();
    conversations.close();
  });
});
