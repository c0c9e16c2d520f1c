// Checks and measures of a document's records before the library stores them: consistency of a
// document's chunks and vectors, a compact vector block, UTF-8 byte counts, and the content writes.
import { RagtuneError } from '../errors';
import { INDEXES, KEYWORD_SNAPSHOT_KEY, STORES } from '../store/schema';
import { quiet, type Tx } from '../store/transaction';
import type { ChunkRecord, DocumentMeta, VectorBlock } from './types';
import type { PageSpan } from '../ingest/types';

const { documents, texts, chunks, vectors, keywordIndex } = STORES;
/** Every store a document's content lives in; writes also drop the now stale keyword snapshot. */
export const CONTENT = [documents, texts, chunks, vectors, keywordIndex] as const;
type ContentTx = Tx<(typeof CONTENT)[number], 'readwrite'>;

/** Refuses records that would store an inconsistent document (a programming error upstream). */
export function checkDocument(
  meta: DocumentMeta,
  chunks: readonly ChunkRecord[],
  vectors: VectorBlock | undefined,
): void {
  const fail = (why: string): never => {
    throw new RagtuneError('internal', `Refusing to store “${meta.name}”: ${why}.`);
  };
  for (const chunk of chunks) {
    if (chunk.docId !== meta.id) fail(`chunk ${chunk.id} belongs to ${chunk.docId}`);
  }
  if (vectors) {
    checkVectorBlock(vectors);
    if (vectors.docId !== meta.id) fail(`its vectors belong to ${vectors.docId}`);
    const rows = vectors.vectors.length / vectors.dim;
    if (rows !== chunks.length) fail(`${rows} vectors for ${chunks.length} chunks`);
  }
}

export function checkVectorBlock(block: VectorBlock): void {
  const { dim, vectors, docId } = block;
  if (!Number.isInteger(dim) || dim <= 0 || vectors.length % dim !== 0) {
    throw new RagtuneError(
      'internal',
      `Vector block for ${docId} is malformed: ${vectors.length} floats with dimension ${dim}.`,
    );
  }
}

/**
 * A block whose Float32Array views exactly its own buffer. Structured clone copies the whole
 * underlying ArrayBuffer, so a view into a large embedding batch would store the entire batch.
 */
export function compactBlock(block: VectorBlock): VectorBlock {
  const { vectors } = block;
  if (vectors.byteOffset === 0 && vectors.byteLength === vectors.buffer.byteLength) return block;
  return { ...block, vectors: vectors.slice() };
}

/** UTF-8 length of a string without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function notFound(id: string): RagtuneError {
  return new RagtuneError('storage', `No document with id ${id} is in the library.`);
}

/** Queues the writes of a document's text, chunks and vectors (the meta is written by callers). */
export function writeContent(
  tx: ContentTx,
  meta: DocumentMeta,
  text: string,
  chunkRecords: readonly ChunkRecord[],
  vectorBlock: VectorBlock | undefined,
  pages?: readonly PageSpan[],
): void {
  quiet(
    tx.objectStore(texts).put({ docId: meta.id, text, ...(pages ? { pages: [...pages] } : {}) }),
  );
  const chunkStore = tx.objectStore(chunks);
  for (const chunk of chunkRecords) quiet(chunkStore.put(chunk));
  if (vectorBlock) quiet(tx.objectStore(vectors).put(compactBlock(vectorBlock)));
  quiet(tx.objectStore(keywordIndex).delete(KEYWORD_SNAPSHOT_KEY));
}

/** Deletes a document's text, chunks and vectors (not its meta). */
export async function deleteContent(tx: ContentTx, docId: string): Promise<void> {
  const chunkStore = tx.objectStore(chunks);
  const chunkKeys = await chunkStore.index(INDEXES.chunksByDoc).getAllKeys(docId);
  for (const key of chunkKeys) quiet(chunkStore.delete(key));
  quiet(tx.objectStore(texts).delete(docId));
  quiet(tx.objectStore(vectors).delete(docId));
  quiet(tx.objectStore(keywordIndex).delete(KEYWORD_SNAPSHOT_KEY));
}
