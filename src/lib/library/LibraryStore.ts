// Persistence of the library in IndexedDB: documents, text, chunks, vectors, keyword snapshot and
// settings. Opened through store/database (the one openDB); every transaction goes through run().
// Over 300 lines: every IndexedDB read and write of the library, each one short.
import { openRagtuneDatabase, type RagtuneDatabase } from '../store/database';
import type { ChunkRecord, DocumentMeta, VectorBlock } from './types';
import type { ChunkingSettings, PageSpan } from '../ingest/types';
import {
  INDEXES,
  KEYWORD_SNAPSHOT_KEY,
  STORES,
  type IndexableChunk,
  type KeywordSnapshot,
  type StoreName,
} from '../store/schema';
export type { IndexableChunk, KeywordSnapshot } from '../store/schema';
import { quiet, runTransaction, type Tx } from '../store/transaction';
import {
  KEYWORD_PART_BYTES,
  keywordRecords,
  keywordSegments,
  type KeywordSegment,
} from '../store/keywordRecords';
export type { KeywordSegment } from '../store/keywordRecords';
import {
  checkDocument,
  checkVectorBlock,
  compactBlock,
  CONTENT,
  deleteContent,
  notFound,
  utf8Length,
  writeContent,
} from './documentRecords';

const { documents, texts, chunks, vectors, keywordIndex, settings } = STORES;

export async function openLibraryStore(name?: string): Promise<LibraryStore> {
  return new LibraryStore(await openRagtuneDatabase(name));
}

/** One document as stored: its record, chunks and (when embedded) vectors. */
export interface StoredDocument {
  meta: DocumentMeta;
  chunks: ChunkRecord[];
  block: VectorBlock | undefined;
}

export class LibraryStore {
  readonly #db: RagtuneDatabase;

  constructor(db: RagtuneDatabase) {
    this.#db = db;
  }

  /** The database's name: tabs on the same one keep in step (see sync/tabSync). */
  get name(): string {
    return this.#db.name;
  }

  /** Stores a new document with its text, chunks and (optional) vectors: all or nothing. */
  async addDocument(
    meta: DocumentMeta,
    text: string,
    chunkRecords: ChunkRecord[],
    vectorBlock?: VectorBlock,
    pages?: readonly PageSpan[],
  ): Promise<void> {
    checkDocument(meta, chunkRecords, vectorBlock);
    await this.run(CONTENT, 'readwrite', `save “${meta.name}”`, (tx) => {
      quiet(tx.objectStore(documents).add(meta)); // add, not put: an existing id fails the whole write
      writeContent(tx, meta, text, chunkRecords, vectorBlock, pages);
    });
  }

  /** Replaces a document's content under the same id (its old chunks and vectors go). */
  async updateDocument(
    meta: DocumentMeta,
    text: string,
    chunkRecords: ChunkRecord[],
    vectorBlock?: VectorBlock,
    pages?: readonly PageSpan[],
  ): Promise<void> {
    checkDocument(meta, chunkRecords, vectorBlock);
    await this.run(CONTENT, 'readwrite', `update “${meta.name}”`, async (tx) => {
      if (!(await tx.objectStore(documents).getKey(meta.id))) throw notFound(meta.id);
      await deleteContent(tx, meta.id);
      quiet(tx.objectStore(documents).put(meta));
      writeContent(tx, meta, text, chunkRecords, vectorBlock, pages);
    });
  }

  /** Deletes a document with its text, chunks and vectors. Unknown ids are ignored. */
  async deleteDocument(id: string): Promise<void> {
    await this.run(CONTENT, 'readwrite', 'delete the document', async (tx) => {
      await deleteContent(tx, id);
      quiet(tx.objectStore(documents).delete(id));
    });
  }

  async renameDocument(id: string, name: string): Promise<DocumentMeta> {
    return this.run([documents], 'readwrite', 'rename the document', async (tx) => {
      const meta = await tx.objectStore(documents).get(id);
      if (!meta) throw notFound(id);
      const renamed = { ...meta, name, updatedAt: Date.now() };
      quiet(tx.objectStore(documents).put(renamed));
      return renamed;
    });
  }

  findByHash(contentHash: string): Promise<DocumentMeta | undefined> {
    return this.run([documents], 'readonly', 'look up the document', (tx) =>
      tx.objectStore(documents).index(INDEXES.documentsByHash).get(contentHash),
    );
  }

  getDocument(id: string): Promise<DocumentMeta | undefined> {
    return this.run([documents], 'readonly', 'read the document', (tx) =>
      tx.objectStore(documents).get(id),
    );
  }

  /** All documents, oldest first. */
  async listDocuments(): Promise<DocumentMeta[]> {
    const all = await this.run([documents], 'readonly', 'list the documents', (tx) =>
      tx.objectStore(documents).getAll(),
    );
    return all.sort((a, b) => a.addedAt - b.addedAt);
  }

