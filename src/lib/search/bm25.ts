// Classic BM25 over analysed terms (k1 0.9, b 0.4: Lucene's and Pyserini's BEIR defaults; Lucene's
// non-negative idf; each query term counted once; no BM25+ constant), with postings in typed
// arrays (./postingList) and a typed-array scan. Saved as columns (toColumns) or plain data (JSON).
// Over 300 lines: scoring, posting upkeep and the two saved forms share the index's private arrays.
import { PostingList, tfArrayFor, type TfArray } from './postingList';
import { bestIndexes } from './topK';

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

/**
 * The index as columns, for a binary snapshot: term t's postings are `slots` and `tfs` from
 * `starts[t]` to `starts[t + 1]`; slots index `ids` and `lengths`.
 */
export interface Bm25Columns {
  ids: string[];
  lengths: Uint32Array;
  terms: string[];
  starts: Uint32Array;
  slots: Uint32Array;
  tfs: TfArray;
}

/** Lucene's idf: ln(1 + (N − df + 0.5) / (df + 0.5)), never negative. */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** The length part of BM25's denominator for a document of length `len` (avg: the mean length). */
export function lengthNorm(len: number, avg: number): number {
  return K1 * (1 - B + (B * len) / avg);
}

/** One term's BM25 weight given its document's lengthNorm (the same operations as termScore). */
export function normedTermScore(tf: number, norm: number, idfValue: number): number {
  return (idfValue * tf * (K1 + 1)) / (tf + norm);
}

