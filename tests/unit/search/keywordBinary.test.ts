// The keyword index's binary snapshot restores to exactly the rankings it was saved with, keeps
// working (add, delete, compact, segments) after a restore, and refuses damaged buffers.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { TwoLevelIndex, type IndexChunk } from '../../../src/lib/search/twoLevel';

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const vocab = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`);
const word = () => vocab[Math.floor(vocab.length * rand() ** 3)] as string;

/** A document of `n` chunks of Zipf-like pseudo-words (deterministic through `seed`). */
function doc(d: number, n = 4, extra = ''): IndexChunk[] {
  return Array.from({ length: n }, (_, i) => {
    const text = `${Array.from({ length: 20 + (i % 7) }, word).join(' ')} ${extra}`;
    return {
      id: `d${d}#${i}`,
      docId: `d${d}`,
      text,
      headingPath: [`Title ${d % 9}`, `Section ${i}`],
      start: i * 1000,
      end: i * 1000 + text.length,
    };
  });
}
const QUERIES = Array.from({ length: 60 }, (_, q) =>
  Array.from({ length: 1 + (q % 4) }, word).join(' '),
).concat(['title 3 section 2', 'repeatedword', 'nothing-matches-this']);

/** Every query's ranking (ids and scores) at depth 1000, both fused and chunk-only. */
const rankings = (index: TwoLevelIndex) =>
  QUERIES.flatMap((q) => [index.search(q, 1000), index.search(q, 1000, 0)]);

function expectSame(a: TwoLevelIndex, b: TwoLevelIndex): void {
  const ra = rankings(a);
  const rb = rankings(b);
  expect(ra.map((r) => r.map((h) => h.id))).toEqual(rb.map((r) => r.map((h) => h.id)));
  ra.forEach((r, i) =>
    r.forEach((h, j) => expect(Math.abs(h.score - (rb[i]?.[j]?.score ?? NaN))).toBeLessThan(1e-9)),
  );
  expect(ra).toEqual(rb); // matched terms too
}

describe('binary keyword snapshot', () => {
  it('restores the same rankings as the index it was saved from, and as a fresh build', () => {
    seed = 7;
    const docs = Array.from({ length: 80 }, (_, d) => doc(d));
    // A document with a term more than 255 and 65,535 times: term frequencies need 16 and 32 bits.
    const big = doc(900, 2, 'repeatedword '.repeat(300));
    const huge = doc(901, 1, 'repeatedword '.repeat(70_000));
    const live = new TwoLevelIndex();
    for (const chunks of [...docs, big, huge]) live.add(chunks);
    const buffer = live.toBinary();
    const restored = TwoLevelIndex.fromBinary(buffer);
    expect(restored.size).toBe(live.size);
    expectSame(restored, live);
    expect(restored.search('repeatedword', 5, 0)[0]?.id).toBe('d901#0');
    // Restored twice from the same buffer, then changed: the copies do not share postings.
    const twin = TwoLevelIndex.fromSegments([buffer]);
    twin.removeDocument('d1', ['d1#0', 'd1#1', 'd1#2', 'd1#3']);
    twin.add(doc(1000));
    expectSame(restored, live);
  });

  it('segments added, deleted and compacted over a restored snapshot equal a fresh build', () => {
    seed = 11;
    const docs = Array.from({ length: 60 }, (_, d) => doc(d));
    const live = new TwoLevelIndex();
    for (const chunks of docs) live.add(chunks);
    const segments: (string | ArrayBuffer)[] = [live.toBinary()];
    const restoredLive = TwoLevelIndex.fromSegments(segments);
    // Changes on the restored index (its postings are views into the buffer until they grow).
    const added = doc(60);
    restoredLive.add(added);
    segments.push(restoredLive.takeSegment());
    restoredLive.removeDocument('d3', ['d3#0', 'd3#1', 'd3#2', 'd3#3']);
    const replaced = doc(5, 2);
    restoredLive.removeDocument('d5', ['d5#0', 'd5#1', 'd5#2', 'd5#3']);
    restoredLive.add(replaced);
    segments.push(restoredLive.takeSegment());

    const fresh = new TwoLevelIndex();
    for (const [d, chunks] of docs.entries()) if (d !== 3 && d !== 5) fresh.add(chunks);
    fresh.add(added);
    fresh.add(replaced);

    const restored = TwoLevelIndex.fromSegments(segments);
    expect(restored.size).toBe(fresh.size);
    expectSame(restored, fresh);
    expectSame(restoredLive, fresh);
    // Compaction: a new binary snapshot of the restored index, then more segments on it.
    const compacted = TwoLevelIndex.fromBinary(restored.toBinary());
    expectSame(compacted, fresh);
    compacted.removeDocument('d7', ['d7#0', 'd7#1', 'd7#2', 'd7#3']);
    fresh.removeDocument('d7', ['d7#0', 'd7#1', 'd7#2', 'd7#3']);
    const again = TwoLevelIndex.fromSegments([restored.toBinary(), compacted.takeSegment()]);
    expectSame(again, fresh);
    // Many deletes on a restored index, then a snapshot: compaction drops and renumbers its views.
    const many = TwoLevelIndex.fromBinary(again.toBinary()); // d7 already gone, as in fresh
    const gone = docs.slice(10, 45).map((_, i) => i + 10);
    for (const d of gone) {
      const ids = Array.from({ length: 4 }, (_, i) => `d${d}#${i}`);
      many.removeDocument(`d${d}`, ids);
      fresh.removeDocument(`d${d}`, ids);
    }
    expectSame(many, fresh);
    expectSame(TwoLevelIndex.fromBinary(many.toBinary()), fresh);
  });

  it('refuses a damaged or foreign buffer with a storage error', () => {
    seed = 3;
    const index = new TwoLevelIndex();
    index.add(doc(1));
    const good = index.toBinary();
    const flipped = good.slice(0);
    new Uint32Array(flipped, 0, 1)[0] = 0x4b575332; // another magic number
    const badSlot = good.slice(0);
    // A slot out of range in the chunk level's postings, found through the header.
    const headLength = new Uint32Array(good, 4, 1)[0] as number;
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(good, 8, headLength)));
    const base = (8 + headLength + 3) & ~3;
    new Uint32Array(badSlot, base + header.levels.chunks.slots[0], 1)[0] = 999_999;
    for (const buffer of [
      new ArrayBuffer(0),
      good.slice(0, good.byteLength - 8),
      flipped,
      badSlot,
    ]) {
      const error = (() => {
        try {
          TwoLevelIndex.fromBinary(buffer);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(RagtuneError);
      expect((error as RagtuneError).code).toBe('storage');
    }
    expect(TwoLevelIndex.fromBinary(good).size).toBe(index.size);
  });
});
