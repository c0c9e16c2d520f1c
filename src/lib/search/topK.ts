// Top-k selection for score scans: a fixed-size min-heap over (score, row) pairs, O(n log k)
// instead of sorting every score.

/** Keeps the `k` best (score, row) pairs seen in a min-heap: O(n log k), no full sort. */
export class TopK {
  readonly #scores: Float64Array;
  readonly #rows: Int32Array;
  #count = 0;

  constructor(k: number) {
    this.#scores = new Float64Array(k);
    this.#rows = new Int32Array(k);
  }

  /** Offers a pair; returns the score a pair must beat from now on (-Infinity until full). */
  offer(score: number, row: number): number {
    const k = this.#scores.length;
    if (this.#count < k) {
      let i = this.#count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((this.#scores[parent] as number) <= score) break;
        this.#scores[i] = this.#scores[parent] as number;
        this.#rows[i] = this.#rows[parent] as number;
        i = parent;
      }
      this.#scores[i] = score;
      this.#rows[i] = row;
    } else if (score > (this.#scores[0] as number)) {
      this.#siftDown(score, row);
    }
    return this.#count < k ? -Infinity : (this.#scores[0] as number);
  }

  /** The kept pairs, best first. */
  drain(): { row: number; score: number }[] {
    const out: { row: number; score: number }[] = [];
    for (let i = 0; i < this.#count; i++) {
      out.push({ row: this.#rows[i] as number, score: this.#scores[i] as number });
    }
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }

  #siftDown(score: number, row: number): void {
    const scores = this.#scores;
    const k = this.#count;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= k) break;
      const right = left + 1;
      const child =
        right < k && (scores[right] as number) < (scores[left] as number) ? right : left;
      if ((scores[child] as number) >= score) break;
      scores[i] = scores[child] as number;
      this.#rows[i] = this.#rows[child] as number;
      i = child;
    }
    scores[i] = score;
    this.#rows[i] = row;
  }
}

/**
 * The `k` best of `candidates` (distinct indexes into `scores`), best first, in the order a full
 * sort by score descending, then index ascending, would give: equal scores are ranked by index,
 * also at the cut-off, so the result equals `sort(...).slice(0, k)` for any candidate order.
 * O(n log k) with a min-heap whose root is the worst kept candidate.
 */
export function bestIndexes(
  scores: Float64Array,
  candidates: readonly number[],
  k: number,
): number[] {
  const byRank = (a: number, b: number) => (scores[b] as number) - (scores[a] as number) || a - b;
  k = Math.floor(k); // as Array.slice(0, k) would take it
  if (!(k > 0)) return [];
  if (candidates.length <= k) return [...candidates].sort(byRank);
  // worse(a, b): a ranks after b.
  const worse = (a: number, b: number) => {
    const sa = scores[a] as number;
    const sb = scores[b] as number;
    return sa < sb || (sa === sb && a > b);
  };
  const heap = new Int32Array(k);
  let count = 0;
  for (const candidate of candidates) {
    if (count < k) {
      let i = count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(candidate, heap[parent] as number)) break;
        heap[i] = heap[parent] as number;
        i = parent;
      }
      heap[i] = candidate;
    } else if (worse(heap[0] as number, candidate)) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= k) break;
        const right = left + 1;
        const child =
          right < k && worse(heap[right] as number, heap[left] as number) ? right : left;
        if (!worse(heap[child] as number, candidate)) break;
        heap[i] = heap[child] as number;
        i = child;
      }
      heap[i] = candidate;
    }
  }
  return Array.from(heap).sort(byRank);
}
