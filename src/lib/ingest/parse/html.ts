// HTML → plain text that keeps its structure as Markdown: headings become `#` lines, blocks and
// list items get their own lines, tables become Markdown tables (htmlTable.ts). The only importer
// of htmlparser2 (no DOM needed).

import { Parser } from 'htmlparser2';
import { normaliseText } from '../normalise';
import { TableBuilder } from './htmlTable';
import { TextBuilder } from './textBuilder';

/** Elements whose content is never text a person reads. */
const DROPPED = new Set([
  'title',
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'select',
  'button',
]);

/** Elements that start and end a paragraph (a blank line around them). */
const PARAGRAPHS = new Set([
  'p',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'address',
  'details',
  'fieldset',
  'hr',
]);

/** Elements that start and end a line. */
const LINES = new Set([
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'form',
  'li',
  'dt',
  'dd',
  'tr',
  'caption',
  'figcaption',
  'summary',
  'legend',
  'body',
  'html',
]);

const HEADING = /^h([1-6])$/;

export interface HtmlText {
  text: string;
  title?: string;
}

/** A list inside a list item continues its parent's lines instead of starting a paragraph. */
function isNestedList(name: string, enclosingLists: number): boolean {
  return (name === 'ul' || name === 'ol') && enclosingLists > 0;
}

interface ListState {
  ordered: boolean;
  next: number;
}

/** Inside a table cell, a block or line boundary is a space: a row stays on one line. */
function breaksLine(name: string): boolean {
  return PARAGRAPHS.has(name) || LINES.has(name) || HEADING.test(name) || name === 'br';
}

/** Routes what the parser meets inside <table>s (nested ones flatten into their outer cell). */
function tableHandler(out: TextBuilder) {
  const tables: TableBuilder[] = [];
  const write = (table: TableBuilder): void => {
    const outer = tables.at(-1);
    if (outer) return outer.text(` ${table.flatText()} `);
    out.newline(true);
    const loose = table.looseText();
    if (loose) {
      out.text(loose, false);
      out.newline(true);
    }
    for (const line of table.lines()) {
      out.raw(line);
      out.newline();
    }
    out.newline(true);
  };
  return {
    get active(): boolean {
      return tables.length > 0;
    },
    open(name: string, attribs: Record<string, string>): void {
      const table = tables.at(-1);
      if (name === 'table') tables.push(new TableBuilder());
      else if (!table) return;
      else if (name === 'tr') table.startRow();
      else if (name === 'td' || name === 'th') table.startCell(attribs.colspan, attribs.rowspan);
      else if (name === 'img' && attribs.alt) table.text(` ${attribs.alt} `);
      else if (breaksLine(name)) table.text(' ');
    },
    text(data: string): void {
      tables.at(-1)?.text(data);
    },
    close(name: string): void {
      const table = tables.at(-1);
      if (!table) return;
      if (name === 'table') {
        tables.pop();
        write(table);
      } else if (name === 'tr') table.endRow();
      else if (name === 'td' || name === 'th') table.endCell();
      else if (breaksLine(name)) table.text(' ');
    },
  };
}

/** Converts an HTML document or fragment to normalised text with Markdown headings. */
export function htmlToText(html: string): HtmlText {
  const out = new TextBuilder();
  const lists: ListState[] = [];
  let skipDepth = 0;
  let preDepth = 0;
  let headingDepth = 0;
  const tables = tableHandler(out);
  let inTitle = false;
  let title = '';

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (skipDepth > 0 || DROPPED.has(name) || 'hidden' in attribs) {
          if (name === 'title') inTitle = true;
          skipDepth++;
          return;
        }
        if (name === 'table' || tables.active) return tables.open(name, attribs);
        const heading = HEADING.exec(name);
        if (heading) {
          out.newline(true);
          out.raw(`${'#'.repeat(Number(heading[1]))} `);
          headingDepth++;
        } else if (PARAGRAPHS.has(name)) out.newline(!isNestedList(name, lists.length));
        else if (LINES.has(name)) out.newline();
        if (name === 'pre') preDepth++;
        if (name === 'ul' || name === 'ol') lists.push({ ordered: name === 'ol', next: 1 });
        if (name === 'li') {
          const list = lists.at(-1);
          const indent = '  '.repeat(Math.max(0, lists.length - 1));
          out.raw(list?.ordered ? `${indent}${list.next++}. ` : `${indent}- `);
        }
        if (name === 'br') {
          if (headingDepth > 0) out.space();
          else out.newline();
        }
        if (name === 'img' && attribs.alt) out.text(` ${attribs.alt} `, false);
      },
      ontext(data) {
        if (inTitle) title += data;
        if (skipDepth > 0) return;
        if (tables.active) tables.text(data);
        else out.text(data, preDepth > 0 && headingDepth === 0);
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          if (name === 'title') inTitle = false;
          return;
        }
        if (tables.active) return tables.close(name);
        if (HEADING.test(name)) {
          headingDepth = Math.max(0, headingDepth - 1);
          out.newline(true);
        } else if (PARAGRAPHS.has(name)) out.newline(!isNestedList(name, lists.length - 1));
        else if (LINES.has(name)) out.newline();
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (name === 'ul' || name === 'ol') lists.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  const text = normaliseText(out.toString()).replace(/^(#{1,6}) *$/gm, '');
  return cleanTitle
    ? { text: normaliseText(text), title: cleanTitle }
    : { text: normaliseText(text) };
}
