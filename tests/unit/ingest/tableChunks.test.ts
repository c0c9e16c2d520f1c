// Tables stay tables: a 3 × 60 table in generated HTML, DOCX and Markdown is chunked by rows,
// every part repeats the header, no row is cut or repeated, and offsets stay truthful.

import { describe, expect, it } from 'vitest';
import { chunkText, estimateTokens } from '../../../src/lib/ingest/chunk';
import { parseDocument } from '../../../src/lib/ingest/parse';
import { documentText } from '../../../src/lib/search/twoLevel';
import { expectChunkInvariants, wordPieceCount } from './chunkFixtures';
import {
  TABLE_HEADER,
  expectTableKept,
  makeTableRows,
  markdownRow,
  tableDocx,
  tableHtml,
} from './tableFixtures';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const ROWS = makeTableRows(60);
const HEADER = markdownRow(TABLE_HEADER);
const DELIMITER = '| --- | --- | --- |';
const ROW_LINES = ROWS.map(markdownRow);
const SETTINGS = [
  { maxTokens: 96, overlapTokens: 16 },
  { maxTokens: 128, overlapTokens: 30 },
  { maxTokens: 200, overlapTokens: 40 },
  { maxTokens: 512, overlapTokens: 0 },
];
const COUNTERS = { estimateTokens, wordPieceCount };

async function parsed(format: 'html' | 'docx'): Promise<string> {
  const bytes = format === 'html' ? utf8(tableHtml(ROWS)) : await tableDocx(ROWS);
  return (await parseDocument(bytes, `stock.${format}`)).text;
}

describe.each(['html', 'docx'] as const)('a 3 × 60 table in %s', (format) => {
  it('is parsed into a Markdown table, header first, one line per row', async () => {
    const text = await parsed(format);
    expect(text).toContain(`## Lamps in stock\n\n${HEADER}\n${DELIMITER}\n${ROW_LINES[0]}\n`);
    expect(text).toContain(`${ROW_LINES.join('\n')}\n\nCounted in December.`);
  });

  for (const [counterName, countTokens] of Object.entries(COUNTERS)) {
    for (const settings of SETTINGS) {
      it(`is chunked by rows with its header (${counterName}, ${settings.maxTokens}/${settings.overlapTokens})`, async () => {
        const text = await parsed(format);
        const chunks = chunkText(text, { ...settings, countTokens });
        expectChunkInvariants(text, chunks, settings.maxTokens, countTokens);
        expectTableKept(text, chunks, HEADER, DELIMITER, ROW_LINES);
        const withRows = chunks.filter((c) => ROW_LINES.some((row) => c.text.includes(row)));
        // The table is larger than a chunk at every setting: it was split, and parts repeat.
        expect(withRows.length).toBeGreaterThan(1);
        expect(chunks.some((c) => (c.tableHeaderChars ?? 0) > 0)).toBe(true);
        for (const chunk of withRows)
          expect(chunk.headingPath).toEqual(['Stock list', 'Lamps in stock']);
      });
    }
  }
});

