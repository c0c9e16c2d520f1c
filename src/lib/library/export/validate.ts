// Import's checks of an export, all before anything is stored: the meta file, every document and
// every row (types, sizes, ids, dimension, unit vectors), and that they agree with each other —
// each chunk is the slice its offsets name (after a repeated table header), each text its hash.
import { sha256Hex } from '../../ingest/hash';
import type { PreparedDocument } from '../ingestDocument';
import type { ChunkRecord, DocumentMeta } from '../types';
import { Fields, InvalidIndexFile, objectAt } from './fields';
import { INDEX_FILES, INDEX_FORMAT_VERSION, type RagtuneIndexMeta } from './format';

export { InvalidIndexFile } from './fields';

/** The largest export ragtune imports: it is read into memory whole. */
export const IMPORT_MAX_BYTES = 1024 * 1024 * 1024;

/** What one import may hold. The archive itself is capped before it is read (IMPORT_MAX_BYTES). */
export const IMPORT_LIMITS = {
  documents: 100_000,
  chunks: 2_000_000,
  dimension: 8192,
  idChars: 200,
  nameChars: 1000,
  textChars: 100_000_000,
  headings: 64,
  headingChars: 1000,
  tokens: 1_000_000,
} as const;

const L = IMPORT_LIMITS;
const MAX_TIME = 8.64e15;
/** A float32 unit vector's length is within this of 1 (the embedder normalises). */
const UNIT_TOLERANCE = 1e-3;
const HEX64 = /^[0-9a-f]{64}$/;

export function validateMeta(value: unknown): RagtuneIndexMeta {
  const own = new Fields(
    objectAt(value, INDEX_FILES.meta).ragtune,
    `${INDEX_FILES.meta}, “ragtune”`,
  );
  const version = own.integer('format_version', 1, 1_000_000);
  if (version > INDEX_FORMAT_VERSION) {
    throw new InvalidIndexFile(
      `This export is format ${version}; this ragtune reads format ${INDEX_FORMAT_VERSION}. ` +
        'Update ragtune, then import it again.',
    );
  }
  const metric = own.string('metric', 10);
  if (metric !== 'cosine' && metric !== 'dot') return own.fail('metric', 'must be cosine or dot');
  if (!own.boolean('normalized')) {
    own.fail('normalized', 'must be true: ragtune keeps unit-length vectors only');
  }
  return {
    format_version: version,
    embedding_model: own.string('embedding_model', L.nameChars),
    dimension: own.integer('dimension', 1, L.dimension),
    normalized: true,
    metric,
    documents: own.integer('documents', 1, L.documents),
    chunks: own.integer('chunks', 1, L.chunks),
    created: own.string('created', 100),
  };
}

const docId = (f: Fields, field: string) => {
  const id = f.string(field, L.idChars);
  if (id.includes('#')) f.fail(field, 'must not contain “#”');
  return id;
};

export function validateDocument(
  value: unknown,
  line: number,
): { meta: DocumentMeta; text: string } {
  const f = new Fields(value, `${INDEX_FILES.documents}, line ${line}`);
  const text = f.string('text', L.textChars);
  const meta: DocumentMeta = {
    id: docId(f, 'id'),
    name: f.string('name', L.nameChars),
    format: f.format('format'),
    bytes: f.integer('bytes', 0, Number.MAX_SAFE_INTEGER),
    chars: f.integer('chars', 0, L.textChars),
    contentHash: f.string('content_hash', 64),
    chunkCount: f.integer('chunk_count', 1, L.chunks),
    pageCount: f.optionalInteger('page_count', 0, 1_000_000),
    addedAt: f.integer('added_at', 0, MAX_TIME),
    updatedAt: f.integer('updated_at', 0, MAX_TIME),
    editedAt: f.optionalInteger('edited_at', 0, MAX_TIME),
    status: 'indexed',
  };
  if (!HEX64.test(meta.contentHash)) f.fail('content_hash', 'must be 64 hex digits (SHA-256)');
  if (meta.chars !== text.length) f.fail('chars', `must be the text’s length, ${text.length}`);
  if (meta.pageCount === undefined) delete meta.pageCount;
  if (meta.editedAt === undefined) delete meta.editedAt;
  // How it was chunked (absent from exports of documents that did not record it).
  const maxTokens = f.optionalInteger('chunk_max_tokens', 1, 100_000);
  const overlapTokens = f.optionalInteger('chunk_overlap_tokens', 0, 100_000);
  if (maxTokens !== undefined && overlapTokens !== undefined) {
    meta.chunking = { maxTokens, overlapTokens };
  }
  return { meta, text };
}

export interface ValidRow {
  docId: string;
  docName: string;
  docHash: string;
  model: string;
  chunk: ChunkRecord;
  vector: Float32Array;
}

