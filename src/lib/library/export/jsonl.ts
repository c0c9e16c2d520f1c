// JSON Lines for the export: a row per line with its vector as plain numbers, and the reader
// that splits a file into lines. Floats are written with 9 significant digits, which is enough
// for every float32 to come back bit for bit (Math.fround of the parsed number).
import { jsonDepth } from '../../ingest/jsonDepth';
import type { IndexRow } from './format';

/** Rows and documents nest two levels (an object holding arrays); more is not ours. */
const MAX_LINE_DEPTH = 4;

/** Shortest-enough decimal for a float32: 9 significant digits always round-trip. */
const float32Number = (value: number): number => Number(value.toPrecision(9));

/** A row as one JSON line (no newline). */
export function rowLine(row: IndexRow): string {
  return JSON.stringify({ ...row, vector: Array.from(row.vector, float32Number) });
}

/** Any JSON value as one line. */
export const jsonLine = (value: unknown): string => JSON.stringify(value);

/**
 * The lines of a JSONL text, parsed, with their 1-based line numbers; blank lines are skipped.
 * A line that is not JSON throws, naming the file and the line.
 */
export function* parseJsonLines(
  text: string,
  file: string,
): Generator<{ line: number; value: unknown }> {
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (raw === '') continue;
    if (jsonDepth(raw, MAX_LINE_DEPTH) > MAX_LINE_DEPTH) {
      throw new SyntaxError(`${file}, line ${line}, nests deeper than an export's lines do.`);
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SyntaxError(`${file}, line ${line}, is not valid JSON.`);
    }
    yield { line, value };
  }
}