describe('repeated headers and offsets', () => {
  it('repeats exactly the header and delimiter rows, and offsets cover only the rows', async () => {
    const text = await parsed('html');
    const chunks = chunkText(text, {
      maxTokens: 100,
      overlapTokens: 20,
      countTokens: estimateTokens,
    });
    const repeated = chunks.filter((c) => c.tableHeaderChars !== undefined);
    expect(repeated.length).toBeGreaterThan(3);
    for (const chunk of repeated) {
      expect(chunk.text.slice(0, chunk.tableHeaderChars)).toBe(`${HEADER}\n${DELIMITER}\n`);
      // The highlighted span in the viewer starts at a row, not at a header.
      expect(text.slice(chunk.start, chunk.end).startsWith('| Item ')).toBe(true);
    }
  });

  it('rebuilds the document text from its chunks with the header once', async () => {
    const text = await parsed('docx');
    const chunks = chunkText(text, {
      maxTokens: 80,
      overlapTokens: 20,
      countTokens: estimateTokens,
    });
    const records = chunks.map((c) => ({ ...c, id: `d#${c.ordinal}`, docId: 'd' }));
    const rebuilt = documentText(records);
    expect(rebuilt.split(HEADER).length - 1).toBe(1);
    expect(rebuilt.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });

  it('carries no rows as overlap into the text after a table', () => {
    const after = Array.from({ length: 30 }, (_, i) => `Closing sentence ${i} is here.`);
    const text = [HEADER, DELIMITER, ...ROW_LINES, '', after.join(' ')].join('\n');
    for (const countTokens of Object.values(COUNTERS)) {
      const chunks = chunkText(text, { maxTokens: 120, overlapTokens: 60, countTokens });
      expectChunkInvariants(text, chunks, 120, countTokens);
      expectTableKept(text, chunks, HEADER, DELIMITER, ROW_LINES);
      expect(chunks.some((c) => c.text.startsWith('Closing sentence'))).toBe(true);
    }
  });

  it('keeps a table that fits in one chunk whole, without repeating anything', async () => {
    const rows = makeTableRows(4);
    const text = (await parseDocument(utf8(tableHtml(rows)), 'small.html')).text;
    const chunks = chunkText(text, {
      maxTokens: 512,
      overlapTokens: 40,
      countTokens: estimateTokens,
    });
    expect(chunks.some((c) => c.tableHeaderChars !== undefined)).toBe(false);
    const holding = chunks.filter((c) => c.text.includes(HEADER));
    expect(holding).toHaveLength(1);
    for (const row of rows) expect(holding[0]?.text).toContain(markdownRow(row));
  });

  it('moves a table that fits a chunk to the next chunk rather than cutting it', () => {
    const intro = Array.from({ length: 12 }, (_, i) => `Intro sentence ${i} has some words.`);
    const short = [1, 2, 3].map((i) => markdownRow([`Item ${i} lamp`, `WH-${i}`, 'Short.']));
    const table = [HEADER, DELIMITER, ...short].join('\n');
    const text = `${intro.join(' ')}\n\n${table}`;
    const chunks = chunkText(text, {
      maxTokens: 130,
      overlapTokens: 0,
      countTokens: estimateTokens,
    });
    expectChunkInvariants(text, chunks, 130, estimateTokens);
    const holding = chunks.filter((c) => c.text.includes('| Item '));
    expect(holding).toHaveLength(1);
    expect(holding[0]?.text).toContain(table);
  });
});

describe('Markdown files', () => {
  it('chunks a GFM table without outer pipes by rows, with its header', async () => {
    const row = (cells: readonly string[]) => cells.join(' | ');
    const lines = ROWS.map(row);
    const source = `# Stock\n\nLamps:\n\n${row(TABLE_HEADER)}\n:--- | ---: | ---\n${lines.join('\n')}\n`;
    const text = (await parseDocument(utf8(source), 'stock.md')).text;
    const chunks = chunkText(text, {
      maxTokens: 90,
      overlapTokens: 20,
      countTokens: wordPieceCount,
    });
    expectChunkInvariants(text, chunks, 90, wordPieceCount);
    for (const chunk of chunks) {
      const body = chunk.text.split('\n').filter((l) => lines.includes(l));
      if (body.length > 0)
        expect(chunk.text).toContain(`${row(TABLE_HEADER)}\n:--- | ---: | ---\n`);
    }
    for (const line of lines) {
      expect(chunks.filter((c) => c.text.split('\n').includes(line))).toHaveLength(1);
    }
  });

  it('leaves a table inside a fenced code block to the ordinary rules', () => {
    const table = [HEADER, DELIMITER, ...ROW_LINES].join('\n');
    const text = `Code:\n\n\`\`\`\n${table}\n\`\`\``;
    const chunks = chunkText(text, {
      maxTokens: 64,
      overlapTokens: 0,
      countTokens: estimateTokens,
    });
    expectChunkInvariants(text, chunks, 64, estimateTokens);
    expect(chunks.some((c) => c.tableHeaderChars !== undefined)).toBe(false);
  });

  it('cuts a row longer than a chunk by sentences, each piece under the header', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Sentence ${i} of a very long cell.`).join(
      ' ',
    );
    const rows = [...ROW_LINES.slice(0, 3), markdownRow(['Item 99 lamp', 'WH-9999', long])];
    const text = [HEADER, DELIMITER, ...rows].join('\n');
    const chunks = chunkText(text, {
      maxTokens: 80,
      overlapTokens: 10,
      countTokens: estimateTokens,
    });
    expectChunkInvariants(text, chunks, 80, estimateTokens);
    for (const chunk of chunks)
      expect(chunk.text.startsWith(`${HEADER}\n${DELIMITER}\n`)).toBe(true);
    expect(chunks.filter((c) => c.text.includes('Sentence 39')).length).toBe(1);
  });
});
