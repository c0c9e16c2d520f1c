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
