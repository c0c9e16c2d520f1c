// HTML tables as Markdown tables: header row, spans repeated, pipes escaped, line breaks
// flattened, nested tables, tables too small to be data tables, and hostile spans bounded.

import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/lib/ingest/parse';
import { escapeCell, spanCount } from '../../../src/lib/ingest/parse/htmlTable';

const text = (html: string): string => htmlToText(html).text;

describe('HTML tables', () => {
  it('writes a <th> row as the header and every row on its own line', () => {
    const html =
      '<p>Before</p><table><thead><tr><th>Name</th><th>Price</th></tr></thead>' +
      '<tbody><tr><td>Tea</td><td>3 €</td></tr><tr><td>Coffee</td><td>4 €</td></tr></tbody>' +
      '</table><p>After</p>';
    expect(text(html)).toBe(
      'Before\n\n| Name | Price |\n| --- | --- |\n| Tea | 3 € |\n| Coffee | 4 € |\n\nAfter',
    );
  });

  it('takes the first row as the header when there is no <th>', () => {
    expect(text('<table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>')).toBe(
      '| a | b |\n| --- | --- |\n| 1 | 2 |',
    );
  });

  it('repeats a cell spanning columns or rows into every position it covers', () => {
    const html =
      '<table><tr><th>Region</th><th colspan="2">Sales</th></tr>' +
      '<tr><td rowspan="2">North</td><td>Q1</td><td>10</td></tr>' +
      '<tr><td>Q2</td><td>12</td></tr><tr><td>South</td><td>Q1</td></tr></table>';
    expect(text(html)).toBe(
      '| Region | Sales | Sales |\n| --- | --- | --- |\n| North | Q1 | 10 |\n' +
        '| North | Q2 | 12 |\n| South | Q1 |  |',
    );
  });

  it('escapes pipes, flattens line breaks and blocks in a cell, drops scripts', () => {
    const html =
      '<table><tr><th>Key</th><th>Value</th></tr><tr><td>a|b</td>' +
      '<td><p>line one</p><ul><li>item</li></ul>two<br>three<script>x()</script></td></tr>' +
      '<tr><td><h2>Not a heading</h2></td><td><pre>pre\n  kept?</pre></td></tr></table>';
    expect(text(html)).toBe(
      '| Key | Value |\n| --- | --- |\n| a\\|b | line one item two three |\n' +
        '| Not a heading | pre kept? |',
    );
  });

  it('says a caption before its table and flattens a nested table into its cell', () => {
    const html =
      '<table><caption>Stock</caption><tr><th>Item</th><th>Parts</th></tr>' +
      '<tr><td>Lamp</td><td><table><tr><td>bulb</td><td>1</td></tr><tr><td>shade</td></tr>' +
      '</table></td></tr></table>';
    expect(text(html)).toBe('Stock\n\n| Item | Parts |\n| --- | --- |\n| Lamp | bulb, 1; shade |');
  });

  it('writes a one-row or one-column table as lines, not as a table', () => {
    expect(text('<table><tr><td>only</td><td>row</td></tr></table>')).toBe('only | row');
    expect(text('<table><tr><td>one</td></tr><tr><td>column</td></tr></table>')).toBe(
      'one\ncolumn',
    );
  });

  it('bounds spans: colspan at 100, long spanned cells not repeated', () => {
    expect(spanCount('100000', 100)).toBe(100);
    expect(spanCount('x', 100)).toBe(1);
    expect(spanCount('0', 7)).toBe(7);
    const long = 'word '.repeat(100);
    const html =
      `<table><tr><th colspan="9999">${long}</th></tr>` +
      `<tr>${'<td>c</td>'.repeat(3)}</tr></table>`;
    const lines = text(html).split('\n');
    expect(lines[0]?.split(' | ')).toHaveLength(100);
    expect(lines[0]?.match(/word/g)).toHaveLength(100);
  });

  it('escapes a backslash before a pipe so the pipe stays escaped', () => {
    expect(escapeCell('C:\\|x')).toBe('C:\\\\\\|x');
    expect(escapeCell(' a \n b ')).toBe('a b');
  });
});
