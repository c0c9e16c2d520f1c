// Incremental persistence of the keyword index: segments of what was added and deleted since the
// last save, compacted or not, restore to the same rankings as a fresh build of the same chunks.
import { describe, expect, it } from 'vitest';
import { TwoLevelIndex, type IndexChunk } from '../../../src/lib/search/twoLevel';

const WORDS = 'harbour lantern quay boats ferry gate lamp storm bell keeper tide rope'.split(' ');
/** A document of `n` chunks whose words depend on its number (deterministic, varied). */
function doc(d: number, n = 3): IndexChunk[] {
  return Array.from({ length: n }, (_, i) => {
    const text = Array.from(
      { length: 8 + ((d + i) % 5) },
      (_, w) => WORDS[(d * 7 + i * 3 + w * w) % WORDS.length],
    ).join(' ');
    return {
      id: `d${d}#${i}`,
      docId: `d${d}`,
      text,
      headingPath: [`Title ${d % 4}`],
      start: i * 100,
      end: i * 100 + text.length,
    };
  });
}
const QUERIES = [
  'harbour lantern',
  'storm bell keeper',
  'title 2 rope',
  'ferry',
  'quay tide gate lamp',
];
const rankings = (index: TwoLevelIndex) => QUERIES.map((q) => index.search(q, 1000));

describe('keyword index segments', () => {
  it('add, delete, replace and compact, then restore: the same rankings as a fresh build', () => {
    const live = new TwoLevelIndex();
    const segments: string[] = [];
    for (let d = 0; d < 20; d++) live.add(doc(d));
    segments.push(live.toJSON()); // the first save is a full snapshot
    live.add(doc(20)); // one import
    segments.push(live.takeSegment());
    live.removeDocument('d3', ['d3#0', 'd3#1', 'd3#2']); // one delete
    segments.push(live.takeSegment());
    live.removeDocument('d5', ['d5#0', 'd5#1', 'd5#2']); // an edit: replaced, one chunk fewer
    live.add(doc(105, 2).map((c) => ({ ...c, id: c.id.replace('d105', 'd5'), docId: 'd5' })));
    live.add(doc(21));
    live.removeDocument('d21', ['d21#0', 'd21#1', 'd21#2']); // added and deleted between saves
    segments.push(live.takeSegment());
    expect(live.takeSegment().length).toBeLessThan(200); // nothing changed: an empty segment

    // A fresh build of the surviving documents in the order they were last added.
    const fresh = new TwoLevelIndex();
    for (let d = 0; d <= 20; d++) if (d !== 3 && d !== 5) fresh.add(doc(d));
    fresh.add(doc(105, 2).map((c) => ({ ...c, id: c.id.replace('d105', 'd5'), docId: 'd5' })));

    const restored = TwoLevelIndex.fromSegments(segments);
    expect(restored.size).toBe(fresh.size);
    expect(rankings(restored)).toEqual(rankings(fresh));
    expect(rankings(live)).toEqual(rankings(fresh));
    // Compaction (a full snapshot of the restored index) changes nothing either.
    const compacted = TwoLevelIndex.fromSegments([restored.toJSON()]);
    expect(rankings(compacted)).toEqual(rankings(fresh));
    // And segments continue after a compaction.
    compacted.removeDocument('d7', ['d7#0', 'd7#1', 'd7#2']);
    fresh.removeDocument('d7', ['d7#0', 'd7#1', 'd7#2']);
    const again = TwoLevelIndex.fromSegments([restored.toJSON(), compacted.takeSegment()]);
    expect(rankings(again)).toEqual(rankings(fresh));
    expect(again.search('anything harbour', 1000).some((h) => h.id.startsWith('d7#'))).toBe(false);
  });

  it('writes a segment the size of the change, not of the index', () => {
    const index = new TwoLevelIndex();
    for (let d = 0; d < 500; d++) index.add(doc(d));
    const full = index.toJSON();
    index.add(doc(500));
    const add = index.takeSegment();
    index.removeDocument('d42', ['d42#0', 'd42#1', 'd42#2']);
    const del = index.takeSegment();
    expect(full.length).toBeGreaterThan(50_000);
    expect(add.length).toBeLessThan(2_000);
    expect(del.length).toBeLessThan(500);
  });

  it('refuses a segment list that does not start with a snapshot, or an unreadable segment', () => {
    const index = new TwoLevelIndex();
    index.add(doc(1));
    const snapshot = index.toJSON();
    expect(() => TwoLevelIndex.fromSegments([])).toThrow(/older version/);
    expect(() => TwoLevelIndex.fromSegments([index.takeSegment()])).toThrow(/older version/);
    expect(() => TwoLevelIndex.fromSegments([snapshot, '{"kind":"delta"}'])).toThrow(
      /older version/,
    );
    expect(() => TwoLevelIndex.fromSegments([snapshot, 'not json'])).toThrow(/older version/);
  });
});
