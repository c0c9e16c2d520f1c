// `npx tsx scripts/bench/keywordSegments.ts [--chunks 100000]`: the keyword index's incremental
// persistence in Node: segment bytes and time for adding or deleting one document, the full
// snapshot (binary, as the app saves it, and JSON for comparison), its split into records, restore.
import { arg, machine } from './harness';
import { TwoLevelIndex, type IndexChunk } from '../../src/lib/search/twoLevel';
import { keywordRecords, keywordSegments } from '../../src/lib/store/keywordRecords';

const total = Number(arg('chunks', '100000'));
const PER_DOC = 100;
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const vocab = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}x`);
/** ~120 pseudo-words a chunk, Zipf-like, as in bench:scale. */
const chunkText = () =>
  Array.from({ length: 120 }, () => vocab[Math.floor(vocab.length * rand() ** 3)]).join(' ');
const docChunks = (d: number): IndexChunk[] =>
  Array.from({ length: PER_DOC }, (_, i) => {
    const text = chunkText();
    return {
      id: `d${d}#${i}`,
      docId: `d${d}`,
      text,
      headingPath: [`Doc ${d}`],
      start: i * 1000,
      end: i * 1000 + text.length,
    };
  });
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const v = f();
  return [v, +(performance.now() - t).toFixed(1)];
};

const docs = total / PER_DOC;
const index = new TwoLevelIndex();
const [, buildMs] = time(() => {
  for (let d = 0; d < docs; d++) index.add(docChunks(d));
});
const [json, jsonMs] = time(() => index.toJSON());
const [full, fullMs] = time(() => index.toBinary());
const [records, splitMs] = time(() => keywordRecords('seg:0', full, index.size));
const one = docChunks(docs);
const [addSeg, addMs] = time(() => {
  index.add(one);
  return index.takeSegment();
});
const [delSeg, delMs] = time(() => {
  index.removeDocument(
    'd7',
    Array.from({ length: PER_DOC }, (_, i) => `d7#${i}`),
  );
  return index.takeSegment();
});
const [, restoreJsonMs] = time(() => TwoLevelIndex.fromSegments([json, addSeg, delSeg]));
// As the app reads them: the parts joined, then the snapshot and the two segments.
const [restored, restoreMs] = time(() =>
  TwoLevelIndex.fromSegments([keywordSegments(records)[0]?.data ?? '', addSeg, delSeg]),
);
const [, addAfterRestoreMs] = time(() => {
  restored.add(docChunks(docs + 1));
  return restored.takeSegment();
});
const [, deleteAfterRestoreMs] = time(() => {
  restored.removeDocument(
    'd9',
    Array.from({ length: PER_DOC }, (_, i) => `d9#${i}`),
  );
  return restored.takeSegment();
});
const lat: number[] = [];
for (let q = 0; q < 100; q++) {
  const query = Array.from({ length: 3 }, () => vocab[Math.floor(vocab.length * rand() ** 3)]).join(
    ' ',
  );
  lat.push(time(() => restored.search(query, 500))[1]);
}
lat.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    chunks: total,
    build_ms: buildMs,
    full_snapshot_bytes: full.byteLength,
    full_snapshot_ms: fullMs,
    full_snapshot_records: records.length,
    split_ms: splitMs,
    json_snapshot_bytes: json.length,
    json_snapshot_ms: jsonMs,
    restore_json_ms: restoreJsonMs,
    add_one_doc_chunks: PER_DOC,
    add_one_segment_bytes: addSeg.length,
    add_one_ms: addMs,
    delete_one_segment_bytes: delSeg.length,
    delete_one_ms: delMs,
    restore_ms: restoreMs,
    add_one_after_restore_ms: addAfterRestoreMs,
    delete_one_after_restore_ms: deleteAfterRestoreMs,
    search_p50_ms: lat[50],
    search_p95_ms: lat[95],
    machine: machine(),
  }),
);
