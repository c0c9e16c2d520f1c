// One HTML <table> as a Markdown table for html.ts: cells collected row by row, a cell spanning
// columns or rows repeated into every position it covers, the first row as the header row,
// `|` escaped and line breaks inside a cell flattened to spaces.

/** colspan is capped (HTML allows 1000): a hostile span must not multiply a table's text. */
const MAX_COLSPAN = 100;
/** A spanned cell longer than this is repeated as an empty cell, again to bound the output. */
const MAX_REPEATED_CHARS = 300;

/** A span attribute as a count: 1 when absent or invalid; rowspan="0" covers the remaining rows. */
export function spanCount(value: string | undefined, max: number): number {
  const count = Number.parseInt(value ?? '', 10);
  if (count === 0) return max;
  return Number.isFinite(count) && count > 0 ? Math.min(count, max) : 1;
}

/** A cell's text for a Markdown row: whitespace collapsed, `|` escaped (with any `\` before). */
export function escapeCell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(\\*)\|/g, (_, slashes: string) => `${slashes}${slashes}\\|`);
}

export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

interface OpenCell {
  parts: string[];
  colspan: number;
  rowspan: number;
}

export class TableBuilder {
  /** Rows of cells, whitespace collapsed; escaped only when written as Markdown. */
  private readonly rows: string[][] = [];
  private row: string[] | undefined;
  private cell: OpenCell | undefined;
  /** Column → the text of a cell from a row above that still covers it, and for how many rows. */
  private carried = new Map<number, { text: string; rows: number }>();
  private readonly starting = new Map<number, { text: string; rows: number }>();
  /** Text inside the table but in no cell (a caption, stray text): said before the table. */
  private readonly loose: string[] = [];

  get inCell(): boolean {
    return this.cell !== undefined;
  }

  startRow(): void {
    this.endRow();
    this.row = [];
  }

  startCell(colspan: string | undefined, rowspan: string | undefined): void {
    this.endCell();
    if (!this.row) this.startRow();
    this.cell = {
      parts: [],
      colspan: spanCount(colspan, MAX_COLSPAN),
      rowspan: spanCount(rowspan, Number.MAX_SAFE_INTEGER),
    };
  }

  text(data: string): void {
    (this.cell ? this.cell.parts : this.loose).push(data);
  }

  endCell(): void {
    const { cell, row } = this;
    if (!cell || !row) return;
    this.cell = undefined;
    const text = cell.parts.join('').replace(/\s+/g, ' ').trim();
    const copy = text.length <= MAX_REPEATED_CHARS ? text : '';
    for (let index = 0; index < cell.colspan; index++) {
      this.fillCarried(row);
      if (cell.rowspan > 1) this.starting.set(row.length, { text: copy, rows: cell.rowspan - 1 });
      row.push(index === 0 ? text : copy);
    }
  }

  endRow(): void {
    this.endCell();
    const row = this.row;
    if (!row) return;
    this.row = undefined;
    const last = Math.max(-1, ...this.carried.keys());
    while (row.length <= last) {
      if (!this.fillCarried(row)) row.push('');
    }
    this.carried = new Map([...this.carried, ...this.starting]);
    this.starting.clear();
    if (row.some((cell) => cell !== '')) this.rows.push(row);
  }

  /** Fills the row's next positions covered by cells from above; false if there was none. */
  private fillCarried(row: string[]): boolean {
    let filled = false;
    for (let from = this.carried.get(row.length); from; from = this.carried.get(row.length)) {
      if (--from.rows <= 0) this.carried.delete(row.length);
      row.push(from.text);
      filled = true;
    }
    return filled;
  }

  /** Text outside any cell, whitespace collapsed. */
  looseText(): string {
    return this.loose.join('').replace(/\s+/g, ' ').trim();
  }

  /**
   * The table as lines: a Markdown table (header row, delimiter row, body rows, every row as
   * wide as the widest) when it has at least two rows and two columns; else one line per row,
   * its non-empty cells joined by " | " (a layout table or a single row is not a data table).
   */
  lines(): string[] {
    this.endRow();
    const width = Math.max(0, ...this.rows.map((row) => row.length));
    if (this.rows.length < 2 || width < 2) {
      return this.rows.map((row) => row.filter((cell) => cell !== '').join(' | '));
    }
    const full = this.rows.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
    const [header = [], ...body] = full;
    const row = (cells: readonly string[]) => markdownRow(cells.map(escapeCell));
    return [row(header), markdownRow(header.map(() => '---')), ...body.map(row)];
  }

  /** The table as one run of text, for a table nested in another's cell: "a, b; c, d". */
  flatText(): string {
    this.endRow();
    const rows = this.rows.map((row) => row.filter((cell) => cell !== '').join(', '));
    return [this.looseText(), ...rows].filter((part) => part !== '').join('; ');
  }
}
