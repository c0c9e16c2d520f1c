// Tables in a PDF page for pdf.ts: runs of at least three lines that each split into the same
// number (≥ 2) of cells, separated by wide gaps and aligned in columns, become Markdown tables.
// Deliberately strict: a run that does not line up stays text, as before.

/** A run of text on one line, between gaps wider than COLUMN_GAP font sizes. */
export interface PdfCell {
  x: number;
  end: number;
  /** Where its text starts in the line's text (it ends where the next cell's starts). */
  from: number;
}

export interface PdfLine {
  /** The line as pdf.ts writes it when it is not part of a table. */
  text: string;
  cells: PdfCell[];
  /** Font size of the line's last item. */
  size: number;
}

/** A gap this wide (in font sizes) between two items on a line separates two cells. */
export const COLUMN_GAP = 1.5;
/** Cells of one column start, end or centre within this many font sizes of the first row's. */
const ALIGN = 1;
const MIN_ROWS = 3;
/** Two columns of long runs are a two-column page, not a table. */
const MAX_TWO_COLUMN_CELL = 40;

function aligned(cell: PdfCell, ref: PdfCell, tolerance: number): boolean {
  const centre = (c: PdfCell) => (c.x + c.end) / 2;
  return (
    Math.abs(cell.x - ref.x) <= tolerance ||
    Math.abs(cell.end - ref.end) <= tolerance ||
    Math.abs(centre(cell) - centre(ref)) <= tolerance
  );
}

/** Does `line` continue the table whose first row is `first`? */
function continues(line: PdfLine, first: PdfLine): boolean {
  if (line.cells.length !== first.cells.length) return false;
  const tolerance = ALIGN * Math.max(line.size, first.size);
  return line.cells.every((cell, index) => aligned(cell, first.cells[index] as PdfCell, tolerance));
}

/** No cell of a column reaches into the next column's cells: real columns, side by side. */
function separated(rows: readonly PdfLine[]): boolean {
  const columns = rows[0]?.cells.length ?? 0;
  for (let index = 1; index < columns; index++) {
    const leftEnd = Math.max(...rows.map((row) => row.cells[index - 1]?.end ?? 0));
    const rightStart = Math.min(...rows.map((row) => row.cells[index]?.x ?? 0));
    if (leftEnd >= rightStart) return false;
  }
  return true;
}

function cellTexts(line: PdfLine): string[] {
  return line.cells.map((cell, index) =>
    line.text.slice(cell.from, line.cells[index + 1]?.from ?? line.text.length).trim(),
  );
}

function looksLikeTable(lines: readonly PdfLine[], rows: readonly string[][]): boolean {
  if (lines.length < MIN_ROWS || !separated(lines)) return false;
  if ((lines[0]?.cells.length ?? 0) > 2) return true;
  const texts = rows.flat();
  const mean = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
  return mean <= MAX_TWO_COLUMN_CELL;
}

/**
 * The columns of `first` that the cells of a line with fewer cells fall in, left to right and
 * none twice (a cell's text wrapped onto the next line), or undefined when they do not fit.
 */
function wrappedColumns(line: PdfLine, first: PdfLine): number[] | undefined {
  if (line.cells.length === 0 || line.cells.length >= first.cells.length) return undefined;
  const tolerance = ALIGN * Math.max(line.size, first.size);
  const columns = line.cells.map((cell) => {
    let column = -1;
    first.cells.forEach((ref, index) => {
      if (cell.x >= ref.x - tolerance) column = index;
    });
    return column;
  });
  const fits = columns.every((column, index) => {
    const nextStart = first.cells[column + 1]?.x ?? Infinity;
    const cell = line.cells[index] as PdfCell;
    return column > (columns[index - 1] ?? -1) && cell.end <= nextStart - tolerance;
  });
  return fits ? columns : undefined;
}

const escape = (text: string): string => text.replace(/(\\*)\|/g, '$1$1\\|');
const row = (cells: readonly string[]): string => `| ${cells.map(escape).join(' | ')} |`;

/**
 * The page's lines with each table run written as a Markdown table (its first line as header,
 * blank lines around it). `lines` are the page's lines in order; an empty line (a paragraph
 * break) ends a run. A line with fewer cells, each under a column, continues the row above
 * (a wrapped cell) when the next line is a row again or when it has nothing in the first column.
 */
export function withTables(lines: readonly PdfLine[]): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const first = lines[index] as PdfLine;
    const full = [first];
    const rows = [cellTexts(first)];
    let end = index + 1;
    for (let line = lines[end]; line && first.cells.length >= 2; line = lines[++end]) {
      if (continues(line, first)) {
        full.push(line);
        rows.push(cellTexts(line));
        continue;
      }
      const columns = wrappedColumns(line, first);
      const after = lines[end + 1];
      if (!columns || !((after && continues(after, first)) || (columns[0] ?? 0) > 0)) break;
      const last = rows.at(-1) as string[];
      cellTexts(line).forEach((text, i) => {
        const column = columns[i] ?? 0;
        last[column] = `${last[column] ?? ''} ${text}`.trim();
      });
    }
    if (looksLikeTable(full, rows)) {
      const delimiter = row(first.cells.map(() => '---'));
      out.push('', ...rows.slice(0, 1).map(row), delimiter, ...rows.slice(1).map(row), '');
      index = end;
    } else {
      out.push(first.text);
      index++;
    }
  }
  return out;
}
