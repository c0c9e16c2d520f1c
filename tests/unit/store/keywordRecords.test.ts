// A binary keyword snapshot is split into parts of bounded size and reassembled byte for byte;
// a set whose parts are missing, foreign or resized reads as no snapshot at all.
import { describe, expect, it } from 'vitest';
import { keywordRecords, keywordSegments } from '../../../src/lib/store/keywordRecords';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff).buffer;

describe('keyword records', () => {
  it('splits a buffer into parts of at most partBytes and joins them back', () => {
    const data = bytes(10_000);
    const records = keywordRecords('seg:000000000004', data, 12, 3_000);
    expect(records).toHaveLength(1 + 4); // manifest, then 3,000 + 3,000 + 3,000 + 1,000 bytes
    expect(records.slice(1).map((r) => r.data?.byteLength)).toEqual([3000, 3000, 3000, 1000]);
    // Keys sort manifest first, parts next, before the following segment.
    const keys = [...records.map((r) => r.key), 'seg:000000000005'];
    expect([...keys].sort()).toEqual(keys);
    const segment = keywordRecords('seg:000000000005', '{"kind":"delta"}', 13)[0];
    const read = keywordSegments([...records, segment!]);
    expect(read.map((s) => s.key)).toEqual(['seg:000000000004', 'seg:000000000005']);
    expect(new Uint8Array(read[0]?.data as ArrayBuffer)).toEqual(new Uint8Array(data));
    expect(read[1]?.data).toBe('{"kind":"delta"}');
    expect(read[0]?.chunkCount).toBe(12);
    // One part: stored and read back whole.
    const single = keywordSegments(keywordRecords('k', data, 1));
    expect(new Uint8Array(single[0]?.data as ArrayBuffer)).toEqual(new Uint8Array(data));
  });

  it('reads an incomplete or mismatched set as nothing (the library then rebuilds)', () => {
    const records = keywordRecords('seg:000000000001', bytes(5_000), 3, 2_000);
    const other = keywordRecords('seg:000000000001', bytes(5_000), 3, 2_000);
    expect(keywordSegments(records)).toHaveLength(1);
    expect(keywordSegments(records.filter((_, i) => i !== 2))).toEqual([]); // a part missing
    expect(keywordSegments(records.slice(0, 1))).toEqual([]); // parts not written
    expect(keywordSegments(records.slice(1))).toEqual([]); // parts without their manifest
    expect(keywordSegments([records[0]!, other[1]!, records[2]!, records[3]!])).toEqual([]);
    const short = records.map((r, i) => (i === 3 ? { ...r, data: bytes(10) } : r));
    expect(keywordSegments(short)).toEqual([]);
  });
});
