// A library saved before classic BM25 (its keyword snapshot is MiniSearch's JSON, format 1)
// still opens: the index is rebuilt from the stored chunks, heading paths included, and re-saved.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/lib/library/Library';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { TwoLevelIndex } from '../../../src/lib/search/twoLevel';

/** Printed by the previous KeywordIndex (MiniSearch 7.2.0) for one chunk. */
const MINISEARCH_SNAPSHOT =
  '{"format":1,"index":{"documentCount":1,"nextId":1,"documentIds":{"0":"old#0"},' +
  '"fieldIds":{"text":0},"fieldLength":{"0":[7]},"averageFieldLength":[7],"storedFields":{},' +
  '"dirtCount":0,"index":[["bell",{"0":{"0":1}}],["fog",{"0":{"0":1}}],["ring",{"0":{"0":1}}],' +
  '["keeper",{"0":{"0":1}}]],"serializationVersion":2}}';

const filler = Array.from({ length: 30 }, (_, i) => `Line ${i} of the log is routine.`).join(' ');
const text = `# Lighthouse\n\n## Storm drill\n\n${filler} The crew checks the generator.`;

describe('keyword index migration', () => {
  it('rebuilds a MiniSearch snapshot from the stored chunks and saves the new format', async () => {
    const store = await openLibraryStore('keyword-migration');
    const library = await Library.open(store);
    const bytes = new TextEncoder().encode(text).buffer as ArrayBuffer;
    await library.ingest(
      { name: 'log.md', bytes, source: 'file' },
      { maxTokens: 40, overlapTokens: 0 },
      () => {},
    );
    await library.flush();
    // As an older version left it: same documents and fingerprint, MiniSearch's snapshot.
    await store.putKeywordSnapshot(MINISEARCH_SNAPSHOT, 1);

    const reopened = await Library.open(store);
    expect(reopened.keywordCount).toBe(library.keywordCount);
    expect(reopened.keywordCount).toBeGreaterThan(1);
    // "storm drill" is only in the headings; "generator" only in the last chunk.
    const { hits } = await reopened.search('storm drill generator', {
      mode: 'keyword',
      topK: 1,
      threshold: 0,
      rerank: false,
    });
    expect(hits[0]?.text).toContain('generator');
    expect(hits[0]?.text).not.toContain('Storm drill');
    // One full snapshot in the new format replaces the old record and earlier segments.
    const saved = await store.getKeywordSegments();
    expect(saved.map((s) => s.key)).not.toContain('current');
    expect(saved).toHaveLength(1);
    expect(saved[0]?.data).toBeInstanceOf(ArrayBuffer); // a binary snapshot (format 3)
    expect(TwoLevelIndex.fromSegments([saved[0]?.data ?? '']).size).toBe(reopened.keywordCount);
  });
});
