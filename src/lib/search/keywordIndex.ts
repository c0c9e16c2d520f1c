// BM25 keyword search over chunk text (the only importer of minisearch and stemmer): lowercase,
// English stop words, Porter stems. Serialises to JSON so a reload need not re-tokenise.
import MiniSearch, { type Options } from 'minisearch';
import { stemmer } from 'stemmer';
import { RagtuneError } from '../errors';
import { STOP_WORDS } from './stopWords';

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

/** Bump when tokenising, stop words or stemming change: older snapshots must be rebuilt. */
const FORMAT = 1;
type MiniJSON = Parameters<typeof MiniSearch.loadJS>[0];
const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** Stems by lower-cased word: a corpus repeats a few tens of thousands of words millions of times. */
const keyCache = new Map<string, string | null>();
const KEY_CACHE_LIMIT = 200_000;

/** The index key of a word: lower-cased Porter stem, or null for a stop word or punctuation. */
export function termKey(word: string): string | null {
  const lower = word.toLowerCase();
  let key = keyCache.get(lower);
  if (key === undefined) {
    key = lower.length === 0 || STOP_WORDS.has(lower) ? null : stemmer(lower);
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(lower, key);
  }
  return key;
}

const OPTIONS: Options<KeywordDoc> = {
  idField: 'id',
  fields: ['text'],
  storeFields: [],
  tokenize,
  processTerm: (term) => termKey(term),
  searchOptions: { combineWith: 'OR', prefix: false, fuzzy: false },
};

export class KeywordIndex {
  #mini: MiniSearch<KeywordDoc>;

  constructor(mini: MiniSearch<KeywordDoc> = new MiniSearch(OPTIONS)) {
    this.#mini = mini;
  }

  /** Restores an index saved with toJSON; throws 'storage' if it is unreadable or outdated. */
  static fromJSON(json: string): KeywordIndex {
    const snapshot = parseSnapshot(json);
    try {
      return new KeywordIndex(MiniSearch.loadJS(snapshot, OPTIONS));
    } catch (error) {
      throw outdated(error);
    }
  }

  /**
   * Like fromJSON, but yields to the event loop every 1,000 terms, so a worker can answer other
   * messages while a large index loads. Much slower in total (browsers clamp the timers it waits
   * on: 100k chunks took 23 s against 2.8 s for fromJSON in Chromium); prefer fromJSON.
   */
  static async fromJSONAsync(json: string): Promise<KeywordIndex> {
    const snapshot = parseSnapshot(json);
    try {
      return new KeywordIndex(await MiniSearch.loadJSAsync(snapshot, OPTIONS));
    } catch (error) {
      throw outdated(error);
    }
  }

  get size(): number {
    return this.#mini.documentCount;
  }

  /** Indexes chunks; an id already present is replaced. */
  add(docs: readonly KeywordDoc[]): void {
    const seen = new Set<string>();
    for (const doc of docs) {
      if (this.#mini.has(doc.id) || seen.has(doc.id)) this.#mini.discard(doc.id);
      this.#mini.add({ id: doc.id, text: doc.text });
      seen.add(doc.id);
    }
  }

  /**
   * Forgets chunks by id (unknown ids are ignored). `discard` needs no original text; the stale
   * postings are skipped at search time and vacuumed in the background by MiniSearch.
   */
  remove(ids: readonly string[]): void {
    const present = [...new Set(ids)].filter((id) => this.#mini.has(id));
    if (present.length > 0) this.#mini.discardAll(present);
  }

  clear(): void {
    this.#mini.removeAll();
  }

  search(query: string, k: number): KeywordHit[] {
    if (k <= 0) return [];
    const surfaceByKey = new Map<string, string[]>();
    for (const word of tokenize(query)) {
      const key = termKey(word);
      if (key === null) continue;
      const words = surfaceByKey.get(key) ?? [];
      const lower = word.toLowerCase();
      if (!words.includes(lower)) words.push(lower);
      surfaceByKey.set(key, words);
    }
    if (surfaceByKey.size === 0) return [];
    return this.#mini
      .search(query)
      .slice(0, k)
      .map((result) => ({
        id: String(result.id),
        score: result.score,
        matchedTerms: [...new Set(result.queryTerms.flatMap((key) => surfaceByKey.get(key) ?? []))],
      }));
  }

  toJSON(): string {
    return `{"format":${FORMAT},"index":${JSON.stringify(this.#mini)}}`;
  }
}

function parseSnapshot(json: string): MiniJSON {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw outdated(error);
  }
  if (typeof parsed !== 'object' || parsed === null) throw outdated();
  const record = parsed as Record<string, unknown>;
  if (record.format !== FORMAT || typeof record.index !== 'object' || record.index === null) {
    throw outdated();
  }
  return record.index as MiniJSON;
}

function outdated(cause?: unknown): RagtuneError {
  return new RagtuneError(
    'storage',
    'The saved keyword index is unreadable or from an older version: rebuild it from the chunks.',
    { cause },
  );
}
