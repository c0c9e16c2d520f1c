// The records the library keeps and the shapes that cross the library worker's boundary.
// Stored shapes change only with a schema migration (src/lib/store/schema.ts).

import type { ChunkingSettings, ChunkSpan, DocFormat } from '../ingest/types';

export interface DocumentMeta {
  id: string;
  name: string;
  /** The format it was imported from; it stays after an edit (see editedAt). */
  format: DocFormat;
  /** Size of the original file or paste in bytes; after an edit, the UTF-8 size of the text. */
  bytes: number;
  chars: number;
  /** SHA-256 (hex) of the normalised text: the same content added twice is found by it. */
  contentHash: string;
  chunkCount: number;
  pageCount?: number;
  addedAt: number;
  /** Last change of any kind (import, rename, edit). */
  updatedAt: number;
  /**
   * When its text was last edited in ragtune (absent if never). From then on the stored text is
   * the person's: a PDF or DOCX keeps its format label but is its edited extracted text, with no
   * page numbers. Optional, so records stored before it existed need no migration.
   */
  editedAt?: number;
  /** 'keyword-only' when it was stored with no embedding model available. */
  status: 'indexed' | 'keyword-only';
  /** The embedding model its vectors came from, when it has vectors. */
  embeddingModel?: string;
  /**
   * The chunk size and overlap its chunks were cut with. Absent on documents stored before it was
   * recorded until the chunking settings next change (then the settings until then are stamped).
   */
  chunking?: ChunkingSettings;
}

export interface ChunkRecord extends ChunkSpan {
  /** `${docId}#${ordinal}` */
  id: string;
  docId: string;
}

/** All vectors of one document, unit length, row-major by chunk ordinal. */
export interface VectorBlock {
  docId: string;
  model: string;
  dim: number;
  vectors: Float32Array;
}

export type SearchMode = 'keyword' | 'vector' | 'hybrid';
/** How hybrid search fuses its keyword and vector lists. */
export type FusionMethod = 'rrf' | 'convex';

export interface SearchSettings {
  mode: SearchMode;
  topK: number;
  /** Results with a final score below this are dropped (0 keeps all). */
  threshold: number;
  rerank: boolean;
  /** Candidates each retriever hands to fusion (default CANDIDATES, 500). */
  candidates?: number;
  /** Weight of the whole document's BM25 in a chunk's keyword score, 0–1 (default 0.5). */
  docWeight?: number;
  /** Hybrid fusion: reciprocal rank fusion (default) or a convex sum of min-max scores. */
  fusion?: FusionMethod;
  /** Convex fusion's weight of the vector list, 0–1 (keyword gets the rest; default 0.5). */
  fusionWeight?: number;
}
