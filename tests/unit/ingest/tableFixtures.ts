// Test helpers for tables: a generated table (distinct cells, some long), the same table as HTML,
// as a Word document and as Markdown, and a checker of what chunks must keep of a table.

import { expect } from 'vitest';
import type { ChunkSpan } from '../../../src/lib/ingest/types';
import { seededRandom } from '../../../src/lib/seededRandom';
import { makeDocx } from '../../fixtures/docs/makeDocx';

export const TABLE_HEADER = ['Product', 'Warehouse code', 'Notes'] as const;

const WORDS = 'river kettle lantern copper orchard granite meadow harbour velvet ember'.split(' ');

/** `rows` rows of 3 cells; every row names its number, notes vary from 2 to 22 words. */
export function makeTableRows(rows: number, seed = 7): string[][] {
  const next = seededRandom(seed);
  return Array.from({ length: rows }, (_, index) => {
    const words = Array.from(
      { length: 2 + Math.floor(next() * 21) },
      () => WORDS[Math.floor(next() * WORDS.length)],
    );
    return [`Item ${index + 1} lamp`, `WH-${4100 + index}`, `${words.join(' ')}.`];
  });
}

export function tableHtml(rows: readonly (readonly string[])[], header = TABLE_HEADER): string {
  const cells = (tag: string, row: readonly string[]) =>
    row.map((cell) => `<${tag}>${cell}</${tag}>`).join('');
  return (
    '<html><head><title>Stock list</title></head><body><h1>Stock list</h1>' +
    '<p>The stock of every lamp, by warehouse.</p><h2>Lamps in stock</h2>' +
    `<table><thead><tr>${cells('th', header)}</tr></thead><tbody>` +
    rows.map((row) => `<tr>${cells('td', row)}</tr>`).join('') +
    '</tbody></table><p>Counted in December.</p></body></html>'
  );
}

export function tableDocx(rows: readonly (readonly string[])[]): Promise<Uint8Array> {
  return makeDocx([
    { heading: 1, text: 'Stock list' },
    { text: 'The stock of every lamp, by warehouse.' },
    { heading: 2, text: 'Lamps in stock' },
    { rows: [TABLE_HEADER, ...rows], headerRow: true },
    { text: 'Counted in December.' },
  ]);
}

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
