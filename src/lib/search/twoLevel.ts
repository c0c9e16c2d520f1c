// Two-level keyword search: chunks indexed with their heading path, whole documents indexed too,
// and a chunk ranked by its own BM25 fused with its document's (weighted sum of max-normalised
// scores; a short document's weighs more, see docWeightFor).
import { decodeSnapshot, encodeSnapshot } from './keywordBinary';
import { KEYWORD_FORMAT, KeywordIndex, outdated, type KeywordHit } from './keywordIndex';

/** A chunk as the keyword index needs it. */
export interface IndexChunk {
  id: string;
  docId: string;
  text: string;
  headingPath: readonly string[];
  /** Offsets in the document's text, to rebuild it from its (overlapping) chunks. */
  start: number;
  end: number;
  /** Characters of a repeated table header before the text at `start` (not in the document). */
  tableHeaderChars?: number;
}

/** Weight of the document's score in a chunk's keyword score (0: chunks alone). */
export const DOC_WEIGHT = 0.5;

/** A document about this many chunks long or shorter has its whole text weigh the most. */
export const SHORT_DOC_CHUNKS = 3;
/** How much more a short document's score weighs: docWeight 0.5 becomes 0.9 (BENCHMARKS.md). */
export const SHORT_DOC_BOOST = 0.8;

/**
 * The document's share of a chunk's score for a document `chunksLong` chunks long: `docWeight`
 * for a long document, rising to `docWeight` × (1 + SHORT_DOC_BOOST) (at most 1) for one of
 * SHORT_DOC_CHUNKS chunks or fewer. A short document is one passage cut in pieces, and its whole
 * text is better evidence than any piece (on the manuals' sections, where each section is a
 * document of 1–3 chunks, 0.5 ranked significantly below a BM25 over whole sections); a long
 * document's score says less about any one of its chunks. 0 stays 0: chunks alone.
 */
export function docWeightFor(docWeight: number, chunksLong: number): number {
  if (docWeight <= 0) return 0;
  const shortness = Math.min(1, SHORT_DOC_CHUNKS / Math.max(1, chunksLong));
  return Math.min(1, docWeight * (1 + SHORT_DOC_BOOST * shortness));
}

/**
 * The text a chunk is indexed by: its heading path (title › section › subsection), then its
 * text. Headings the chunk already shows (the first chunk of a section) are not repeated, so
 * their words do not count twice. The shown text stays the chunk's own.
 */
export function indexText(text: string, headingPath: readonly string[]): string {
  const missing = headingPath.filter((h) => h.trim() !== '' && !text.includes(h));
  return missing.length > 0 ? `${missing.join(' › ')}\n\n${text}` : text;
}

/**
 * A document's text from its chunks: each chunk's part after the previous chunk's end. A
 * repeated table header is skipped, so each header and row counts once, as in the document.
 */
export function documentText(chunks: readonly IndexChunk[]): string {
  const sorted = [...chunks].sort((a, b) => a.start - b.start);
  let end = -1;
  let text = '';
  for (const c of sorted) {
    const own = c.text.slice(c.tableHeaderChars ?? 0);
    const from = Math.max(0, end - c.start);
    if (from < own.length) text += (text ? '\n' : '') + own.slice(from);
    end = Math.max(end, c.end);
  }
  return text;
}

/** The document id of a chunk id (`${docId}#${ordinal}`). */
const docOf = (chunkId: string) => chunkId.slice(0, chunkId.lastIndexOf('#'));

export class TwoLevelIndex {
  readonly chunks: KeywordIndex;
  readonly docs: KeywordIndex;

  constructor(chunks = new KeywordIndex(), docs = new KeywordIndex()) {
    this.chunks = chunks;
    this.docs = docs;
  }

