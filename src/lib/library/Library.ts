// The library: the one owner of the corpus. Composes the store, the keyword and vector indexes
// and the embedder; restores indexes from storage on open so a reload never re-embeds.
// Over 300 lines: the corpus's one owner keeps every change that must reach the store and both
// indexes together, so none can forget one of them.
import type { Embedder } from '../embed/Embedder';
import { RagtuneError, throwIfAborted } from '../errors';
import type { Reranker } from '../rerank/Reranker';
import { TwoLevelIndex } from '../search/twoLevel';
import { createVectorIndex } from '../search/createVectorIndex';
import { DEFAULT_VECTOR_INDEX, type VectorIndexKind } from '../search/vectorIndexKinds';
import type { VectorIndex } from '../search/VectorIndex';
import { VOY_MAX_DIM } from '../search/voyIndex';
import type { LibraryStore } from './LibraryStore';
import { diffDocuments, type DocumentsDiff } from './documentsDiff';
import { libraryFingerprint } from './fingerprint';
import {
  embedChunks,
  type PrepareContext,
  type PreparedDocument,
  prepareDocument,
  prepareEdit,
  prepareRechunk,
} from './ingestDocument';
import type { EditOutcome, IngestItem, IngestOutcome, SearchResponse } from './protocol';
import { searchLibrary } from './search';
import { sameChunking } from './chunkingSettings';
import type { DocumentMeta, SearchSettings, VectorBlock } from './types';
import type { ChunkingSettings } from '../ingest/types';

const FINGERPRINT_KEY = 'keywordFingerprint';
/** Keyword segments kept before they are compacted into one snapshot. */
const MAX_SEGMENTS = 32;
/**
 * Chunks added since the last save above which the save is a full (binary) snapshot rather than a
 * JSON segment: 100k chunks in one segment were 133 MB, over Chromium's limit for one value; 20k
 * are ~27 MB, and an import that large takes far longer than the snapshot (~0.3 s at 100k). Also
 * past a quarter of the index (and 2,000 chunks): a binary snapshot restores faster than JSON.
 */
const MAX_SEGMENT_CHUNKS = 20_000;
const segmentLimit = (size: number, max: number) => Math.min(max, Math.max(2_000, size / 4));
const segmentKey = (seq: number) => `seg:${String(seq).padStart(12, '0')}`;

