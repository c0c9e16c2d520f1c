// Markdown (GFM) tables in a document's text, found line by line outside fenced code: where each
// starts, where its header (header row + delimiter row) ends and where its last row ends.

export interface TableSpan {
  /** Start of the header row. */
  start: number;
  /** End of the delimiter row: text.slice(start, headerEnd) is the header to repeat. */
  headerEnd: number;
  /** End of the last body row (= headerEnd for a table with no body rows). */
  end: number;
}

const FENCE = /^ {0,3}(```|~~~)/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
/** `| --- | :-: |`, `--- | ---`: cells of dashes with optional alignment colons. */
const DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** A line that can be a table row: it holds a `|` and is neither a heading nor a fence. */
function isRow(line: string): boolean {
  return line.includes('|') && !HEADING.test(line) && !FENCE.test(line);
}

/** Cells in a row: split at unescaped `|`, leading and trailing pipes not counted. */
export function cellCount(line: string): number {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).length;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The GFM tables in `text`: a row holding `|`, then a delimiter row with as many cells, then
 * body rows up to a blank line, a line without `|`, a heading or a fence (GFM would also take a
 * pipe-less line as a row; we stop there so that a row always looks like one).
 */
export function findTables(text: string): TableSpan[] {
  const tables: TableSpan[] = [];
  let inFence = false;
  let header: { start: number; line: string } | undefined;
  let table: TableSpan | undefined;
  let pos = 0;
  while (pos <= text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(pos, lineEnd);
    const end = pos + line.trimEnd().length;
    if (table) {
      if (isRow(line)) {
        table.end = end;
        pos = lineEnd + 1;
        continue;
      }
      tables.push(table);
      table = undefined;
    }
    if (FENCE.test(line)) {
      inFence = !inFence;
      header = undefined;
    } else if (
      !inFence &&
      header &&
      line.includes('|') &&
      DELIMITER.test(line) &&
      cellCount(line) === cellCount(header.line)
    ) {
      table = { start: header.start, headerEnd: end, end };
      header = undefined;
    } else {
      header = !inFence && isRow(line) ? { start: pos + leadingSpaces(line), line } : undefined;
    }
    pos = lineEnd + 1;
  }
  if (table) tables.push(table);
  return tables;
}
