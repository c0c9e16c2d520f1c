// The library worker's contract: what the page may ask and the events it hears back.
// Everything here is structured-clone safe; bytes and vectors cross as transferred buffers.
import type { EmbeddingModelSpec } from '../embed/Embedder';
import type { BeirFile, BeirProgress, BeirReport } from '../eval/beir';
import type { ErrorCode } from '../errors';
import type { IngestItem } from '../ingest/types';
import type { SearchHit } from '../search/searchHit';
import type { VectorIndexKind } from '../search/vectorIndexKinds';
import type { ChunkRecord, DocumentMeta, SearchMode, SearchSettings } from './types';
import type { ChunkingSettings } from '../ingest/types';

/** What the page hands the worker to ingest: owned by ingest/, named here for the contract. */
export type { IngestItem };

export type IngestStage =
  | 'queued'
  | 'reading'
  | 'chunking'
  | 'embedding'
  | 'indexing'
  | 'done'
  | 'duplicate'
  | 'failed'
  | 'cancelled';

export interface IngestProgress {
  jobId: string;
  index: number;
  name: string;
  stage: IngestStage;
  /** Progress of this file within its current stage, 0..1. */
  fraction: number;
  message?: string;
  errorCode?: ErrorCode;
  docId?: string;
  chunkCount?: number;
}

export interface IngestOutcome {
  name: string;
  stage: 'done' | 'duplicate' | 'failed' | 'cancelled';
  message?: string;
  errorCode?: ErrorCode;
  docId?: string;
}

/** What an edit of a document's text did: the document as it now is, and whether it changed. */
export interface EditOutcome {
  meta: DocumentMeta;
  /** False when the new text normalises to the text already stored (nothing was re-indexed). */
  changed: boolean;
}

export type ModelState = 'none' | 'loading' | 'ready' | 'error';

export interface ModelStatus {
  state: ModelState;
  spec?: EmbeddingModelSpec;
  device?: 'webgpu' | 'wasm';
  /** Download progress while loading: bytes so far and in all (0 when unknown). */
  loadedBytes: number;
  totalBytes: number;
  /** While downloading: network speed, time left, and whether it stalled (see ml/downloadRate). */
  bytesPerSecond?: number;
  secondsLeft?: number;
  stalled?: boolean;
  error?: string;
  host: string;
}

export interface ReindexProgress {
  done: number;
  total: number;
  active: boolean;
  /**
   * A re-embedding a reload or a closed tab cut off, found on open: `done` of `total` documents
   * had been embedded with `modelId`. It waits for resumeReindex() instead of restarting unasked.
   */
  interrupted?: { modelId: string };
}

/** Re-chunking the library with the current chunking settings: one document at a time. */
export interface RechunkProgress {
  done: number;
  total: number;
  /** The document being cut again now. */
  name: string;
}

/** How a re-chunking ended: documents cut again, and those left as they were (with why). */
export interface RechunkOutcome {
  rechunked: number;
  /** Documents still on their old chunks: not reached (cancelled) or unable (a PDF's pages). */
  left: number;
  cancelled: boolean;
  notes: string[];
}

export type LibraryEvent =
  | { type: 'ingest'; progress: IngestProgress }
  | { type: 'model'; status: ModelStatus }
  | { type: 'reranker'; status: ModelStatus }
  | { type: 'reindex'; progress: ReindexProgress }
  | { type: 'changed' }
  /** Another tab saved new settings; these are now in force in this tab too. */
  | { type: 'settings'; settings: LibrarySettings };

export interface SearchTimings {
  embedMs: number;
  keywordMs: number;
  vectorMs: number;
  fuseMs: number;
  /** Reading the shown chunks' records from the store (included in totalMs). */
  readMs?: number;
  /** Time spent in the cross-encoder (included in totalMs; 0 when reranking is off). */
  rerankMs: number;
  totalMs: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  timings: SearchTimings;
  /** The mode actually used: vector/hybrid fall back to keyword when no model is ready. */
  mode: SearchSettings['mode'];
  notice?: string;
}

export interface DocumentView {
  meta: DocumentMeta;
  text: string;
  chunks: ChunkRecord[];
}

export interface LibrarySettings {
  chunking: ChunkingSettings;
  search: SearchSettings;
  modelId: string;
  modelHost: string;
  /** A model id outside the catalogue, e.g. a mirror's or the tests' own. */
  customModelId?: string;
  /** The cross-encoder used when search settings ask for reranking. */
  rerankerId: string;
  /** The int8 quantised scan with exact re-scoring (default), the exact flat scan, or Voy. */
  vectorIndex: VectorIndexKind;
}

export interface StorageStats {
  /** Bytes IndexedDB uses for this site (the browser's own figure), or 0 when unknown. */
  indexedDbBytes: number;
  /** UTF-8 bytes of the documents' text plus 4 bytes per stored vector component. */
  rawBytes: number;
  chunks: number;
}

