// CSV files: each data row becomes one line `header: value; header: value`, so that a chunk of
// rows still says what every value means. The only importer of papaparse: it also reads CSV
// tables for others (question sets) and writes CSV (experiment exports).

import Papa from 'papaparse';
import { RagtuneError } from '../../errors';
import type { ParsedDocument } from '../types';
import { decodeUtf8, emptyError } from '../detect';
import { normaliseText } from '../normalise';

function invalidCsv(name: string, detail: string): RagtuneError {
  return new RagtuneError(
    'invalid-csv',
    `${name} is not valid CSV: ${detail}. Fix it in a spreadsheet or text editor (or export it ` +
      'again as CSV) and add it again.',
  );
}

function headerNames(row: readonly string[]): string[] {
  return row.map((cell, index) => cell.trim().replace(/\s+/g, ' ') || `column ${index + 1}`);
}

function rowLine(headers: readonly string[], row: readonly string[]): string {
  const fields: string[] = [];
  row.forEach((cell, index) => {
    const value = cell.trim().replace(/\s*\n\s*/g, ' ');
    if (value !== '') fields.push(`${headers[index] ?? `column ${index + 1}`}: ${value}`);
  });
  return fields.join('; ');
}

/**
 * The rows of a CSV (or TSV: the delimiter is detected) text, header first, blank lines skipped.
 * Rows may be ragged. A quote never closed or a stray quote is an 'invalid-csv' error naming
 * `name` and the row.
 */
export function parseCsvRows(text: string, name: string): string[][] {
  const result = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy' });
  // An undetectable delimiter only means a single column.
  const quoteError = result.errors.find((error) => error.type === 'Quotes');
  if (quoteError) {
    const row = quoteError.row === undefined ? '' : ` in row ${quoteError.row + 1}`;
    const what =
      quoteError.code === 'MissingQuotes' ? 'a quoted field is never closed' : 'a stray quote';
    throw invalidCsv(name, `${what}${row}`);
  }
  return result.data;
}

/**
 * CSV text of `rows` (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, a quote, a line break or surrounding spaces, quotes doubled). Numbers are written as
 * JavaScript prints them; null and undefined as empty fields. Text is untrusted (model answers,
 * document names): a text starting with = + - @ or a tab/CR gets a leading ' so a spreadsheet
 * shows it instead of running it as a formula (OWASP "CSV injection"); numbers are not touched.
 */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return Papa.unparse(
    rows.map((row) => row.map((cell) => cell ?? '')),
    { newline: '\r\n', quotes: false, escapeFormulae: true },
  );
}

export function parseCsv(bytes: Uint8Array, name: string): ParsedDocument {
  const source = normaliseText(decodeUtf8(bytes, name));
  // Ragged rows are accepted: missing cells are skipped and extra ones are labelled `column N`.
  const [header, ...rows] = parseCsvRows(source, name);
  if (!header || rows.length === 0) {
    throw new RagtuneError(
      'empty',
      `${name} has no data rows (only a header, or nothing). Add a CSV with a header row and data.`,
    );
  }
  const headers = headerNames(header);
  const lines = rows.map((row) => rowLine(headers, row)).filter((line) => line !== '');
  const text = normaliseText(lines.join('\n'));
  if (text === '') throw emptyError(name);
  return { format: 'csv', text };
}
