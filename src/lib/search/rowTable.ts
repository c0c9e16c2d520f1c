// Which row of a contiguous vector store holds which id: rows 0..size-1 stay dense, a removal
// moves the last row into the hole, so a scan never skips gaps and nothing needs compaction.

export class RowTable {
  #ids: string[] = [];
  #rows = new Map<string, number>();

  get size(): number {
    return this.#ids.length;
  }

  has(id: string): boolean {
    return this.#rows.has(id);
  }

  rowOf(id: string): number | undefined {
    return this.#rows.get(id);
  }

  idAt(row: number): string {
    return this.#ids[row] as string;
  }

  /** The row for `id`: its current one, or a new row at the end. */
  assign(id: string): number {
    let row = this.#rows.get(id);
    if (row === undefined) {
      row = this.#ids.length;
      this.#ids.push(id);
      this.#rows.set(id, row);
    }
    return row;
  }

  /**
   * Forgets `id`. Returns undefined for an unknown id, else the freed row and the row whose data
   * must move into it (the last one), or -1 when the freed row was the last.
   */
  remove(id: string): { row: number; moved: number } | undefined {
    const row = this.#rows.get(id);
    if (row === undefined) return undefined;
    const last = this.#ids.length - 1;
    let moved = -1;
    if (row !== last) {
      const lastId = this.#ids[last] as string;
      this.#ids[row] = lastId;
      this.#rows.set(lastId, row);
      moved = last;
    }
    this.#ids.pop();
    this.#rows.delete(id);
    return { row, moved };
  }

  clear(): void {
    this.#ids = [];
    this.#rows.clear();
  }
}