/** Where an index export or import is: documents read or stored, files packed. */
export interface IndexJobProgress {
  stage: 'reading' | 'packing' | 'checking' | 'storing';
  done: number;
  total: number;
}

/** A finished index export: the zip to save and what it holds. */
export interface IndexExport {
  zip: Blob;
  fileName: string;
  documents: number;
  chunks: number;
  model: string;
}

/** What an index import stored: documents already in the library are left out, by name. */
export interface IndexImportOutcome {
  added: number;
  chunks: number;
  duplicates: string[];
  model: string;
}

export interface LibraryApi {
  /**
   * Opens the library (`libraryName` selects a separate database, e.g. for benchmarks). Returns
   * notes on saved settings that were out of range and fell back to their defaults.
   */
  init(
    onEvent: (event: LibraryEvent) => void,
    overrides?: Partial<LibrarySettings>,
    libraryName?: string,
  ): Promise<string[]>;
  getSettings(): Promise<LibrarySettings>;
  updateSettings(patch: Partial<LibrarySettings>): Promise<LibrarySettings>;
  loadModel(): Promise<ModelStatus>;
  /** Stops the embedding model's download (its status becomes an error saying so). */
  cancelModelLoad(): Promise<void>;
  /** Goes on with an interrupted re-embedding (ReindexProgress.interrupted). */
  resumeReindex(): Promise<void>;
  /** Stops the reranker's download; the next search that reranks starts it again. */
  cancelRerankerLoad(): Promise<void>;
  /**
   * Hands part of a large import to the worker ahead of `ingest(jobId, …)`, which takes the staged
   * items first: the page posts thousands of files a slice per task, never all in one long task.
   */
  stageIngest(jobId: string, items: IngestItem[]): Promise<void>;
  ingest(jobId: string, items: IngestItem[]): Promise<IngestOutcome[]>;
  cancel(jobId: string): Promise<void>;
  listDocuments(): Promise<DocumentMeta[]>;
  getDocument(id: string): Promise<DocumentView | undefined>;
  renameDocument(id: string, name: string): Promise<void>;
  /**
   * Replaces a document's text and re-indexes it (current chunking settings and model), keeping
   * its id and name; old text, chunks and vectors are swapped for the new in one transaction.
   * Progress comes as 'ingest' events under `jobId` (index 0, the document's name) and
   * cancel(jobId) stops it before the write. Rejects with a RagtuneError: 'empty' for an empty
   * text, 'duplicate' when the text is another document's, 'cancelled', or model/storage errors;
   * in every such case the document is left exactly as it was.
   */
  updateDocumentText(id: string, text: string, jobId?: string): Promise<EditOutcome>;
  /**
   * Cuts every document chunked with other settings again with the current ones (and embeds it
   * with the current model), one document at a time, each swapped in whole as an edit is.
   * cancel(jobId) stops it between documents or mid-document (that one stays as it was).
   */
  rechunkLibrary(jobId: string, onProgress: (p: RechunkProgress) => void): Promise<RechunkOutcome>;
  deleteDocument(id: string): Promise<void>;
  clearLibrary(): Promise<void>;
  search(query: string, settings?: Partial<SearchSettings>): Promise<SearchResponse>;
  /** Benchmarks only: fills the library with generated documents and vectors (library/synthetic). */
  importSynthetic(options: SyntheticOptions, onProgress: (done: number) => void): Promise<void>;
  /**
   * Exports the library's chunks, vectors and documents as one zip (library/export/format.ts);
   * cancel with cancel(jobId). Rejects when a document has no vectors from the current model.
   */
  exportIndex(jobId: string, onProgress: (p: IndexJobProgress) => void): Promise<IndexExport>;
  /**
   * Adds an export's documents with their chunks and vectors, without embedding anything. The
   * whole file is checked before anything is stored; an export from another embedding model is
   * refused ('model-mismatch'), a malformed one too ('invalid-index'). cancel(jobId) stops it
   * between documents (each stored document is whole).
   */
  importIndex(
    jobId: string,
    file: Blob,
    name: string,
    onProgress: (p: IndexJobProgress) => void,
  ): Promise<IndexImportOutcome>;
  /** How many bytes the library's database takes, against its raw text and float32 vectors. */
  storageStats(): Promise<StorageStats>;
  /** Runs a BEIR benchmark in a separate, throw-away library; cancel with cancel(jobId). */
  evaluateBeir(
    jobId: string,
    files: BeirFile[],
    options: { modes: SearchMode[]; maxQueries?: number },
    onProgress: (progress: BeirProgress) => void,
  ): Promise<BeirReport>;
}

/** What importSynthetic generates (benchmarks only). */
export interface SyntheticOptions {
  chunks: number;
  dim: number;
  model: string;
  chunksPerDoc?: number;
  wordsPerChunk?: number;
  seed?: number;
  /**
   * The first chunk to store (a multiple of chunksPerDoc): earlier ones are generated and
   * skipped, so slices of one run (0, 10000, 20000 …) add up to the library one call would make.
   */
  from?: number;
}
