// One term's postings as two growable typed arrays: ascending slots and their term frequencies.
// A restored list is a view into the snapshot's buffer (no copy); its first append copies it.

/** Term frequencies: as narrow as the largest one allows (a snapshot stores the same width). */
export type TfArray = Uint8Array | Uint16Array | Uint32Array;

/** The narrowest typed array for term frequencies up to `max`. */
export const tfArrayFor = (max: number, length: number): TfArray =>
  max <= 0xff
    ? new Uint8Array(length)
    : max <= 0xffff
      ? new Uint16Array(length)
      : new Uint32Array(length);

const tfLimit = (tfs: TfArray) =>
  tfs instanceof Uint8Array ? 0xff : tfs instanceof Uint16Array ? 0xffff : 0xffffffff;

export class PostingList {
  slots: Uint32Array;
  tfs: TfArray;
  length: number;

  constructor(
    slots: Uint32Array = new Uint32Array(4),
    tfs: TfArray = new Uint8Array(4),
    length = 0,
  ) {
    this.slots = slots;
    this.tfs = tfs;
    this.length = length;
  }

  /** Appends one posting (its slot above every slot already in the list). */
  push(slot: number, tf: number): void {
    const limit = tfLimit(this.tfs);
    if (this.length === this.slots.length || tf > limit) {
      // Grow by an eighth (restored views are full, and a big import touches most terms: doubling
      // them all would double the index's memory).
      const capacity =
        this.length === this.slots.length
          ? this.length + (this.length >> 3) + 8
          : this.slots.length;
      const slots = new Uint32Array(capacity);
      slots.set(this.slots.subarray(0, this.length));
      const tfs = tfArrayFor(Math.max(tf, limit), capacity);
      tfs.set(this.tfs.subarray(0, this.length));
      this.slots = slots;
      this.tfs = tfs;
    }
    this.slots[this.length] = slot;
    this.tfs[this.length] = tf;
    this.length++;
  }

  /** Whether the slot is in the list (binary search). */
  has(slot: number): boolean {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.slots[mid] as number;
      if (at === slot) return true;
      if (at < slot) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** The largest term frequency in the list. */
  maxTf(): number {
    let max = 0;
    for (let i = 0; i < this.length; i++) max = Math.max(max, this.tfs[i] as number);
    return max;
  }
}