/** One term's BM25 weight in a document of length `len` (avg: the mean length). */
export function termScore(tf: number, len: number, avg: number, idfValue: number): number {
  return normedTermScore(tf, lengthNorm(len, avg), idfValue);
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
  /** Term → its postings, slots ascending (slots only grow, compaction keeps order). */
  #postings = new Map<string, PostingList>();
  #totalLength = 0;
  #dead = 0;
  /** Slots below the mark are persisted; ids removed from below it since are in #removed. */
  #mark = 0;
  #removed: string[] = [];
  /** Per slot, lengthNorm for the mean length `#normsAvg`; null after any change. */
  #norms: Float64Array | null = null;
  #normsAvg = 0;
  /** Per-slot score sums, reused by every query (all zero between queries). */
  #scratch = new Float64Array(0);

  get size(): number {
    return this.#slotOf.size;
  }

  /** Slots added since the last mark (deleted ones included): the size of the next delta. */
  get pending(): number {
    return this.#ids.length - this.#mark;
  }

  has(id: string): boolean {
    return this.#slotOf.has(id);
  }

  /** A document's length in analysed terms (undefined for an unknown id). */
  lengthOf(id: string): number | undefined {
    const slot = this.#slotOf.get(id);
    return slot === undefined ? undefined : this.#lengths[slot];
  }

  /** The mean document length in analysed terms (0 when empty). */
  get meanLength(): number {
    return this.size === 0 ? 0 : this.#totalLength / this.size;
  }

  /** Indexes a document given its analysed term keys; an id already present is replaced. */
  add(id: string, keys: readonly string[]): void {
    this.remove(id);
    this.#norms = null;
    const slot = this.#ids.length;
    this.#ids.push(id);
    this.#lengths.push(keys.length);
    this.#slotOf.set(id, slot);
    this.#totalLength += keys.length;
    const tf = new Map<string, number>();
    for (const key of keys) tf.set(key, (tf.get(key) ?? 0) + 1);
    for (const [key, count] of tf) {
      let list = this.#postings.get(key);
      if (!list) this.#postings.set(key, (list = new PostingList()));
      list.push(slot, count);
    }
  }

  /** Forgets a document; its postings are skipped until compaction (when half the slots are dead). */
  remove(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    this.#norms = null;
    this.#slotOf.delete(id);
    this.#ids[slot] = null;
    if (slot < this.#mark) this.#removed.push(id);
    this.#totalLength -= this.#lengths[slot] ?? 0;
    this.#dead++;
    if (this.#dead > 1000 && this.#dead > this.size) this.compact();
  }

  clear(): void {
    this.#norms = null;
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
    this.#norms = null;
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
      let kept = 0;
      for (let i = 0; i < list.length; i++)
        if ((map[list.slots[i] as number] as number) >= 0) kept++;
      if (kept === list.length) {
        // Nothing dropped: renumber in place (a restored view is copied first).
        if (list.slots.buffer.byteLength !== list.slots.byteLength) list.slots = list.slots.slice();
        for (let i = 0; i < list.length; i++)
          list.slots[i] = map[list.slots[i] as number] as number;
        continue;
      }
      if (kept === 0) {
        this.#postings.delete(key);
        continue;
      }
      const next = new PostingList(new Uint32Array(kept), tfArrayFor(list.maxTf(), kept));
      for (let i = 0; i < list.length; i++) {
        const to = map[list.slots[i] as number] as number;
        if (to >= 0) next.push(to, list.tfs[i] as number);
      }
      this.#postings.set(key, next);
    }
    let mark = 0;
    for (let slot = 0; slot < this.#mark; slot++) if ((map[slot] as number) >= 0) mark++;
    this.#mark = mark;
    this.#ids = ids;
    this.#lengths = lengths;
    this.#dead = 0;
  }

  /**
   * BM25 of the documents matching any of the keys (each distinct key counted once), as
   * (id, score) pairs, best first; equal scores keep insertion order. Only the `limit` best are
   * returned (all by default), selected without sorting every match.
   */
  score(keys: Iterable<string>, limit = Infinity): { id: string; score: number }[] {
    const touched = this.#accumulate(keys);
    const scores = this.#scratch;
    const best = bestIndexes(scores, touched, limit);
    const ids = this.#ids;
    const hits = best.map((slot) => ({ id: ids[slot] as string, score: scores[slot] as number }));
    for (const slot of touched) scores[slot] = 0;
    return hits;
  }

  /**
   * BM25 of the given documents (0 for one that does not match or is unknown), in their order,
   * and the best score of any document: what a fusion needs without ranking every match (at 50k
   * matching documents, sorting them and building a map cost ten times the scan).
   */
  scoresOf(keys: Iterable<string>, ids: readonly string[]): { scores: number[]; max: number } {
    const touched = this.#accumulate(keys);
    const scratch = this.#scratch;
    let max = 0;
    for (const slot of touched) max = Math.max(max, scratch[slot] as number);
    const scores = ids.map((id) => {
      const slot = this.#slotOf.get(id);
      return slot === undefined ? 0 : (scratch[slot] as number);
    });
    for (const slot of touched) scratch[slot] = 0;
    return { scores, max };
  }

  /**
   * Adds every matching document's BM25 into #scratch (each distinct key counted once) and returns
   * the slots it touched; the caller reads them and sets them back to 0.
   */
  #accumulate(keys: Iterable<string>): number[] {
    const n = this.size;
    if (n === 0) return [];
    const avg = this.#totalLength / n || 1;
    const ids = this.#ids;
    const norms = this.#normsFor(avg);
    if (this.#scratch.length < ids.length) this.#scratch = new Float64Array(ids.length);
    const scores = this.#scratch;
    const dead = this.#dead > 0;
    const touched: number[] = [];
    for (const key of new Set(keys)) {
      const list = this.#postings.get(key);
      if (!list) continue;
      const { slots, tfs } = list;
      let df = list.length;
      if (dead) {
        df = 0;
        for (let i = 0; i < list.length; i++) if (ids[slots[i] as number] !== null) df++;
      }
      if (df === 0) continue;
      const w = idf(n, df);
      for (let i = 0; i < list.length; i++) {
        const slot = slots[i] as number;
        if (dead && ids[slot] === null) continue;
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] =
          (scores[slot] as number) + normedTermScore(tfs[i] as number, norms[slot] as number, w);
      }
    }
    return touched;
  }

  /** lengthNorm of every slot for the mean length `avg`, computed once per change of the index. */
  #normsFor(avg: number): Float64Array {
    if (this.#norms && this.#normsAvg === avg && this.#norms.length === this.#ids.length) {
      return this.#norms;
    }
    const lengths = this.#lengths;
    const norms = new Float64Array(this.#ids.length);
    for (let slot = 0; slot < norms.length; slot++) {
      norms[slot] = lengthNorm(lengths[slot] as number, avg);
    }
    this.#norms = norms;
    this.#normsAvg = avg;
    return norms;
  }

  /** Whether the document holds the key (binary search in the term's ascending slots). */
  contains(id: string, key: string): boolean {
    const slot = this.#slotOf.get(id);
    const list = this.#postings.get(key);
    return slot !== undefined && list !== undefined && list.has(slot);
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
        let i = list.length - 1;
        while (i >= 0 && (list.slots[i] as number) >= from) i--;
        const part: number[] = [];
        for (let j = i + 1; j < list.length; j++) {
          const to = local[(list.slots[j] as number) - from] as number;
          if (to >= 0) part.push(to, list.tfs[j] as number);
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
    this.#norms = null;
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
      if (!list) this.#postings.set(key, (list = new PostingList()));
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
      postings: [...this.#postings.values()].map((list) => {
        const flat: number[] = [];
        for (let i = 0; i < list.length; i++)
          flat.push(list.slots[i] as number, list.tfs[i] as number);
        return flat;
      }),
    };
  }

  static fromData(data: Bm25Data): Bm25 {
    const index = new Bm25();
    index.#ids = data.ids;
    index.#lengths = data.lengths;
    data.ids.forEach((id, slot) => index.#slotOf.set(id, slot));
    index.#totalLength = data.lengths.reduce((sum, len) => sum + len, 0);
    data.terms.forEach((term, i) => {
      const flat = data.postings[i] ?? [];
      const list = new PostingList(
        new Uint32Array(flat.length / 2),
        new Uint8Array(flat.length / 2),
      );
      for (let j = 0; j < flat.length; j += 2) list.push(flat[j] as number, flat[j + 1] as number);
      index.#postings.set(term, list);
    });
    index.#mark = data.ids.length;
    return index;
  }

  /** A compacted copy of the index as columns (for a binary snapshot); marks everything. */
  toColumns(): Bm25Columns {
    this.compact();
    this.#removed = [];
    this.#mark = this.#ids.length;
    const starts = new Uint32Array(this.#postings.size + 1);
    let total = 0;
    let maxTf = 0;
    let t = 0;
    for (const list of this.#postings.values()) {
      starts[t++] = total;
      total += list.length;
      maxTf = Math.max(maxTf, list.maxTf());
    }
    starts[t] = total;
    const slots = new Uint32Array(total);
    const tfs = tfArrayFor(maxTf, total);
    t = 0;
    for (const list of this.#postings.values()) {
      const at = starts[t++] as number;
      slots.set(list.slots.subarray(0, list.length), at);
      tfs.set(list.tfs.subarray(0, list.length), at);
    }
    return {
      ids: this.#ids as string[],
      lengths: Uint32Array.from(this.#lengths),
      terms: [...this.#postings.keys()],
      starts,
      slots,
      tfs,
    };
  }

  /** Restores toColumns' output; the posting lists are views into its arrays (no copy). */
  static fromColumns(columns: Bm25Columns): Bm25 {
    const { ids, lengths, terms, starts, slots, tfs } = columns;
    const index = new Bm25();
    index.#ids = ids;
    index.#lengths = Array.from(lengths);
    for (let slot = 0; slot < ids.length; slot++) {
      index.#slotOf.set(ids[slot] as string, slot);
      index.#totalLength += lengths[slot] as number;
    }
    for (let t = 0; t < terms.length; t++) {
      const from = starts[t] as number;
      const to = starts[t + 1] as number;
      index.#postings.set(
        terms[t] as string,
        new PostingList(slots.subarray(from, to), tfs.subarray(from, to), to - from),
      );
    }
    index.#mark = ids.length;
    return index;
  }
}
