// The export's files read back: Parquet through hyparquet (a reader other than the writer) and
// JSONL give every field and every float32 back exactly; the whole zip imports to the same
// documents, chunks and vectors the library held.
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { INDEX_FILES } from '../../../../src/lib/library/export/format';
import { parseJsonLines, rowLine } from '../../../../src/lib/library/export/jsonl';
import { writeParquet } from '../../../../src/lib/library/export/parquet';
import { readIndexPackage } from '../../../../src/lib/library/export/readPackage';
import { documentRows } from '../../../../src/lib/library/export/rows';
import { writeIndexExport } from '../../../../src/lib/library/export/writeExport';
import { openZip } from '../../../../src/lib/library/export/zipReader';
import { MODEL, sampleLibrary, sourceOf } from './sampleLibrary';

async function* each<T>(items: T[]) {
  yield* items;
}

const rowsOf = async (dim: number, docs = 3) =>
  (await sampleLibrary(dim, docs)).flatMap((d) => documentRows(d.meta, d.chunks, d.block));

describe('Parquet', () => {
  it('reads back equal values with hyparquet, vectors bit for bit', async () => {
    const rows = await rowsOf(24);
    const blob = await writeParquet(each(rows), { 'ragtune:embedding_model': MODEL });
    const file = await blob.arrayBuffer();
    const read = await parquetReadObjects({ file, rowFormat: 'object' });
    expect(read).toHaveLength(rows.length);
    read.forEach((got, i) => {
      const want = rows[i]!;
      expect({ ...got, vector: undefined }).toEqual({ ...want, vector: undefined });
      expect(new Float32Array(got.vector as number[])).toEqual(want.vector);
    });
    const meta = parquetMetadata(file);
    expect(meta.key_value_metadata).toContainEqual({
      key: 'ragtune:embedding_model',
      value: MODEL,
    });
    const vector = parquetSchema(meta).children.find((c) => c.element.name === 'vector')!;
    expect(vector.element.converted_type).toBe('LIST');
    expect(vector.children[0]!.children[0]!.element.type).toBe('FLOAT');
  });

  it('spreads many rows over several row groups', async () => {
    const rows = await rowsOf(8, 1);
    const many = Array.from({ length: 2500 }, (_, i) => ({
      ...rows[i % rows.length]!,
      ordinal: i,
    }));
    const file = await (await writeParquet(each(many), {})).arrayBuffer();
    expect(parquetMetadata(file).row_groups.length).toBe(3);
    const read = await parquetReadObjects({ file, rowFormat: 'object', columns: ['ordinal'] });
    expect(read.map((r) => r.ordinal)).toEqual(many.map((r) => r.ordinal));
  });
});

describe('JSONL', () => {
  it('gives every float32 back exactly', async () => {
    const rows = await rowsOf(64);
    const text = rows.map(rowLine).join('\n');
    const parsed = [...parseJsonLines(text, 'rows.jsonl')].map(
      (l) => l.value as Record<string, unknown>,
    );
    parsed.forEach((got, i) => {
      expect(Float32Array.from(got.vector as number[])).toEqual(rows[i]!.vector);
      expect(got.heading_path).toEqual(rows[i]!.heading_path);
      expect(got.text).toBe(rows[i]!.text);
    });
  });

  it('names the line that is not JSON', () => {
    expect(() => [...parseJsonLines('{"a":1}\n{nope', 'rows.jsonl')]).toThrow(
      'rows.jsonl, line 2, is not valid JSON.',
    );
  });
});

describe('the whole export', () => {
  it('holds the four files and imports to the same library', async () => {
    const docs = await sampleLibrary(16, 4);
    const { zip, meta } = await writeIndexExport(sourceOf(docs), { modelId: MODEL });
    const bytes = new Uint8Array(await zip.arrayBuffer());
    expect(openZip(bytes)!.names).toEqual(Object.values(INDEX_FILES));
    expect(meta.ragtune).toMatchObject({
      embedding_model: MODEL,
      dimension: 16,
      normalized: true,
      metric: 'cosine',
      documents: 4,
      chunks: 12,
    });
    expect(meta.indexes.ragtune![0]).toMatchObject({
      dimensions: 16,
      model_name: MODEL,
      metric: 'Cosine',
    });

    const back = await readIndexPackage(bytes);
    expect(back.meta).toEqual(meta.ragtune);
    expect(back.documents.map((d) => d.meta)).toEqual(docs.map((d) => d.meta));
    back.documents.forEach((got, i) => {
      expect(got.text).toBe(docs[i]!.text);
      expect(got.chunks).toEqual(docs[i]!.chunks);
      expect(got.vectors).toEqual(docs[i]!.block);
    });
  });

  it('imports from rows.jsonl alone when the zip has no Parquet', async () => {
    const docs = await sampleLibrary(8, 2);
    const { zip } = await writeIndexExport(sourceOf(docs), { modelId: MODEL });
    const { withoutEntry } = await import('./zipEdit');
    const bytes = await withoutEntry(new Uint8Array(await zip.arrayBuffer()), INDEX_FILES.parquet);
    const back = await readIndexPackage(bytes);
    expect(back.documents.map((d) => d.vectors)).toEqual(docs.map((d) => d.block));
  });

  it('refuses a library with documents not embedded by the model', async () => {
    const docs = await sampleLibrary(8, 2);
    docs[1]!.meta = { ...docs[1]!.meta, embeddingModel: 'other/model' };
    await expect(writeIndexExport(sourceOf(docs), { modelId: MODEL })).rejects.toThrow(
      /1 of 2 documents .* have no vectors from ragtune-test\/tiny-bert/,
    );
    await expect(writeIndexExport(sourceOf([]), { modelId: MODEL })).rejects.toThrow(/empty/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      writeIndexExport(sourceOf(await sampleLibrary(8, 2)), {
        modelId: MODEL,
        signal: controller.signal,
      }),
    ).rejects.toThrow('Cancelled');
  });
});
