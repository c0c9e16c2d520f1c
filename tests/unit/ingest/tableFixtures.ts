// Test helpers for tables: the generated table of tests/fixtures (re-exported), its rows as
// Markdown, and a checker of what chunks must keep of a table.

import { expect } from 'vitest';
import type { ChunkSpan } from '../../../src/lib/ingest/types';

export {
  TABLE_HEADER,
  makeTableRows,
  tableDocx,
  tableHtml,
  tablePdf,
} from '../../fixtures/docs/makeTable';

/** A Markdown row as the HTML and DOCX parsers write it. */
export const markdownRow = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/**
 * What chunking must keep of a table whose header is `header` and whose rows are `rows` (as
 * lines of the document's text): every chunk holding a row also holds the header, above its
 * rows; every table line in a chunk is a whole header, delimiter or row line; every row is in
 * exactly one chunk (repeated headers aside); the chunk's own text is the document's slice.
 */
export function expectTableKept(
  text: string,
  chunks: readonly ChunkSpan[],
  header: string,
  delimiter: string,
  rows: readonly string[],
): void {
  const rowSet = new Set(rows);
  const seen = new Map<string, number>();
  for (const chunk of chunks) {
    const own = chunk.text.slice(chunk.tableHeaderChars ?? 0);
    expect(own).toBe(text.slice(chunk.start, chunk.end));
    const lines = chunk.text.split('\n');
    for (const line of lines.filter((l) => l.trim() !== '')) {
      const partOf = rows.find((row) => row !== line && row.includes(line.trim()));
      expect(partOf, `chunk ${chunk.ordinal} holds part of a row: ${line}`).toBeUndefined();
    }
    const tableLines = lines.filter((line) => line.startsWith('|'));
    for (const line of tableLines) {
      expect(line === header || line === delimiter || rowSet.has(line), `cut row: ${line}`).toBe(
        true,
      );
      if (rowSet.has(line)) seen.set(line, (seen.get(line) ?? 0) + 1);
    }
    const firstRow = lines.findIndex((line) => rowSet.has(line));
    if (firstRow >= 0) {
      const headerAt = lines.indexOf(header);
      expect(headerAt, `chunk ${chunk.ordinal} has rows without the header`).toBeGreaterThanOrEqual(
        0,
      );
      expect(headerAt).toBeLessThan(firstRow);
      expect(lines[headerAt + 1]).toBe(delimiter);
    }
  }
  for (const row of rows) expect(seen.get(row) ?? 0, `row ${row}`).toBe(1);
}
