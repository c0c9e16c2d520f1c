// Import's first half: the export's zip → its meta and the documents ready to store, every byte
// checked (see validate.ts). Rows come from rows.parquet (exact float32) or, without it, rows.jsonl.
import { throwIfAborted } from '../../errors';
import type { PreparedDocument } from '../ingestDocument';
import { INDEX_FILES, type RagtuneIndexMeta } from './format';
import { parseJsonLines } from './jsonl';
import { parquetSize, readParquetRows } from './parquet';
import {
  assembleDocuments,
  IMPORT_LIMITS,
  IMPORT_MAX_BYTES,
  InvalidIndexFile,
  validateDocument,
  validateMeta,
  validateRow,
  type ValidRow,
} from './validate';
import { openZip, ZipEntryError, type ZipArchive } from './zipReader';

const META_MAX_BYTES = 1024 * 1024;
/** Parquet's columns, unpacked: vectors, texts and ids of the largest import, with room. */
const PARQUET_MAX_UNPACKED = 2 * IMPORT_MAX_BYTES;

export interface IndexPackage {
  meta: RagtuneIndexMeta;
  documents: PreparedDocument[];
}

export type PackageStage = 'reading' | 'checking';

const decoder = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array, name: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new InvalidIndexFile(`${name} is not valid UTF-8 text.`);
  }
}

async function entry(zip: ZipArchive, name: string, cap: number): Promise<Uint8Array> {
  const bytes = await zip.read(name, cap);
  if (!bytes) throw new InvalidIndexFile(`The file has no ${name}: is it a ragtune index export?`);
  return bytes;
}

async function readRows(
  zip: ZipArchive,
  dim: number,
  expected: number,
  signal?: AbortSignal,
): Promise<ValidRow[]> {
  if (zip.names.includes(INDEX_FILES.parquet)) {
    const bytes = await entry(zip, INDEX_FILES.parquet, IMPORT_MAX_BYTES);
    const buffer = bytes.slice().buffer;
    let count: number;
    let objects: Record<string, unknown>[];
    try {
      const size = parquetSize(buffer);
      count = size.rows;
      if (count !== expected) {
        throw new InvalidIndexFile(`${INDEX_FILES.parquet} holds ${count} rows, not ${expected}.`);
      }
      // Checked before reading: a footer that claims gigabytes would be allocated as such.
      if (size.unpackedBytes > PARQUET_MAX_UNPACKED) {
        throw new InvalidIndexFile(`${INDEX_FILES.parquet} unpacks to more than an export may.`);
      }
      objects = await readParquetRows(buffer);
    } catch (error) {
      if (error instanceof InvalidIndexFile) throw error;
      throw new InvalidIndexFile(`${INDEX_FILES.parquet} could not be read as Parquet.`);
    }
    throwIfAborted(signal);
    return objects.map((o, i) => validateRow(o, `${INDEX_FILES.parquet}, row ${i + 1}`, dim));
  }
  const rows: ValidRow[] = [];
  const lines = text(await entry(zip, INDEX_FILES.jsonl, IMPORT_MAX_BYTES), INDEX_FILES.jsonl);
  for (const { line, value } of parseJsonLines(lines, INDEX_FILES.jsonl)) {
    if (rows.length >= expected) {
      throw new InvalidIndexFile(`${INDEX_FILES.jsonl} holds more than ${expected} rows.`);
    }
    rows.push(validateRow(value, `${INDEX_FILES.jsonl}, line ${line}`, dim));
    if (rows.length % 5000 === 0) throwIfAborted(signal);
  }
  return rows;
}

/** Reads and checks an export; throws InvalidIndexFile saying what is wrong, storing nothing. */
export async function readIndexPackage(
  bytes: Uint8Array,
  options: { signal?: AbortSignal; onStage?: (stage: PackageStage) => void } = {},
): Promise<IndexPackage> {
  const { signal, onStage = () => {} } = options;
  onStage('reading');
  const zip = openZip(bytes);
  if (!zip)
    throw new InvalidIndexFile('This is not a zip file: choose a ragtune index export (.zip).');
  try {
    const metaText = text(await entry(zip, INDEX_FILES.meta, META_MAX_BYTES), INDEX_FILES.meta);
    let metaJson: unknown;
    try {
      metaJson = JSON.parse(metaText);
    } catch {
      throw new InvalidIndexFile(`${INDEX_FILES.meta} is not valid JSON.`);
    }
    const meta = validateMeta(metaJson);
    const docsText = text(
      await entry(zip, INDEX_FILES.documents, IMPORT_MAX_BYTES),
      INDEX_FILES.documents,
    );
    throwIfAborted(signal);
    onStage('checking');
    const documents = [];
    for (const { line, value } of parseJsonLines(docsText, INDEX_FILES.documents)) {
      if (documents.length >= IMPORT_LIMITS.documents) {
        throw new InvalidIndexFile(
          `The file holds more than ${IMPORT_LIMITS.documents} documents.`,
        );
      }
      documents.push(validateDocument(value, line));
    }
    const rows = await readRows(zip, meta.dimension, meta.chunks, signal);
    throwIfAborted(signal);
    return { meta, documents: await assembleDocuments(meta, documents, rows) };
  } catch (error) {
    if (error instanceof ZipEntryError || error instanceof SyntaxError) {
      throw new InvalidIndexFile(error.message);
    }
    throw error;
  }
}