  /** Restores toJSON's output; throws 'storage' when unreadable or from an older format. */
  static fromJSON(json: string): TwoLevelIndex {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw outdated(error);
    }
    const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
      string,
      unknown
    >;
    return new TwoLevelIndex(
      KeywordIndex.fromData(record.chunks),
      KeywordIndex.fromData(record.docs),
    );
  }

  /** Restores toBinary's output; throws 'storage' when unreadable or from an older format. */
  static fromBinary(buffer: ArrayBuffer): TwoLevelIndex {
    let levels;
    try {
      levels = decodeSnapshot(buffer, KEYWORD_FORMAT);
    } catch (error) {
      throw outdated(error);
    }
    const { chunks, docs } = levels;
    if (!chunks || !docs) throw outdated();
    return new TwoLevelIndex(KeywordIndex.fromColumns(chunks), KeywordIndex.fromColumns(docs));
  }

  /**
   * Restores from persisted segments in order: the first is a full snapshot (toBinary's buffer,
   * or toJSON's string), the others takeSegment's changes. Throws 'storage' if any is unreadable
   * or from an older format.
   */
  static fromSegments(segments: readonly (string | ArrayBuffer)[]): TwoLevelIndex {
    const [first, ...rest] = segments;
    if (first === undefined) throw outdated();
    const index =
      typeof first === 'string' ? TwoLevelIndex.fromJSON(first) : TwoLevelIndex.fromBinary(first);
    for (const json of rest) {
      if (typeof json !== 'string') throw outdated();
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch (error) {
        throw outdated(error);
      }
      const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
        string,
        unknown
      >;
      if (record.kind !== 'delta') throw outdated();
      index.chunks.applyDelta(record.chunks);
      index.docs.applyDelta(record.docs);
    }
    return index;
  }

  get size(): number {
    return this.chunks.size;
  }

  /** Chunks added since the last snapshot or segment. */
  get pendingChunks(): number {
    return this.chunks.pending;
  }

  /** The changes since the last snapshot or segment, as JSON (kilobytes for one document). */
  takeSegment(): string {
    return JSON.stringify({
      kind: 'delta',
      chunks: this.chunks.takeDelta(),
      docs: this.docs.takeDelta(),
    });
  }

  /** Indexes chunks; the documents they belong to are (re)indexed whole from them. */
  add(chunks: readonly IndexChunk[]): void {
    const byDoc = new Map<string, IndexChunk[]>();
    for (const c of chunks) {
      const list = byDoc.get(c.docId) ?? [];
      list.push(c);
      byDoc.set(c.docId, list);
    }
    this.chunks.add(chunks.map((c) => ({ id: c.id, text: indexText(c.text, c.headingPath) })));
    this.docs.add([...byDoc].map(([id, list]) => ({ id, text: documentText(list) })));
  }

  /** Forgets a document and its chunks. */
  removeDocument(docId: string, chunkIds: readonly string[]): void {
    this.chunks.remove(chunkIds);
    this.docs.remove([docId]);
  }

  clear(): void {
    this.chunks.clear();
    this.docs.clear();
  }

  /**
   * The best `depth` chunks by their own BM25, re-ranked by (1 − w) × chunk / max chunk +
   * w × document / max document, where w = docWeightFor(docWeight, the document's length in
   * mean chunk lengths); equal scores keep the chunk order. Without `withTerms` the hits'
   * matchedTerms are empty (see matchedTerms).
   */
  search(query: string, depth: number, docWeight = DOC_WEIGHT, withTerms = true): KeywordHit[] {
    const hits = withTerms ? this.chunks.search(query, depth) : this.chunks.rank(query, depth);
    if (docWeight <= 0 || hits.length === 0) return hits;
    // Only the hits' documents' scores and the best document's: not a ranking of every match.
    const docIds = [...new Set(hits.map((h) => docOf(h.id)))];
    const { scores, max: maxDoc } = this.docs.scoresOf(query, docIds);
    const chunkLength = this.chunks.meanLength || 1;
    // Per document: its weight (by its length in chunks) and its max-normalised score.
    const byDoc = new Map(
      docIds.map((id, i) => {
        const w = docWeightFor(docWeight, (this.docs.lengthOf(id) ?? Infinity) / chunkLength);
        return [id, { w, doc: maxDoc > 0 ? (scores[i] as number) / maxDoc : 0 }];
      }),
    );
    const maxChunk = hits[0]?.score ?? 1;
    return hits
      .map((h) => {
        const { w, doc } = byDoc.get(docOf(h.id)) as { w: number; doc: number };
        return { ...h, score: (1 - w) * (h.score / maxChunk) + w * doc };
      })
      .sort((a, b) => b.score - a.score);
  }

  /** The matchedTerms search gives these chunk ids (for the few hits shown, after fusion). */
  matchedTerms(query: string, ids: readonly string[]): string[][] {
    return this.chunks.matchedTerms(query, ids);
  }

  /** A full snapshot as one binary buffer (compacts both levels and marks them persisted). */
  toBinary(): ArrayBuffer {
    return encodeSnapshot(KEYWORD_FORMAT, {
      chunks: this.chunks.toColumns(),
      docs: this.docs.toColumns(),
    });
  }

  toJSON(): string {
    return JSON.stringify({ chunks: this.chunks.toData(), docs: this.docs.toData() });
  }
}
