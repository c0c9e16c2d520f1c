// The library saves its keyword index as one small segment per import or delete, restores from
// them on open with the same results, and compacts them into one snapshot past a limit.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/lib/library/Library';
import type { SearchSettings } from '../../../src/lib/library/types';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';

const settings: SearchSettings = { mode: 'keyword', topK: 50, threshold: 0, rerank: false };
const chunking = { maxTokens: 40, overlapTokens: 5 };
const add = (library: Library, name: string, text: string) =>
  library
    .ingest(
      { name, bytes: new TextEncoder().encode(text).buffer as ArrayBuffer, source: 'file' },
      chunking,
      () => {},
    )
    .then(() => library.flush());
const ids = async (library: Library, query: string) =>
  (await library.search(query, settings)).hits.map((h) => `${h.chunkId} ${h.score}`);

describe('keyword segments in the library', () => {
  it('one segment per change, restored identically, compacted past the limit', async () => {
    const store = await openLibraryStore('keyword-segments');
    const library = await Library.open(store);
    for (let i = 0; i < 30; i++) {
      await add(
        library,
        `n${i}.md`,
        `# Note ${i}\n\nThe harbour log ${i} lists the quay and lantern ${i % 7}.`,
      );
    }
    let records = await store.getKeywordSegments();
    expect(records).toHaveLength(31); // the empty library's snapshot, then one per import
    expect(records[0]?.data).toBeInstanceOf(ArrayBuffer);
    const biggest = Math.max(...records.slice(1).map((r) => (r.data as string).length));
    expect(biggest).toBeLessThan(3_000);

    const victim = library.documents.find((d) => d.name === 'n4.md')?.id ?? '';
    await library.delete(victim);
    records = await store.getKeywordSegments();
    expect(records).toHaveLength(32);
    expect((records.at(-1)?.data as string).length).toBeLessThan(300);

    const queries = ['harbour lantern 4', 'note 12 quay', 'log 4'];
    const before = await Promise.all(queries.map((q) => ids(library, q)));
    const reopened = await Library.open(store);
    expect(await Promise.all(queries.map((q) => ids(reopened, q)))).toEqual(before);
    expect(before[2]?.some((h) => h.startsWith(`${victim}#`))).toBe(false);

    // Past 32 segments, the next save is one full snapshot replacing them all.
    await add(reopened, 'late.md', 'A late note about the harbour lantern.');
    records = await store.getKeywordSegments();
    expect(records).toHaveLength(1);
    const third = await Library.open(store);
    expect(await ids(third, 'late harbour')).toEqual(await ids(reopened, 'late harbour'));
  });
});
