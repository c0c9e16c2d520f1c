// What ingest produces and takes: a parsed document, its page spans, the chunks the chunker cuts,
// and the chunking settings. Owned here; the library stores them (library/types re-exports them).
import type { DocFormat } from './formats';

export type { DocFormat };

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

/** One chunk as the chunker cuts it: a slice of the normalised text plus where it sits. */
export interface ChunkSpan {
  ordinal: number;
  text: string;
  /** Character offsets of the chunk in the document's normalised text: text === doc.slice(start, end). */
  start: number;
  end: number;
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