  async getText(docId: string): Promise<string | undefined> {
    return (await this.getTextRecord(docId))?.text;
  }

  /** A document's text with its PDF page spans, when they were kept. */
  async getTextRecord(docId: string): Promise<{ text: string; pages?: PageSpan[] } | undefined> {
    return this.run([texts], 'readonly', 'read the text', (tx) => tx.objectStore(texts).get(docId));
  }

  /**
   * Records `chunking` on the documents that do not say how they were chunked (stored before it
   * was recorded): the settings in force until now, called just before the settings change.
   */
  async stampChunking(chunking: ChunkingSettings): Promise<DocumentMeta[]> {
    return this.run([documents], 'readwrite', 'record the chunking', async (tx) => {
      const store = tx.objectStore(documents);
      const stamped: DocumentMeta[] = [];
      for (const meta of await store.getAll()) {
        if (meta.chunking) continue;
        const next = { ...meta, chunking: { ...chunking } };
        quiet(store.put(next));
        stamped.push(next);
      }
      return stamped;
    });
  }

  /**
   * Documents as stored now, each with its chunks (reading order) and vectors, read in one
   * transaction so a write from another tab is seen whole or not at all. Unknown ids are left out.
   */
  async readDocuments(ids: readonly string[]): Promise<StoredDocument[]> {
    const read = await this.run([documents, chunks, vectors], 'readonly', 'read documents', (tx) =>
      Promise.all(
        ids.map(async (id): Promise<StoredDocument | undefined> => {
          const [meta, found, block] = await Promise.all([
            tx.objectStore(documents).get(id),
            tx.objectStore(chunks).index(INDEXES.chunksByDoc).getAll(id),
            tx.objectStore(vectors).get(id),
          ]);
          if (!meta) return undefined;
          return { meta, chunks: found.sort((x, y) => x.ordinal - y.ordinal), block };
        }),
      ),
    );
    return read.filter((d) => d !== undefined);
  }

  /** Documents with their chunks, vectors and text, read in one transaction (for an export). */
  async readDocumentsWithText(
    ids: readonly string[],
  ): Promise<(StoredDocument & { text: string })[]> {
    const stores = [documents, chunks, vectors, texts];
    const read = await this.run(stores, 'readonly', 'read documents', (tx) =>
      Promise.all(
        ids.map(async (id) => {
          const [meta, found, block, text] = await Promise.all([
            tx.objectStore(documents).get(id),
            tx.objectStore(chunks).index(INDEXES.chunksByDoc).getAll(id),
            tx.objectStore(vectors).get(id),
            tx.objectStore(texts).get(id),
          ]);
          if (!meta) return undefined;
          const sorted = found.sort((x, y) => x.ordinal - y.ordinal);
          return { meta, chunks: sorted, block, text: text?.text ?? '' };
        }),
      ),
    );
    return read.filter((d) => d !== undefined);
  }

  /** A document's chunks in reading order. */
  async getChunks(docId: string): Promise<ChunkRecord[]> {
    const found = await this.run([chunks], 'readonly', 'read the chunks', (tx) =>
      tx.objectStore(chunks).index(INDEXES.chunksByDoc).getAll(docId),
    );
    return found.sort((a, b) => a.ordinal - b.ordinal);
  }

  /** The chunks with these ids, aligned with `ids`: undefined where an id is unknown. */
  getChunksByIds(ids: readonly string[]): Promise<(ChunkRecord | undefined)[]> {
    return this.run([chunks], 'readonly', 'read the chunks', (tx) => {
      const store = tx.objectStore(chunks);
      return Promise.all(ids.map((id) => store.get(id)));
    });
  }

  async allChunksForIndex(): Promise<IndexableChunk[]> {
    const all = await this.run([chunks], 'readonly', 'read the chunks', (tx) =>
      tx.objectStore(chunks).getAll(),
    );
    return all.map(({ id, text, docId, headingPath, start, end, tableHeaderChars }) => ({
      id,
      text,
      docId,
      headingPath,
      start,
      end,
      ...(tableHeaderChars ? { tableHeaderChars } : {}),
    }));
  }

  chunkCount(): Promise<number> {
    return this.run([chunks], 'readonly', 'count the chunks', (tx) =>
      tx.objectStore(chunks).count(),
    );
  }

  allVectorBlocks(): Promise<VectorBlock[]> {
    return this.run([vectors], 'readonly', 'read the vectors', (tx) =>
      tx.objectStore(vectors).getAll(),
    );
  }

