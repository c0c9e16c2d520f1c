// The single way into an IndexedDB transaction, plus the writes a document's content needs.
// Failures abort the whole transaction and come out as RagtuneErrors (quota, storage).
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { ChunkRecord, DocumentMeta, PageSpan, VectorBlock } from '../library/types';
import { INDEXES, KEYWORD_SNAPSHOT_KEY, STORES, type RagtuneDB, type StoreName } from './schema';
import { compactBlock, quiet, rootCause, storageError } from './storeHelpers';

export type Tx<S extends StoreName, M extends IDBTransactionMode> = IDBPTransaction<
  RagtuneDB,
  S[],
  M
>;

const { documents, texts, chunks, vectors, keywordIndex } = STORES;
/** Every store a document's content lives in; writes also drop the now stale keyword snapshot. */
export const CONTENT = [documents, texts, chunks, vectors, keywordIndex] as const;
type ContentTx = Tx<(typeof CONTENT)[number], 'readwrite'>;

/**
 * Runs `work` in one transaction. `work` must only await IndexedDB requests of `tx` (awaiting
 * anything else lets the transaction commit early). On any failure the transaction is aborted,
 * so nothing is half-stored, and the error becomes a RagtuneError ('quota-exceeded' when full).
 */
export async function runTransaction<S extends StoreName, M extends IDBTransactionMode, T>(
  db: IDBPDatabase<RagtuneDB>,
  stores: readonly S[],
  mode: M,
  what: string,
  work: (tx: Tx<S, M>) => T | Promise<T>,
): Promise<T> {
  let tx: Tx<S, M>;
  try {
    tx = db.transaction([...stores], mode);
  } catch (error) {
    throw storageError(error, what);
  }
  quiet(tx.done);
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request, or already finished.
    }
    await tx.done.catch(() => undefined);
    throw storageError(rootCause(error, tx.error), what);
  }
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
