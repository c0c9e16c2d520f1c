// Finding Markdown tables in a document's text: header + delimiter with as many cells, rows up to
// a blank line, a pipe-less line or a heading; nothing in fenced code or with a mismatched header.

import { describe, expect, it } from 'vitest';
import { cellCount, findTables } from '../../../src/lib/ingest/tables';

const spans = (text: string) =>
  findTables(text).map((t) => ({
    header: text.slice(t.start, t.headerEnd),
    rows: text.slice(t.headerEnd, t.end).trim(),
  }));

describe('findTables', () => {
  it('finds a table after text, with or without outer pipes, and where it ends', () => {
    const text =
      'Intro line\n| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\nAfter.\n\n' +
      '  x | y\n  --- | ---\n  5 | 6\nNot a row\n| 7 |';
    expect(spans(text)).toEqual([
      { header: '| a | b |\n|---|:-:|', rows: '| 1 | 2 |\n| 3 | 4 |' },
      { header: 'x | y\n  --- | ---', rows: '5 | 6' },
    ]);
  });

  it('ends a table at a heading and ignores tables in fenced code', () => {
    const text =
      '| a | b |\n| - | - |\n| 1 | 2 |\n## Next | part\n\n```\n| c | d |\n| - | - |\n```';
    expect(spans(text)).toEqual([{ header: '| a | b |\n| - | - |', rows: '| 1 | 2 |' }]);
  });

  it('needs a delimiter row with as many cells as the header', () => {
    expect(findTables('| a | b | c |\n| --- | --- |\n| 1 | 2 | 3 |')).toEqual([]);
    expect(findTables('a | b\n--- --- \n1 | 2')).toEqual([]);
    expect(findTables('Title\n---\ntext')).toEqual([]);
  });

  it('counts cells without the outer pipes and escaped ones', () => {
    expect(cellCount('| a | b \\| c |')).toBe(2);
    expect(cellCount('a | b | c')).toBe(3);
    expect(cellCount('|---|')).toBe(1);
  });
});
