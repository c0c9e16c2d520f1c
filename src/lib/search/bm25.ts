// Classic BM25 over analysed terms (k1 0.9, b 0.4: Lucene's and Pyserini's BEIR defaults; Lucene's
// non-negative idf; each query term counted once; no BM25+ constant), with postings as flat number
// arrays and a typed-array scan.

/** Measured against k1 1.2, b 0.75 (BENCHMARKS.md, manuals): SQuAD dev 0.8842 vs 0.8837 nDCG@10,
 * the Contoso manuals' sections 0.5432 vs 0.5292 (14 questions better, 4 worse). A weaker length
 * penalty keeps short sections that merely name the product from outranking the one that answers. */
export const K1 = 0.9;
export const B = 0.4;

/** A stored BM25 index: slots, their lengths, and per term the flat (slot, tf) pairs. */
export interface Bm25Data {
  ids: string[];
  lengths: number[];
  terms: string[];
  postings: number[][];
}

/** Lucene's idf: ln(1 + (N − df + 0.5) / (df + 0.5)), never negative. */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** One term's BM25 weight in a document of length `len` (avg: the mean length). */
export function termScore(tf: number, len: number, avg: number, idfValue: number): number {
  return (idfValue * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
}

/** What changed since the last mark: ids removed from before it, documents added after it. */
export interface Bm25Delta {
  removes: string[];
  adds: Bm25Data;
}

export class Bm25 {
  /** Slot → id; a deleted slot holds null until compaction renumbers the slots. */
  #ids: (string | null)[] = [];
  #lengths: number[] = [];
  #slotOf = new Map<string, number>();
  /** Term → [slot, tf, slot, tf, …], slots ascending (slots only grow, compaction keeps order). */
  #postings = new Map<string, number[]>();
  #totalLength = 0;
  #dead = 0;
  /** Slots below the mark are persisted; ids removed from below it since are in #removed. */
  #mark = 0;
  #removed: string[] = [];

  get size(): number {
    return this.#slotOf.size;
  }

  has(id: string): boolean {
    return this.#slotOf.has(id);
  }

  /** Indexes a document given its analysed term keys; an id already present is replaced. */
  add(id: string, keys: readonly string[]): void {
    this.remove(id);
    const slot = this.#ids.length;
    this.#ids.push(id);
    this.#lengths.push(keys.length);
    this.#slotOf.set(id, slot);
    this.#totalLength += keys.length;
    const tf = new Map<string, number>();
    for (const key of keys) tf.set(key, (tf.get(key) ?? 0) + 1);
    for (const [key, count] of tf) {
      let list = this.#postings.get(key);
      if (!list) this.#postings.set(key, (list = []));
      list.push(slot, count);
    }
  }

  /** Forgets a document; its postings are skipped until compaction (when half the slots are dead). */
  remove(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    this.#slotOf.delete(id);
    this.#ids[slot] = null;
    if (slot < this.#mark) this.#removed.push(id);
    this.#totalLength -= this.#lengths[slot] ?? 0;
    this.#dead++;
    if (this.#dead > 1000 && this.#dead > this.size) this.compact();
  }

  clear(): void {
    this.#ids = [];
    this.#lengths = [];
    this.#slotOf.clear();
    this.#postings.clear();
    this.#totalLength = 0;
    this.#dead = 0;
    this.#mark = 0;
    this.#removed = [];
  }

  /** Drops deleted slots and renumbers the rest in their order (rankings do not change). */
  compact(): void {
    if (this.#dead === 0) return;
    const map = new Int32Array(this.#ids.length).fill(-1);
    const ids: string[] = [];
    const lengths: number[] = [];
    this.#ids.forEach((id, slot) => {
      if (id === null) return;
      map[slot] = ids.length;
      this.#slotOf.set(id, ids.length);
      ids.push(id);
      lengths.push(this.#lengths[slot] ?? 0);
    });
    for (const [key, list] of this.#postings) {
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 2) {
        const to = map[list[i] as number] as number;
        if (to >= 0) kept.push(to, list[i + 1] as number);
      }
      if (kept.length > 0) this.#postings.set(key, kept);
      else this.#postings.delete(key);
    }
    let mark = 0;
    for (let slot = 0; slot < this.#mark; slot++) if ((map[slot] as number) >= 0) mark++;
    this.#mark = mark;
    this.#ids = ids;
    this.#lengths = lengths;
    this.#dead = 0;
  }

  /**
   * BM25 of every document matching any of the keys (each distinct key counted once), as
   * (id, score) pairs, best first; equal scores keep insertion order.
   */
  score(keys: Iterable<string>): { id: string; score: number }[] {
    const n = this.size;
    if (n === 0) return [];
    const avg = this.#totalLength / n || 1;
    const scores = new Float64Array(this.#ids.length);
    const touched: number[] = [];
    for (const key of new Set(keys)) {
      const list = this.#postings.get(key);
      if (!list) continue;
      let df = 0;
      for (let i = 0; i < list.length; i += 2) if (this.#ids[list[i] as number] !== null) df++;
      if (df === 0) continue;
      const w = idf(n, df);
      for (let i = 0; i < list.length; i += 2) {
        const slot = list[i] as number;
        if (this.#ids[slot] === null) continue;
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] =
          (scores[slot] as number) +
          termScore(list[i + 1] as number, this.#lengths[slot] as number, avg, w);
      }
    }
    touched.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
    return touched.map((slot) => ({
      id: this.#ids[slot] as string,
      score: scores[slot] as number,
    }));
  }

  /** Whether the document holds the key (binary search in the term's ascending slots). */
  contains(id: string, key: string): boolean {
    const slot = this.#slotOf.get(id);
    const list = this.#postings.get(key);
    if (slot === undefined || !list) return false;
    let lo = 0;
    let hi = list.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = list[mid * 2] as number;
      if (at === slot) return true;
      if (at < slot) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * The changes since the last mark (then marks everything as persisted): ids removed, and the
   * documents added since, with their postings renumbered from 0. Costs O(vocabulary + change).
   */
  takeDelta(): Bm25Delta {
    const from = this.#mark;
    const local = new Int32Array(Math.max(0, this.#ids.length - from)).fill(-1);
    const ids: string[] = [];
    const lengths: number[] = [];
    for (let slot = from; slot < this.#ids.length; slot++) {
      const id = this.#ids[slot];
      if (id === null || id === undefined) continue;
      local[slot - from] = ids.length;
      ids.push(id);
      lengths.push(this.#lengths[slot] ?? 0);
    }
    const terms: string[] = [];
    const postings: number[][] = [];
    if (ids.length > 0) {
      for (const [key, list] of this.#postings) {
        // Slots ascend, so the new documents' postings are a tail of the list.
        let i = list.length - 2;
        while (i >= 0 && (list[i] as number) >= from) i -= 2;
        const part: number[] = [];
        for (let j = i + 2; j < list.length; j += 2) {
          const to = local[(list[j] as number) - from] as number;
          if (to >= 0) part.push(to, list[j + 1] as number);
        }
        if (part.length > 0) {
          terms.push(key);
          postings.push(part);
        }
      }
    }
    const delta = { removes: this.#removed, adds: { ids, lengths, terms, postings } };
    this.#removed = [];
    this.#mark = this.#ids.length;
    return delta;
  }

  /** Replays a delta (removes, then appends the added documents after every slot) and marks. */
  applyDelta(delta: Bm25Delta): void {
    for (const id of delta.removes) this.remove(id);
    const { ids, lengths, terms, postings } = delta.adds;
    for (const id of ids) this.remove(id);
    const offset = this.#ids.length;
    ids.forEach((id, i) => {
      this.#ids.push(id);
      this.#lengths.push(lengths[i] ?? 0);
      this.#slotOf.set(id, offset + i);
      this.#totalLength += lengths[i] ?? 0;
    });
    terms.forEach((key, t) => {
      const part = postings[t] ?? [];
      let list = this.#postings.get(key);
      if (!list) this.#postings.set(key, (list = []));
      for (let j = 0; j < part.length; j += 2)
        list.push((part[j] as number) + offset, part[j + 1] as number);
    });
    this.#removed = [];
    this.#mark = this.#ids.length;
  }

  /** A compacted copy of the index as plain data (for JSON); marks everything as persisted. */
  toData(): Bm25Data {
    this.compact();
    this.#removed = [];
    this.#mark = this.#ids.length;
    return {
      ids: this.#ids as string[],
      lengths: this.#lengths,
      terms: [...this.#postings.keys()],
      postings: [...this.#postings.values()],
    };
  }

  static fromData(data: Bm25Data): Bm25 {
    const index = new Bm25();
    index.#ids = data.ids;
    index.#lengths = data.lengths;
    data.ids.forEach((id, slot) => index.#slotOf.set(id, slot));
    index.#totalLength = data.lengths.reduce((sum, len) => sum + len, 0);
    data.terms.forEach((term, i) => index.#postings.set(term, data.postings[i] ?? []));
    index.#mark = data.ids.length;
    return index;
  }
}