export function validateRow(value: unknown, where: string, dim: number): ValidRow {
  const f = new Fields(value, where);
  const id = docId(f, 'doc_id');
  const ordinal = f.integer('ordinal', 0, L.chunks - 1);
  const chunkId = f.string('id', L.idChars + 12);
  if (chunkId !== `${id}#${ordinal}`) f.fail('id', `must be “${id}#${ordinal}”`);
  const start = f.integer('char_start', 0, L.textChars);
  const end = f.integer('char_end', start, L.textChars);
  const page = f.optionalInteger('page', 1, 1_000_000);
  const vector = f.vector('vector', dim);
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (Math.abs(Math.sqrt(sum) - 1) > UNIT_TOLERANCE) f.fail('vector', 'must have unit length');
  const chunk: ChunkRecord = {
    id: chunkId,
    docId: id,
    ordinal,
    text: f.string('text', L.textChars, { empty: true }),
    start,
    end,
    headingPath: f.strings('heading_path', L.headings, L.headingChars),
    tokens: f.integer('tokens', 0, L.tokens),
    ...(page === undefined ? {} : { page }),
  };
  return {
    docId: id,
    docName: f.string('doc_name', L.nameChars),
    docHash: f.string('doc_hash', 64),
    model: f.string('embedding_model', L.nameChars),
    chunk,
    vector,
  };
}

/**
 * How many characters before the text at its offsets a chunk's text holds (a table header that
 * must appear whole above `start`), or undefined when its text is not the text at its offsets.
 */
function repeatedHeader(chunk: ChunkRecord, text: string): number | undefined {
  const lead = chunk.text.length - (chunk.end - chunk.start);
  if (chunk.end > text.length || lead < 0) return undefined;
  if (chunk.text.slice(lead) !== text.slice(chunk.start, chunk.end)) return undefined;
  if (lead === 0) return 0;
  const header = chunk.text.slice(0, lead);
  const above = text.lastIndexOf(header.slice(0, -1), chunk.start - lead);
  return header.endsWith('\n') && above >= 0 ? lead : undefined;
}

/**
 * The documents ready to store: every row belongs to a listed document, every document has
 * exactly its chunk_count rows (ordinals 0…n−1), each chunk's text is its document's slice (after a repeated table header), each
 * text hashes to its content_hash, and every row names the export's model.
 */
export async function assembleDocuments(
  meta: RagtuneIndexMeta,
  documents: readonly { meta: DocumentMeta; text: string }[],
  rows: readonly ValidRow[],
): Promise<PreparedDocument[]> {
  if (documents.length !== meta.documents || rows.length !== meta.chunks) {
    throw new InvalidIndexFile(
      `${INDEX_FILES.meta} announces ${meta.documents} documents and ${meta.chunks} chunks, ` +
        `but the file holds ${documents.length} and ${rows.length}.`,
    );
  }
  const byId = new Map<string, { meta: DocumentMeta; text: string; rows: ValidRow[] }>();
  const hashes = new Set<string>();
  for (const doc of documents) {
    if (byId.has(doc.meta.id))
      throw new InvalidIndexFile(`Document ${doc.meta.id} is listed twice.`);
    if (hashes.has(doc.meta.contentHash)) {
      throw new InvalidIndexFile(`“${doc.meta.name}” has the same text as another document.`);
    }
    hashes.add(doc.meta.contentHash);
    byId.set(doc.meta.id, { ...doc, rows: [] });
  }
  for (const row of rows) {
    const doc = byId.get(row.docId);
    if (!doc) throw new InvalidIndexFile(`Chunk ${row.chunk.id} belongs to no listed document.`);
    if (row.model !== meta.embedding_model) {
      throw new InvalidIndexFile(
        `Chunk ${row.chunk.id} was embedded with ${row.model}, not ${meta.embedding_model}.`,
      );
    }
    if (row.docName !== doc.meta.name || row.docHash !== doc.meta.contentHash) {
      throw new InvalidIndexFile(
        `Chunk ${row.chunk.id} disagrees with its document’s name or hash.`,
      );
    }
    doc.rows.push(row);
  }
  const prepared: PreparedDocument[] = [];
  for (const { meta: docMeta, text, rows: own } of byId.values()) {
    const name = `“${docMeta.name}”`;
    if (own.length !== docMeta.chunkCount) {
      throw new InvalidIndexFile(
        `${name} should have ${docMeta.chunkCount} chunks; the file has ${own.length}.`,
      );
    }
    own.sort((a, b) => a.chunk.ordinal - b.chunk.ordinal);
    const vectors = new Float32Array(own.length * meta.dimension);
    own.forEach(({ chunk, vector }, i) => {
      if (chunk.ordinal !== i) throw new InvalidIndexFile(`${name} is missing chunk ${i}.`);
      const header = repeatedHeader(chunk, text);
      if (header === undefined) {
        throw new InvalidIndexFile(`Chunk ${chunk.id} is not the text at its offsets in ${name}.`);
      }
      if (header > 0) chunk.tableHeaderChars = header;
      vectors.set(vector, i * meta.dimension);
    });
    if ((await sha256Hex(text)) !== docMeta.contentHash) {
      throw new InvalidIndexFile(`The text of ${name} does not match its content_hash.`);
    }
    prepared.push({
      meta: { ...docMeta, embeddingModel: meta.embedding_model },
      text,
      chunks: own.map((r) => r.chunk),
      vectors: { docId: docMeta.id, model: meta.embedding_model, dim: meta.dimension, vectors },
    });
  }
  return prepared;
}