  /** Stores new vectors (e.g. after re-embedding) and marks their documents as embedded by them. */
  async putVectorBlocks(blocks: readonly VectorBlock[]): Promise<void> {
    blocks.forEach(checkVectorBlock);
    await this.run([documents, vectors], 'readwrite', 'save the vectors', async (tx) => {
      const docStore = tx.objectStore(documents);
      const metas = await Promise.all(blocks.map((block) => docStore.get(block.docId)));
      blocks.forEach((block, i) => {
        const meta = metas[i];
        if (!meta) throw notFound(block.docId);
        const embedded = { ...meta, status: 'indexed' as const, embeddingModel: block.model };
        quiet(docStore.put(embedded));
        quiet(tx.objectStore(vectors).put(compactBlock(block)));
      });
    });
  }

  /** Drops every vector (before re-embedding with another model); documents become keyword-only. */
  async deleteAllVectors(): Promise<void> {
    await this.run([documents, vectors], 'readwrite', 'delete the vectors', async (tx) => {
      quiet(tx.objectStore(vectors).clear());
      const docStore = tx.objectStore(documents);
      for (const meta of await docStore.getAll()) {
        const { embeddingModel: _dropped, ...rest } = meta;
        quiet(docStore.put({ ...rest, status: 'keyword-only' }));
      }
    });
  }

  getKeywordSnapshot(): Promise<KeywordSnapshot | undefined> {
    return this.run([keywordIndex], 'readonly', 'read the keyword index', (tx) =>
      tx.objectStore(keywordIndex).get(KEYWORD_SNAPSHOT_KEY),
    );
  }

  /**
   * Every keyword-index segment (the legacy snapshot, then segments) in key order, binary
   * snapshots reassembled from their parts; none if a snapshot's parts are incomplete.
   */
  async getKeywordSegments(): Promise<KeywordSegment[]> {
    const records = await this.run([keywordIndex], 'readonly', 'read the keyword index', (tx) =>
      tx.objectStore(keywordIndex).getAll(),
    );
    return keywordSegments(records);
  }

  /**
   * Saves one keyword-index segment under `key` (keys sort in the order segments apply): JSON,
   * or a binary snapshot split into parts of at most `partBytes`. With `replace`, in the same
   * transaction every other record goes (compaction, a rebuild).
   */
  async putKeywordSegment(
    key: string,
    data: string | ArrayBuffer,
    chunkCount: number,
    replace: boolean,
    partBytes = KEYWORD_PART_BYTES,
  ): Promise<void> {
    const records = keywordRecords(key, data, chunkCount, partBytes);
    await this.run([keywordIndex], 'readwrite', 'save the keyword index', (tx) => {
      const store = tx.objectStore(keywordIndex);
      if (replace) quiet(store.clear());
      for (const record of records) quiet(store.put(record));
    });
  }

  async putKeywordSnapshot(json: string, chunkCount: number): Promise<void> {
    const snapshot = { key: KEYWORD_SNAPSHOT_KEY, json, chunkCount, savedAt: Date.now() };
    await this.run([keywordIndex], 'readwrite', 'save the keyword index', (tx) => {
      quiet(tx.objectStore(keywordIndex).put(snapshot));
    });
  }

  /** The stored value, unchecked: callers own the shape they saved under `key`. */
  async getSetting<T>(key: string): Promise<T | undefined> {
    const value = await this.run([settings], 'readonly', 'read a setting', (tx) =>
      tx.objectStore(settings).get(key),
    );
    return value as T | undefined;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.run([settings], 'readwrite', 'save a setting', (tx) => {
      quiet(tx.objectStore(settings).put(value, key));
    });
  }

  /** Empties the library (documents, chunks, vectors, keyword index); settings are kept. */
  async clear(): Promise<void> {
    await this.run(CONTENT, 'readwrite', 'clear the library', (tx) => {
      for (const store of CONTENT) quiet(tx.objectStore(store).clear());
    });
  }

  /** UTF-8 bytes of all document text plus raw float32 bytes of all vectors. */
  estimateBytes(): Promise<number> {
    return this.run([texts, vectors], 'readonly', 'measure its size', async (tx) => {
      let bytes = 0;
      let textCursor = await tx.objectStore(texts).openCursor();
      for (; textCursor; textCursor = await textCursor.continue()) {
        bytes += utf8Length(textCursor.value.text);
      }
      let vectorCursor = await tx.objectStore(vectors).openCursor();
      for (; vectorCursor; vectorCursor = await vectorCursor.continue()) {
        bytes += vectorCursor.value.vectors.byteLength;
      }
      return bytes;
    });
  }

  close(): void {
    this.#db.close();
  }

  private run<S extends StoreName, M extends IDBTransactionMode, T>(
    stores: readonly S[],
    mode: M,
    what: string,
    work: (tx: Tx<S, M>) => T | Promise<T>,
  ): Promise<T> {
    return runTransaction(this.#db, stores, mode, what, work);
  }
}
