// The library saves its keyword snapshot split into several records when it is larger than one
// part, restores the same results from them, and rebuilds (right results) when a part is lost.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/lib/library/Library';
import type { SearchSettings } from '../../../src/lib/library/types';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';

const settings: SearchSettings = { mode: 'keyword', topK: 50, threshold: 0, rerank: false };
const chunking = { maxTokens: 40, overlapTokens: 5 };
const PART = 1024;
const add = (library: Library, name: string, text: string) =>
  library
    .ingest(
      { name, bytes: new TextEncoder().encode(text).buffer as ArrayBuffer, source: 'file' },
      chunking,
      () => {},
    )
    .then(() => library.flush());
const hits = async (library: Library, query: string) =>
  (await library.search(query, settings)).hits.map((h) => `${h.chunkId} ${h.score}`);
/** A ranking with ties put in id order (scores first, so any other change still shows). */
const byScore = (ranking: string[]) =>
  [...ranking].sort((a, b) => {
    const d = Number(b.split(' ')[1]) - Number(a.split(' ')[1]);
    return d !== 0 ? d : a.localeCompare(b);
  });
const QUERIES = ['harbour lantern 4', 'note 12 quay', 'log 4', 'ferry timetable', 'storm'];

/** The keyword store's raw records, read without the app's code. */
function rawKeys(db: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(db);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('keywordIndex').objectStore('keywordIndex').getAllKeys();
      req.onsuccess = () => {
        open.result.close();
        resolve(req.result as string[]);
      };
      req.onerror = () => reject(req.error);
    };
  });
}
function deleteRaw(db: string, key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(db);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('keywordIndex', 'readwrite');
      tx.objectStore('keywordIndex').delete(key);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

describe('keyword snapshot in parts', () => {
  it('splits, restores identically, and rebuilds when a part is missing', async () => {
    const name = 'keyword-parts';
    const store = await openLibraryStore(name);
    const library = await Library.open(store, { keywordPartBytes: PART });
    for (let i = 0; i < 12; i++) {
      await add(
        library,
        `n${i}.md`,
        `# Note ${i}\n\nThe harbour log ${i} lists the quay and lantern ${i % 7}. ` +
          `The ferry timetable ${i} changes in a storm. `.repeat(1 + (i % 3)),
      );
    }
    const before = await Promise.all(QUERIES.map((q) => hits(library, q)));
    expect(before.every((h) => h.length > 0)).toBe(true);
    // Drop the stored snapshot's manifest: the next open rebuilds from the chunks and saves one
    // full snapshot (as a compaction does). It is several KB, so several parts of 1 KB.
    await deleteRaw(name, (await rawKeys(name))[0] ?? '');
    const rebuilt = await Library.open(store, { keywordPartBytes: PART });
    let keys = await rawKeys(name);
    const parts = keys.filter((k) => k.includes(':p'));
    expect(parts.length).toBeGreaterThan(2);
    expect(keys).toHaveLength(parts.length + 1); // one manifest, its parts
    const after = await Promise.all(QUERIES.map((q) => hits(rebuilt, q)));
    // A rebuild indexes chunks in the store's order, so only equal scores may swap places.
    expect(after.map(byScore)).toEqual(before.map(byScore));

    // Restored from the parts: exactly the results of the index that saved them.
    const restored = await Library.open(store, { keywordPartBytes: PART });
    expect(await Promise.all(QUERIES.map((q) => hits(restored, q)))).toEqual(after);
    expect((await store.getKeywordSegments())[0]?.data).toBeInstanceOf(ArrayBuffer);

    // A part lost: the snapshot reads as stale, the index is rebuilt from the chunks (same
    // results, not wrong ones) and saved whole again.
    await deleteRaw(name, parts[1] ?? '');
    expect(await store.getKeywordSegments()).toEqual([]);
    const afterLoss = await Library.open(store, { keywordPartBytes: PART });
    expect(await Promise.all(QUERIES.map((q) => hits(afterLoss, q)))).toEqual(after);
    keys = await rawKeys(name);
    expect(keys.filter((k) => k.includes(':p'))).toHaveLength(parts.length);
    expect(await store.getKeywordSegments()).toHaveLength(1);
    store.close();
  });

  it('saves an import larger than the segment limit as a full snapshot, not a huge segment', async () => {
    const name = 'keyword-big-import';
    const store = await openLibraryStore(name);
    const library = await Library.open(store, { keywordPartBytes: PART, keywordSegmentChunks: 5 });
    const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of the harbour log.`);
    await add(library, 'small.md', 'A short note on the lantern.'); // 1 chunk: a segment
    let segments = await store.getKeywordSegments();
    expect(segments.map((s) => typeof s.data)).toEqual(['object', 'string']);
    await add(library, 'long.md', long.join(' ')); // more than 5 chunks: a full snapshot
    expect(library.keywordCount).toBeGreaterThan(6);
    segments = await store.getKeywordSegments();
    expect(segments).toHaveLength(1);
    expect(segments[0]?.data).toBeInstanceOf(ArrayBuffer);
    expect(segments[0]?.chunkCount).toBe(library.keywordCount);
    const reopened = await Library.open(store);
    expect(await hits(reopened, 'harbour paragraph 7')).toEqual(
      await hits(library, 'harbour paragraph 7'),
    );
    store.close();
  });
});
