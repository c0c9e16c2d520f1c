// BM25 keyword search over chunk (or document) text: analysis from ./analyse, classic BM25 from
// ./bm25. Serialises its postings (as columns for a binary snapshot, or JSON) so a reload need not
// re-tokenise.
import { RagtuneError } from '../errors';
import { analyse, words, termKey } from './analyse';
import { Bm25, type Bm25Columns, type Bm25Data, type Bm25Delta } from './bm25';

export { termKey } from './analyse';

export interface KeywordDoc {
  id: string;
  text: string;
}

export interface KeywordHit {
  id: string;
  score: number;
  /** The query's own words (lower-cased) whose stems matched this chunk, for highlighting. */
  matchedTerms: string[];
}

/**
 * Bump when tokenising, stop words, stemming, scoring or the snapshot's layout change: older
 * snapshots are rebuilt. 3: binary snapshots (./keywordBinary) split across records.
 */
export const KEYWORD_FORMAT = 3;

export class KeywordIndex {
  #bm25: Bm25;

  constructor(bm25: Bm25 = new Bm25()) {
    this.#bm25 = bm25;
  }

  /** Restores an index saved with toJSON; throws 'storage' if it is unreadable or outdated. */
  static fromJSON(json: string): KeywordIndex {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw outdated(error);
    }
    return KeywordIndex.fromData(parsed);
  }

  /** Restores from the parsed form of toJSON (checked, since storage may hold anything). */
  static fromData(parsed: unknown): KeywordIndex {
    const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
      string,
      unknown
    >;
    if (record.format !== KEYWORD_FORMAT || !isData(record.index)) throw outdated();
    return new KeywordIndex(Bm25.fromData(record.index));
  }

  /** Restores toColumns' output (already checked by ./keywordBinary). */
  static fromColumns(columns: Bm25Columns): KeywordIndex {
    return new KeywordIndex(Bm25.fromColumns(columns));
  }

  get size(): number {
    return this.#bm25.size;
  }

  /** A document's length in analysed terms (undefined for an unknown id). */
  lengthOf(id: string): number | undefined {
    return this.#bm25.lengthOf(id);
  }

  /** The mean document length in analysed terms (0 when empty). */
  get meanLength(): number {
    return this.#bm25.meanLength;
  }

  /** Documents added since the last snapshot or delta (what the next delta would carry). */
  get pending(): number {
    return this.#bm25.pending;
  }

  /** Indexes documents; an id already present is replaced. */
  add(docs: readonly KeywordDoc[]): void {
    for (const doc of docs) {
      this.#bm25.add(
        doc.id,
        analyse(doc.text).map((t) => t.key),
      );
    }
  }

  /** Forgets documents by id (unknown ids are ignored). */
  remove(ids: readonly string[]): void {
    for (const id of ids) this.#bm25.remove(id);
  }

  clear(): void {
    this.#bm25.clear();
  }

  /** The k best matches of any query term (a non-finite k returns every match). */
  search(query: string, k: number): KeywordHit[] {
    return this.#search(query, k, true);
  }

  /**
   * search's hits without their matchedTerms (empty lists): for a caller that shows only a few
   * of them and asks matchedTerms for those.
   */
  rank(query: string, k: number): KeywordHit[] {
    return this.#search(query, k, false);
  }

  #search(query: string, k: number, withTerms: boolean): KeywordHit[] {
    if (k <= 0) return [];
    const surfaceByKey = surfaceWords(query);
    if (surfaceByKey.size === 0) return [];
    return this.#bm25.score(surfaceByKey.keys(), k).map(({ id, score }) => ({
      id,
      score,
      matchedTerms: withTerms ? this.#matched(surfaceByKey, id) : [],
    }));
  }

  /** The matchedTerms search gives each of these ids for this query ([] for an unknown id). */
  matchedTerms(query: string, ids: readonly string[]): string[][] {
    const surfaceByKey = surfaceWords(query);
    return ids.map((id) => this.#matched(surfaceByKey, id));
  }

  #matched(surfaceByKey: Map<string, string[]>, id: string): string[] {
    return [
      ...new Set(
        [...surfaceByKey].flatMap(([key, list]) => (this.#bm25.contains(id, key) ? list : [])),
      ),
    ];
  }

  /**
   * BM25 of the given documents for the query (0 when one does not match), in their order, and
   * the best score of any document (see Bm25.scoresOf).
   */
  scoresOf(query: string, ids: readonly string[]): { scores: number[]; max: number } {
    return this.#bm25.scoresOf(
      analyse(query).map((t) => t.key),
      ids,
    );
  }

  /** BM25 of every document matching the query, by id (no highlighting terms: cheap). */
  scores(query: string): Map<string, number> {
    const keys = analyse(query).map((t) => t.key);
    return new Map(this.#bm25.score(keys).map(({ id, score }) => [id, score]));
  }

  /** What changed since the last toData/takeDelta/applyDelta, as `{format, removes, adds}`. */
  takeDelta(): { format: number } & Bm25Delta {
    return { format: KEYWORD_FORMAT, ...this.#bm25.takeDelta() };
  }

  /** Replays takeDelta's output (checked: storage may hold anything). */
  applyDelta(parsed: unknown): void {
    const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
      string,
      unknown
    >;
    const removes = record.removes;
    const ok =
      record.format === KEYWORD_FORMAT &&
      Array.isArray(removes) &&
      removes.every((id) => typeof id === 'string') &&
      isData(record.adds);
    if (!ok) throw outdated();
    this.#bm25.applyDelta({ removes: removes as string[], adds: record.adds as Bm25Data });
  }

  /** The index as plain data: `{format, index}`. */
  toData(): { format: number; index: Bm25Data } {
    return { format: KEYWORD_FORMAT, index: this.#bm25.toData() };
  }

  /** The index as typed-array columns (compacted), for a binary snapshot. */
  toColumns(): Bm25Columns {
    return this.#bm25.toColumns();
  }

  toJSON(): string {
    return JSON.stringify(this.toData());
  }
}

/** The query's index keys, each with the surface words (lower-cased) that analyse to it. */
function surfaceWords(query: string): Map<string, string[]> {
  const surfaceByKey = new Map<string, string[]>();
  const note = (key: string, word: string) => {
    const list = surfaceByKey.get(key) ?? [];
    if (!list.includes(word)) list.push(word);
    surfaceByKey.set(key, list);
  };
  for (const term of analyse(query)) note(term.key, term.word);
  // Highlighting marks single words, so a compound also marks its parts' surface words.
  for (const word of words(query)) {
    const key = termKey(word);
    if (key !== null) note(key, word.toLowerCase());
  }
  return surfaceByKey;
}

function isData(value: unknown): value is Bm25Data {
  const data = value as Partial<Bm25Data> | undefined;
  return (
    typeof data === 'object' &&
    data !== null &&
    Array.isArray(data.ids) &&
    Array.isArray(data.lengths) &&
    Array.isArray(data.terms) &&
    Array.isArray(data.postings) &&
    data.ids.length === data.lengths.length &&
    data.terms.length === data.postings.length
  );
}

export function outdated(cause?: unknown): RagtuneError {
  return new RagtuneError(
    'storage',
    'The saved keyword index is unreadable or from an older version: rebuild it from the chunks.',
    { cause },
  );
}
