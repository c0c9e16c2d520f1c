// What ingest produces and takes: an item to ingest, a parsed document, its page spans, the chunks
// the chunker cuts, and the chunking settings. Owned here; the library stores them (library/types
// and library/protocol re-export them).
import type { DocFormat } from './formats';

export type { DocFormat };

/** A file or paste to ingest, as the page hands it to the library worker. */
export interface IngestItem {
  name: string;
  /**
   * The content: a picked or dropped File (a Blob) is read in the worker, so the page never
   * copies it into memory; pastes and samples are already bytes.
   */
  bytes: ArrayBuffer | Blob;
  /** Where it came from: a file (dropped or picked) or a paste. */
  source: 'file' | 'paste';
}

/** A document after parsing: normalised text (headings as Markdown `#` lines) and page spans. */
export interface ParsedDocument {
  format: DocFormat;
  text: string;
  title?: string;
  /** Character ranges of PDF pages in `text`, 1-based page numbers. */
  pages?: PageSpan[];
}

export interface PageSpan {
  page: number;
  start: number;
  end: number;
}

/**
 * One chunk as the chunker cuts it: a slice of the normalised text plus where it sits. A chunk
 * that starts inside a Markdown table also repeats that table's header rows in front of it.
 */
export interface ChunkSpan {
  ordinal: number;
  /** The slice, after the repeated table header when there is one (see tableHeaderChars). */
  text: string;
  /**
   * Character offsets of the chunk in the document's normalised text:
   * text.slice(tableHeaderChars ?? 0) === doc.slice(start, end).
   */
  start: number;
  end: number;
  /**
   * Length of the table header (header row, delimiter row and a line break) repeated at the
   * start of `text`, copied from above `start`; absent when nothing is repeated. Optional, so
   * chunks stored before it existed need no migration.
   */
  tableHeaderChars?: number;
  /** Enclosing Markdown headings, outermost first. */
  headingPath: string[];
  /** PDF page the chunk starts on. */
  page?: number;
  /** Length in tokens of the embedding model's tokenizer (or the fallback estimate). */
  tokens: number;
}

export interface ChunkingSettings {
  maxTokens: number;
  overlapTokens: number;
}
