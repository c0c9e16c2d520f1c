// The index export's file format: a zip holding the chunks with their vectors (Parquet and JSONL,
// one row per chunk), the documents' full text (for restoring into ragtune) and a meta file.
import type { DocFormat } from '../../ingest/types';

/** Bumped when a field changes meaning; import refuses versions it does not know. */
export const INDEX_FORMAT_VERSION = 1;

/** The entries of the zip. Do not rename: other tools and older exports name them. */
export const INDEX_FILES = {
  meta: 'VDF_META.json',
  parquet: 'rows.parquet',
  jsonl: 'rows.jsonl',
  documents: 'documents.jsonl',
} as const;

/** One chunk with its vector: a row of rows.parquet and a line of rows.jsonl. */
export interface IndexRow {
  /** The chunk's id: `${doc_id}#${ordinal}`. */
  id: string;
  doc_id: string;
  doc_name: string;
  /** SHA-256 (hex) of the document's normalised text. */
  doc_hash: string;
  ordinal: number;
  text: string;
  /** Enclosing Markdown headings, outermost first. */
  heading_path: string[];
  /** PDF page the chunk starts on, else null. */
  page: number | null;
  /**
   * Character offsets in the document's text: text ends with document.text.slice(start, end).
   * Anything before that is a Markdown table's header (header row, delimiter row, line break)
   * repeated from above `start`, for a chunk that starts inside a table.
   */
  char_start: number;
  char_end: number;
  tokens: number;
  embedding_model: string;
  /** Unit length (cosine equals dot product). */
  vector: Float32Array;
}

/** One document, a line of documents.jsonl: what ragtune needs to restore it exactly. */
export interface IndexDocument {
  id: string;
  name: string;
  format: DocFormat;
  bytes: number;
  chars: number;
  content_hash: string;
  chunk_count: number;
  page_count: number | null;
  added_at: number;
  updated_at: number;
  edited_at: number | null;
  /** The chunk size and overlap (tokens) its chunks were cut with, when recorded. */
  chunk_max_tokens: number | null;
  chunk_overlap_tokens: number | null;
  /** The normalised text the chunks' offsets point into. */
  text: string;
}

/** ragtune's own part of the meta file. */
export interface RagtuneIndexMeta {
  format_version: number;
  embedding_model: string;
  dimension: number;
  /** Every vector has unit length (checked while exporting). */
  normalized: boolean;
  /** With unit vectors cosine and dot product rank alike; ragtune scores cosine. */
  metric: 'cosine' | 'dot';
  documents: number;
  chunks: number;
  /** ISO 8601 time of the export. */
  created: string;
}

/** One index of the Vector Data Format's meta file (vector-io's VDF_META.json). */
export interface VdfIndex {
  namespace: string;
  total_vector_count: number;
  exported_vector_count: number;
  dimensions: number;
  model_name: string;
  vector_columns: string[];
  data_path: string;
  metric: 'Cosine' | 'Dot';
}

/** VDF_META.json: the Vector Data Format's fields, plus ragtune's under `ragtune`. */
export interface IndexMeta {
  version: string;
  file_structure: string[];
  author: string;
  exported_from: 'ragtune';
  exported_at: string;
  id_column: 'id';
  indexes: Record<string, VdfIndex[]>;
  ragtune: RagtuneIndexMeta;
}

/** The meta file for an export of `documents` documents and `chunks` vectors. */
export function indexMeta(info: Omit<RagtuneIndexMeta, 'format_version' | 'metric'>): IndexMeta {
  const ragtune: RagtuneIndexMeta = {
    format_version: INDEX_FORMAT_VERSION,
    ...info,
    metric: 'cosine',
  };
  return {
    version: `ragtune-index-${INDEX_FORMAT_VERSION}`,
    file_structure: Object.values(INDEX_FILES),
    author: 'ragtune',
    exported_from: 'ragtune',
    exported_at: info.created,
    id_column: 'id',
    indexes: {
      ragtune: [
        {
          namespace: '',
          total_vector_count: info.chunks,
          exported_vector_count: info.chunks,
          dimensions: info.dimension,
          model_name: info.embedding_model,
          vector_columns: ['vector'],
          data_path: INDEX_FILES.parquet,
          metric: 'Cosine',
        },
      ],
    },
    ragtune,
  };
}
