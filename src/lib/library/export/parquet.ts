// Parquet for the export (the only importer of hyparquet and hyparquet-writer): rows are written a
// row group at a time from an async source into Blob parts, so a large library is never one
// buffer; reading gives plain objects back for import's validation.
import { parquetMetadata, parquetReadObjects, type SchemaElement } from 'hyparquet';
import { ByteWriter, parquetWriteRows } from 'hyparquet-writer';
import type { IndexRow } from './format';

/** Rows per row group: ~1.5 MB of 384-dimensional vectors, a unit readers can stream. */
export const ROW_GROUP_ROWS = 1000;
/** Bytes gathered before they move into a Blob part. */
const PART_BYTES = 4 * 1024 * 1024;

const required = { repetition_type: 'REQUIRED' } as const;
const utf8 = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  ...required,
});
const int32 = (name: string, optional = false): SchemaElement => ({
  name,
  type: 'INT32',
  repetition_type: optional ? 'OPTIONAL' : 'REQUIRED',
});
/** A standard three-level Parquet LIST of required elements. */
const list = (name: string, element: SchemaElement): SchemaElement[] => [
  { name, converted_type: 'LIST', num_children: 1, ...required },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { ...element, name: 'element' },
];

/** Column order of rows.parquet (and of the keys of rows.jsonl). */
export const ROW_COLUMNS = [
  'id',
  'vector',
  'text',
  'doc_id',
  'doc_name',
  'doc_hash',
  'ordinal',
  'heading_path',
  'page',
  'char_start',
  'char_end',
  'tokens',
  'embedding_model',
] as const satisfies readonly (keyof IndexRow)[];

const SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: ROW_COLUMNS.length },
  utf8('id'),
  ...list('vector', { name: 'element', type: 'FLOAT', ...required }),
  utf8('text'),
  utf8('doc_id'),
  utf8('doc_name'),
  utf8('doc_hash'),
  int32('ordinal'),
  ...list('heading_path', utf8('element')),
  int32('page', true),
  int32('char_start'),
  int32('char_end'),
  int32('tokens'),
  utf8('embedding_model'),
];

/** A ByteWriter that hands its bytes to Blob parts every few megabytes. */
function blobWriter() {
  const writer = new ByteWriter();
  const parts: Blob[] = [];
  const flush = () => {
    if (writer.index === 0) return;
    parts.push(new Blob([writer.buffer.slice(0, writer.index)]));
    writer.index = 0;
  };
  const grow = writer.ensure.bind(writer);
  writer.ensure = (size: number) => {
    if (writer.index > PART_BYTES) flush();
    grow(size);
  };
  writer.finish = flush;
  return { writer, blob: () => new Blob(parts, { type: 'application/vnd.apache.parquet' }) };
}

/** As the writer takes a row: plain arrays for the list columns. */
const plainRow = (row: IndexRow) => ({ ...row, vector: Array.from(row.vector) });

/**
 * Writes rows.parquet from `rows`, pulled one row group at a time (the source is never read ahead
 * of the writer). `metadata` goes into the file's key-value metadata.
 */
export async function writeParquet(
  rows: AsyncIterable<IndexRow>,
  metadata: Record<string, string>,
): Promise<Blob> {
  const { writer, blob } = blobWriter();
  async function* plain() {
    for await (const row of rows) yield plainRow(row);
  }
  await parquetWriteRows({
    writer,
    rows: plain(),
    columns: ROW_COLUMNS.map((name) => ({ name })),
    schema: SCHEMA,
    rowGroupSize: ROW_GROUP_ROWS,
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'ragtune',
  });
  return blob();
}

/** What a Parquet file's footer says: its rows, and the bytes its columns unpack to. */
export function parquetSize(file: ArrayBuffer): { rows: number; unpackedBytes: number } {
  const meta = parquetMetadata(file);
  let unpacked = 0;
  for (const group of meta.row_groups) {
    for (const column of group.columns) {
      unpacked += Number(column.meta_data?.total_uncompressed_size ?? 0);
    }
  }
  return { rows: Number(meta.num_rows), unpackedBytes: unpacked };
}

/** Every row as a plain object (untrusted: the caller validates each field). */
export async function readParquetRows(file: ArrayBuffer): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file, rowFormat: 'object' });
}
