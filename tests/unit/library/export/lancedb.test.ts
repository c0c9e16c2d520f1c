// An export loads into a real vector database: rows.parquet, read back from the zip, becomes a
// LanceDB table (@lancedb/lancedb, native, in Node), and LanceDB's exact cosine search returns
// the same top-k chunk ids, in the same order and with the same scores, as ragtune's own exact
// scan (search/flatIndex) over the library's vectors, for several queries.
import { connect } from '@lancedb/lancedb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FILES } from '../../../../src/lib/library/export/format';
import { readParquetRows } from '../../../../src/lib/library/export/parquet';
import { writeIndexExport } from '../../../../src/lib/library/export/writeExport';
import { openZip } from '../../../../src/lib/library/export/zipReader';
import { FlatIndex } from '../../../../src/lib/search/flatIndex';
import { MODEL, sampleDocument, sourceOf, unitVectors, type SampleDocument } from './sampleLibrary';

const DIM = 48;
const K = 10;
let dir: string;
let docs: SampleDocument[];
let rows: Record<string, unknown>[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragtune-lancedb-'));
  docs = [];
  for (let d = 0; d < 40; d++) {
    const paragraphs = Array.from({ length: 2 + (d % 4) }, (_, i) => `Doc ${d} part ${i}.`);
    docs.push(await sampleDocument(`doc-${d}`, `doc-${d}.md`, paragraphs, DIM, 100 + d));
  }
  const { zip } = await writeIndexExport(sourceOf(docs), { modelId: MODEL });
  const archive = openZip(new Uint8Array(await zip.arrayBuffer()))!;
  const parquet = (await archive.read(INDEX_FILES.parquet, 1 << 30))!;
  rows = await readParquetRows(parquet.slice().buffer);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an export in LanceDB', () => {
  it('gives the same top-k chunk ids and scores as ragtune’s exact vector search', async () => {
    const db = await connect(dir);
    const table = await db.createTable(
      'ragtune',
      rows.map((r) => ({
        id: r.id as string,
        doc_id: r.doc_id as string,
        doc_name: r.doc_name as string,
        text: r.text as string,
        vector: Array.from(r.vector as number[]),
      })),
    );
    expect(await table.countRows()).toBe(docs.reduce((n, d) => n + d.chunks.length, 0));
    expect(String(await table.schema())).toContain(`vector: FixedSizeList[${DIM}]<Float32>`);

    const flat = new FlatIndex(DIM);
    for (const d of docs)
      flat.add(
        d.chunks.map((c) => c.id),
        d.block.vectors,
      );

    // Random directions, and three stored chunks' own vectors (their chunk must come first).
    const queries = [...Array.from({ length: 5 }, (_, i) => unitVectors(1, DIM, 900 + i))];
    for (const [d, c] of [
      [0, 0],
      [17, 1],
      [39, 2],
    ] as const) {
      queries.push(docs[d]!.block.vectors.slice(c * DIM, (c + 1) * DIM));
    }
    for (const query of queries) {
      const ours = flat.search(query, K);
      const theirs = await table
        .vectorSearch(Array.from(query))
        .distanceType('cosine')
        .limit(K)
        .toArray();
      expect(theirs.map((r: { id: string }) => r.id)).toEqual(ours.map((h) => h.id));
      theirs.forEach((r: { _distance: number }, i: number) => {
        expect(1 - r._distance).toBeCloseTo(ours[i]!.score, 4);
      });
    }
    expect(flat.search(queries[6]!, 1)[0]!.id).toBe('doc-17#1');
  });
});
