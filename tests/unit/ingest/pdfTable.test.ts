// PDF tables: lines whose items form aligned columns over at least three lines become Markdown
// tables (a generated 3 × 60 table over three pages is chunked by rows with its header); prose,
// two-column pages, short runs and misaligned items stay text exactly as before.

import { describe, expect, it } from 'vitest';
import { chunkText, estimateTokens } from '../../../src/lib/ingest/chunk';
import { parseDocument } from '../../../src/lib/ingest/parse';
import { pageTextFromItems } from '../../../src/lib/ingest/parse/pdf';
import { expectChunkInvariants } from './chunkFixtures';
import {
  TABLE_HEADER,
  expectTableKept,
  makeTableRows,
  markdownRow,
  tablePdf,
} from './tableFixtures';

/** A pdf.js text item at (x, y), 10 points high. */
const item = (str: string, x: number, y: number, width: number, hasEOL = false): object => ({
  str,
  transform: [10, 0, 0, 10, x, y],
  width,
  height: 10,
  hasEOL,
});

/** One line of cells at the given x positions, with pdf.js's space items in the gaps. */
function cellsLine(cells: readonly string[], xs: readonly number[], y: number): object[] {
  return cells.flatMap((cell, index) => {
    const x = xs[index] ?? 0;
    const width = cell.length * 5;
    const next = xs[index + 1];
    const last = next === undefined;
    const space = last ? [] : [item(' ', x + width, y, next - x - width)];
    return [item(cell, x, y, width, last), ...space];
  });
}

describe('PDF tables from a generated PDF', () => {
  const rows = makeTableRows(60).map(([product = '', code = '', notes = '']) => [
    product,
    code,
    notes.split(' ').slice(0, 3).join(' '),
  ]);

  it('become Markdown tables, one per page, header repeated as drawn', async () => {
    const parsed = await parseDocument(await tablePdf(rows, 25), 'stock.pdf');
    const header = `${markdownRow(TABLE_HEADER)}\n| --- | --- | --- |\n`;
    expect(parsed.text.split(header)).toHaveLength(4);
    for (const row of rows) expect(`${parsed.text}\n`).toContain(`\n${markdownRow(row)}\n`);
    expect(parsed.text.startsWith('Stock list\n\nThe stock of every lamp, by warehouse.\n\n')).toBe(
      true,
    );
  });

  it('are chunked by rows, every part under the header, on the right page', async () => {
    const parsed = await parseDocument(await tablePdf(rows, 25), 'stock.pdf');
    for (const maxTokens of [60, 120]) {
      const chunks = chunkText(parsed.text, {
        maxTokens,
        overlapTokens: 10,
        countTokens: estimateTokens,
        pages: parsed.pages,
      });
      expectChunkInvariants(parsed.text, chunks, maxTokens, estimateTokens);
      const lines = rows.map(markdownRow);
      expectTableKept(parsed.text, chunks, markdownRow(TABLE_HEADER), '| --- | --- | --- |', lines);
      const row60 = chunks.find((c) => c.text.includes(lines[59] ?? '-'));
      expect(row60?.page).toBe(3);
    }
  });
});

describe('PDF table rows with a wrapped cell', () => {
  it('joins the wrapped text to its cell in the row above', () => {
    const xs = [0, 100, 200];
    const items = [
      ...cellsLine(['Name', 'Code', 'Note'], xs, 500),
      ...cellsLine(['Lamp', 'A1', 'lit at dusk and'], xs, 488),
      item('trimmed at dawn', 200, 476, 75, true),
      ...cellsLine(['Bell', 'B2', 'rung'], xs, 464),
      ...cellsLine(['Horn', 'C3', 'blown in fog'], xs, 452),
      item('when ships pass', 200, 440, 75, true),
      item('After the table.', 0, 410, 80, true),
    ];
    expect(pageTextFromItems(items)).toBe(
      '\n| Name | Code | Note |\n| --- | --- | --- |\n| Lamp | A1 | lit at dusk and trimmed at dawn |\n' +
        '| Bell | B2 | rung |\n| Horn | C3 | blown in fog when ships pass |\n\n\nAfter the table.\n',
    );
  });
});

describe('PDF text that is not a table stays text', () => {
  it('a two-column page of prose', () => {
    const prose = 'Otters hold hands while they sleep in the kelp forests of the bay';
    const items = Array.from({ length: 8 }, (_, i) =>
      cellsLine([`${prose} ${i}.`, `${prose} again ${i}.`], [50, 320], 700 - i * 12),
    ).flat();
    const text = pageTextFromItems(items);
    expect(text).not.toContain('|');
    expect(text.split('\n')[0]).toBe(`${prose} 0. ${prose} again 0.`);
  });

  it('justified prose split into words, and a run of only two aligned lines', () => {
    // Word items with gaps of 0.3–0.6 of the font size, as justified text has: never a column.
    const sentences = [
      'The keeper rings the fog bell during storms at sea',
      'Otters hold hands while they sleep among the kelp',
      'Magma that reaches the surface is called lava by all',
      'Tea leaves unfurl slowly in water that has just boiled',
    ];
    const justified = sentences.flatMap((sentence, line) => {
      let x = 0;
      return sentence.split(' ').map((word, i) => {
        const at = x;
        x += word.length * 5 + 3 + ((i * 7 + line * 3) % 4);
        return item(word, at, 700 - line * 12, word.length * 5);
      });
    });
    expect(pageTextFromItems(justified)).toBe(`${sentences.join('\n')}`);
    const two = [
      ...cellsLine(['a', 'b', 'c'], [0, 100, 200], 500),
      ...cellsLine(['d', 'e', 'f'], [0, 100, 200], 488),
    ];
    expect(pageTextFromItems(two)).toBe('a b c\nd e f\n');
  });

  it('lines whose columns do not line up', () => {
    const items = [
      ...cellsLine(['Name', 'Code', 'Note'], [0, 100, 200], 500),
      ...cellsLine(['Lamp', 'A1', 'lit'], [0, 160, 260], 488),
      ...cellsLine(['Bell', 'B2', 'rung'], [0, 40, 330], 476),
    ];
    expect(pageTextFromItems(items)).not.toContain('|');
  });

  it('a table written in line with its columns keeps its pipes escaped', () => {
    const items = [
      ...cellsLine(['Key', 'Value'], [0, 100], 500),
      ...cellsLine(['a|b', '1'], [0, 100], 488),
      ...cellsLine(['c', '2'], [0, 100], 476),
    ];
    expect(pageTextFromItems(items)).toBe(
      '\n| Key | Value |\n| --- | --- |\n| a\\|b | 1 |\n| c | 2 |\n\n',
    );
  });
});