/** A document's chunk ids are its id and the chunk's ordinal. */
const chunkIds = (docId: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${docId}#${i}`);

export class Library {
  #store: LibraryStore;
  #keyword: TwoLevelIndex;
  #vectors: VectorIndex | null = null;
  #embedder: Embedder | null = null;
  #docs = new Map<string, DocumentMeta>();
  #keywordDirty = false;
  /** Keyword segments stored (0: none, the next flush writes a full snapshot). */
  #segments = 0;
  #nextSegment = 0;
  #keywordPartBytes: number | undefined;
  #segmentChunks = MAX_SEGMENT_CHUNKS;
  #indexKind: VectorIndexKind = DEFAULT_VECTOR_INDEX;
  /** Vector blocks read while the model loads, so a reload waits for the slower of the two. */
  #preloaded: Promise<VectorBlock[]> | undefined;

  private constructor(store: LibraryStore, keyword: TwoLevelIndex, docs: DocumentMeta[]) {
    this.#store = store;
    this.#keyword = keyword;
    for (const d of docs) this.#docs.set(d.id, d);
  }

  /** Opens the library: keyword index from its snapshot (or rebuilt when stale). The stored
   * vectors start loading at once, in parallel, for the model that will most likely be set. */
  static async open(
    store: LibraryStore,
    options: {
      preloadVectors?: boolean;
      indexKind?: VectorIndexKind;
      /** Largest record of a keyword snapshot (tests make it small to split snapshots). */
      keywordPartBytes?: number;
      /** Chunks added above which a save is a full snapshot (default MAX_SEGMENT_CHUNKS). */
      keywordSegmentChunks?: number;
    } = {},
  ): Promise<Library> {
    const preloaded = options.preloadVectors ? store.allVectorBlocks() : undefined;
    preloaded?.catch(() => undefined);
    const docs = await store.listDocuments();
    const fingerprint = libraryFingerprint(docs);
    const segments = await store.getKeywordSegments();
    const saved = await store.getSetting<string>(FINGERPRINT_KEY);
    let keyword: TwoLevelIndex | undefined;
    if (segments.length > 0 && saved === fingerprint) {
      try {
        keyword = TwoLevelIndex.fromSegments(segments.map((s) => s.data));
      } catch {
        // An unreadable snapshot, or one from an older version (MiniSearch's JSON before classic
        // BM25), is rebuilt from the stored chunks and saved in the current format.
        keyword = undefined;
      }
    }
    const rebuilt = !keyword;
    if (!keyword) {
      keyword = new TwoLevelIndex();
      keyword.add(await store.allChunksForIndex());
    }
    const library = new Library(store, keyword, docs);
    library.#preloaded = preloaded;
    library.#indexKind = options.indexKind ?? DEFAULT_VECTOR_INDEX;
    library.#keywordPartBytes = options.keywordPartBytes;
    library.#segmentChunks = options.keywordSegmentChunks ?? MAX_SEGMENT_CHUNKS;
    if (!rebuilt) {
      library.#segments = segments.length;
      const last = segments.at(-1)?.key ?? '';
      library.#nextSegment = last.startsWith('seg:') ? Number(last.slice(4)) + 1 : 0;
    }
    if (rebuilt) await library.flush(true);
    return library;
  }

  get documents(): DocumentMeta[] {
    return [...this.#docs.values()].sort((a, b) => b.addedAt - a.addedAt);
  }

  /** The documents by id, as this tab knows them (copy it to keep a snapshot). */
  get documentMap(): ReadonlyMap<string, DocumentMeta> {
    return this.#docs;
  }

  get embedder(): Embedder | null {
    return this.#embedder;
  }

  get vectorCount(): number {
    return this.#vectors?.size ?? 0;
  }

  /** Chunks in the keyword index (equals the library's chunk count when it is consistent). */
  get keywordCount(): number {
    return this.#keyword.size;
  }

  /** Installs an embedder and loads the stored vectors made by that model. */
  async setEmbedder(embedder: Embedder | null): Promise<void> {
    this.#embedder = embedder;
    this.#vectors = null;
    if (!embedder) return;
    const preloaded = this.#preloaded;
    this.#preloaded = undefined;
    const all = (await preloaded?.catch(() => undefined)) ?? (await this.#store.allVectorBlocks());
    // Blocks of documents deleted since the preload started are left out.
    const blocks = all.filter((b) => b.model === embedder.spec.id && this.#docs.has(b.docId));
    const dim = blocks[0]?.dim ?? embedder.spec.dim;
    const index = await this.#createIndex(dim);
    for (const b of blocks) {
      const ids = Array.from({ length: b.vectors.length / b.dim }, (_, i) => `${b.docId}#${i}`);
      index.add(ids, b.vectors);
    }
    this.#vectors = index;
  }

  get indexKind(): VectorIndexKind {
    return this.#indexKind;
  }

  /** Switches the vector index implementation and rebuilds it from the stored vectors. */
  async setIndexKind(kind: VectorIndexKind): Promise<void> {
    if (kind === this.#indexKind) return;
    this.#indexKind = kind;
    await this.setEmbedder(this.#embedder);
  }

  /** Documents whose vectors are missing or come from another model than the current one. */
  get staleDocuments(): DocumentMeta[] {
    const model = this.#embedder?.spec.id;
    return model ? this.documents.filter((d) => d.embeddingModel !== model) : [];
  }

  /** Embeds one stale document with the current model and replaces its vectors. */
  async reembed(docId: string, signal?: AbortSignal, onFraction: (f: number) => void = () => {}) {
    const embedder = this.#embedder;
    const meta = this.#docs.get(docId);
    if (!embedder || !meta) return;
    const chunks = await this.#store.getChunks(docId);
    const block = await embedChunks(embedder, docId, chunks, signal, onFraction);
    // Only the vectors change: the keyword index and its snapshot stay valid.
    await this.#store.putVectorBlocks([block]);
    this.#docs.set(docId, { ...meta, status: 'indexed', embeddingModel: embedder.spec.id });
    await this.#addVectors(block.docId, block.vectors, block.dim);
  }

  async ingest(
    item: IngestItem,
    chunking: ChunkingSettings,
    report: PrepareContext['report'],
    signal?: AbortSignal,
  ): Promise<IngestOutcome> {
    const result = await prepareDocument(item, {
      embedder: this.#embedder,
      chunking,
      signal,
      report,
      findByHash: (hash) => this.#store.findByHash(hash),
    });
    if (result.kind === 'duplicate') {
      return {
        name: item.name,
        stage: 'duplicate',
        docId: result.existing.id,
        message: `Already in the library as “${result.existing.name}”: not stored twice.`,
      };
    }
    report('indexing', 0);
    await this.addPrepared(result.doc);
    report('done', 1);
    return { name: item.name, stage: 'done', docId: result.doc.meta.id };
  }

  /**
   * Replaces a document's text (same id, name and format; marked edited): normalised, chunked
   * with `chunking`, embedded with the current model (keyword-only without one). Text, chunks,
   * vectors and the meta are swapped in one transaction that also drops the keyword snapshot, so
   * a failure, a cancel or a closed tab before it commits leaves the old version whole; only then
   * do the in-memory indexes change. Empty text and another document's exact text are refused.
   */
  async updateText(
    id: string,
    text: string,
    chunking: ChunkingSettings,
    report: PrepareContext['report'],
    signal?: AbortSignal,
  ): Promise<EditOutcome> {
    const meta = this.#docs.get(id);
    if (!meta) {
      throw new RagtuneError(
        'storage',
        'This document is no longer in the library (it may have been deleted in another tab), ' +
          'so the edit was not saved. Reload the page.',
      );
    }
    const result = await prepareEdit(meta, text, {
      embedder: this.#embedder,
      chunking,
      signal,
      report,
      findByHash: (hash) => this.#store.findByHash(hash),
    });
    if (result.kind === 'unchanged') {
      report('done', 1);
      return { meta, changed: false };
    }
    throwIfAborted(signal);
    await this.#replace(meta, result.doc, report);
    return { meta: result.doc.meta, changed: true };
  }

  /** Documents whose chunks were cut with other settings than `chunking`. */
  chunkedOtherwise(chunking: ChunkingSettings): DocumentMeta[] {
    return this.documents.filter((d) => d.chunking && !sameChunking(d.chunking, chunking));
  }

  /** Records the settings until now on documents that do not say how they were chunked. */
  async stampChunking(chunking: ChunkingSettings): Promise<void> {
    for (const meta of await this.#store.stampChunking(chunking)) this.#docs.set(meta.id, meta);
  }

  /**
   * Cuts a document's stored text again with `chunking` (embedding with the current model) and
   * swaps it in whole, like an edit. A PDF whose page positions were not kept (stored before they
   * were) is left as it is, with the reason, rather than lose its page numbers.
   */
  async rechunk(
    id: string,
    chunking: ChunkingSettings,
    report: PrepareContext['report'],
    signal?: AbortSignal,
  ): Promise<{ meta: DocumentMeta; skipped?: string }> {
    const meta = this.#docs.get(id);
    const stored = meta ? await this.#store.getTextRecord(id) : undefined;
    if (!meta || !stored) {
      throw new RagtuneError('storage', 'This document is no longer in the library.');
    }
    if (meta.pageCount && !meta.editedAt && !stored.pages) {
      return {
        meta,
        skipped:
          `“${meta.name}” kept its chunks: it was added before ragtune kept where its pages ` +
          'begin, so cutting it again would lose its page numbers. Add the file again to ' +
          'chunk it with the new settings.',
      };
    }
    const doc = await prepareRechunk(meta, stored, {
      embedder: this.#embedder,
      chunking,
      signal,
      report,
      findByHash: (hash) => this.#store.findByHash(hash),
    });
    throwIfAborted(signal);
    await this.#replace(meta, doc, report);
    return { meta: doc.meta };
  }

  /** Swaps a document's stored content for `doc` in one transaction, then its index entries. */
  async #replace(
    old: DocumentMeta,
    doc: PreparedDocument,
    report: PrepareContext['report'],
  ): Promise<void> {
    const { id } = old;
    report('indexing', 0);
    await this.#store.updateDocument(doc.meta, doc.text, doc.chunks, doc.vectors, doc.pages);
    const oldIds = chunkIds(id, old.chunkCount);
    this.#docs.set(id, doc.meta);
    this.#keyword.removeDocument(id, oldIds);
    this.#keyword.add(doc.chunks);
    this.#keywordDirty = true;
    this.#vectors?.remove(oldIds);
    if (doc.vectors && doc.vectors.model === this.#embedder?.spec.id) {
      await this.#addVectors(id, doc.vectors.vectors, doc.vectors.dim);
    }
    await this.flush();
    report('done', 1);
  }

  /** Stores a prepared document in one transaction, then adds it to the in-memory indexes. */
  async addPrepared({ meta, text, chunks, vectors, pages }: PreparedDocument): Promise<void> {
    await this.#store.addDocument(meta, text, chunks, vectors, pages);
    this.#docs.set(meta.id, meta);
    this.#keyword.add(chunks);
    this.#keywordDirty = true;
    if (vectors && vectors.model === this.#embedder?.spec.id) {
      await this.#addVectors(meta.id, vectors.vectors, vectors.dim);
    }
  }

  async #addVectors(docId: string, vectors: Float32Array, dim: number): Promise<void> {
    if (!this.#vectors) this.#vectors = await this.#createIndex(dim);
    const n = vectors.length / dim;
    const ids = Array.from({ length: n }, (_, i) => `${docId}#${i}`);
    this.#vectors.remove(ids);
    this.#vectors.add(ids, vectors);
  }

  /** Voy cannot hold more than 768 dimensions: larger models use the exact scan, never truncation. */
  #createIndex(dim: number): Promise<VectorIndex> {
    return createVectorIndex(
      dim,
      this.#indexKind === 'voy' && dim > VOY_MAX_DIM ? 'flat' : this.#indexKind,
    );
  }

  /**
   * Saves the keyword index's changes when it changed (once per job, not per document): one
   * JSON segment with what was added and deleted since the last save, so a document costs
   * kilobytes. With no segment yet, more than MAX_SEGMENTS, or more than MAX_SEGMENT_CHUNKS
   * added, one full binary snapshot (split into records the browser accepts) replaces them all.
   */
  async flush(force = false): Promise<void> {
    if (!force && !this.#keywordDirty) return;
    const full =
      this.#segments === 0 ||
      this.#segments >= MAX_SEGMENTS ||
      this.#keyword.pendingChunks > segmentLimit(this.#keyword.size, this.#segmentChunks);
    const key = segmentKey(this.#nextSegment++);
    const data = full ? this.#keyword.toBinary() : this.#keyword.takeSegment();
    await this.#store.putKeywordSegment(
      key,
      data,
      this.#keyword.size,
      full,
      this.#keywordPartBytes,
    );
    this.#segments = full ? 1 : this.#segments + 1;
    await this.#store.setSetting(FINGERPRINT_KEY, libraryFingerprint(this.documents));
    this.#keywordDirty = false;
  }

  search(
    query: string,
    settings: SearchSettings,
    reranker?: () => Promise<Reranker>,
  ): Promise<SearchResponse> {
    return searchLibrary(
      {
        keyword: this.#keyword,
        vectors: this.#vectors,
        embedder: this.#embedder,
        reranker,
        docName: (id) => this.#docs.get(id)?.name ?? 'Deleted document',
        getChunks: (ids) => this.#store.getChunksByIds(ids),
      },
      query,
      settings,
    );
  }

  getDocument(id: string) {
    return this.#docs.get(id);
  }

  async rename(id: string, name: string): Promise<void> {
    const meta = this.#docs.get(id);
    if (!meta) return;
    await this.#store.renameDocument(id, name);
    this.#docs.set(id, { ...meta, name });
  }

  async delete(id: string): Promise<void> {
    if (!this.#docs.has(id)) return;
    await this.#store.deleteDocument(id);
    this.#forget(id);
    await this.flush(true);
  }

  /** Drops a document from memory: its meta and its chunks in both indexes. */
  #forget(id: string): void {
    const meta = this.#docs.get(id);
    if (!meta) return;
    const ids = chunkIds(id, meta.chunkCount);
    this.#docs.delete(id);
    this.#keyword.removeDocument(id, ids);
    this.#vectors?.remove(ids);
  }

  /**
   * Catches up with what another tab stored: documents, chunks and vectors that differ from this
   * tab's are re-read (one transaction each batch) and swapped into the indexes; nothing is
   * written, since the tab that wrote also saved its keyword snapshot.
   */
  async reconcile(): Promise<DocumentsDiff> {
    const diff = diffDocuments(this.#docs, await this.#store.listDocuments());
    if (diff.deleted.length + diff.added.length + diff.contentChanged.length > 0) {
      // The stored segments now hold another tab's changes too: this tab's next save writes a
      // whole snapshot (replacing them all) rather than a delta whose key could sort before theirs.
      this.#segments = 0;
    }
    for (const id of diff.deleted) this.#forget(id);
    for (const meta of diff.metaChanged) this.#docs.set(meta.id, meta);
    const reload = [...diff.added, ...diff.contentChanged].map((d) => d.id);
    if (reload.length === 0) return diff;
    // Vectors read at open predate these documents: let setEmbedder read them afresh.
    this.#preloaded = undefined;
    const stored = await this.#store.readDocuments(reload);
    for (const id of reload) this.#forget(id);
    for (const { meta, chunks, block } of stored) {
      this.#docs.set(meta.id, meta);
      this.#keyword.add(chunks);
      if (block && block.model === this.#embedder?.spec.id) {
        await this.#addVectors(meta.id, block.vectors, block.dim);
      }
    }
    return diff;
  }

  async clear(): Promise<void> {
    await this.#store.clear();
    this.#docs.clear();
    this.#keyword = new TwoLevelIndex();
    this.#segments = 0;
    this.#vectors?.clear();
    await this.flush(true);
  }
}
