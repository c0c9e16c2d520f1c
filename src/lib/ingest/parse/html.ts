// HTML → plain text that keeps its structure as Markdown: headings become `#` lines, blocks,
// list items and table rows get their own lines. The only importer of htmlparser2 (no DOM needed).

import { Parser } from 'htmlparser2';
import { normaliseText } from '../normalise';

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

/** Accumulates text, collapsing whitespace and never writing more line breaks than asked for. */
class TextBuilder {
  private readonly parts: string[] = [];
  /** Line breaks at the end of the output; starts high so nothing is written before the text. */
  private trailingNewlines = 2;
  private pendingSpace = false;

  text(data: string, preformatted: boolean): void {
    if (preformatted) {
      if (data === '') return;
      this.flushSpace();
      this.parts.push(data);
      const tail = /\n*$/.exec(data)?.[0].length ?? 0;
      this.trailingNewlines = tail === data.length ? this.trailingNewlines + tail : tail;
      return;
    }
    const collapsed = data.replace(/\s+/g, ' ');
    if (collapsed === '') return;
    if (collapsed.startsWith(' ')) this.space();
    const word = collapsed.trim();
    if (word === '') return;
    this.flushSpace();
    this.parts.push(word);
    this.trailingNewlines = 0;
    this.pendingSpace = collapsed.endsWith(' ');
  }

  /** Writes literal markup such as '## ' or '- ' (always at the start of a line). */
  raw(markup: string): void {
    this.pendingSpace = false;
    this.parts.push(markup);
    this.trailingNewlines = 0;
  }

  space(): void {
    if (this.trailingNewlines === 0) this.pendingSpace = true;
  }

  /** Ends the current line; `blank` also leaves an empty line (a paragraph break). */
  newline(blank = false): void {
    this.pendingSpace = false;
    const wanted = blank ? 2 : 1;
    if (this.trailingNewlines >= wanted) return;
    this.parts.push('\n'.repeat(wanted - this.trailingNewlines));
    this.trailingNewlines = wanted;
  }

  private flushSpace(): void {
    if (this.pendingSpace && this.trailingNewlines === 0) this.parts.push(' ');
    this.pendingSpace = false;
  }

  toString(): string {
    return this.parts.join('');
  }
}

/** A list inside a list item continues its parent's lines instead of starting a paragraph. */
function isNestedList(name: string, enclosingLists: number): boolean {
  return (name === 'ul' || name === 'ol') && enclosingLists > 0;
}

interface ListState {
  ordered: boolean;
  next: number;
}

/** Converts an HTML document or fragment to normalised text with Markdown headings. */
export function htmlToText(html: string): HtmlText {
  const out = new TextBuilder();
  const lists: ListState[] = [];
  let skipDepth = 0;
  let preDepth = 0;
  let headingDepth = 0;
  let cellIndex = 0;
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
        if (name === 'tr') cellIndex = 0;
        if (name === 'td' || name === 'th') {
          if (cellIndex++ > 0) out.raw(' | ');
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
        out.text(data, preDepth > 0 && headingDepth === 0);
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          if (name === 'title') inTitle = false;
          return;
        }
        if (HEADING.test(name)) {
          headingDepth = Math.max(0, headingDepth - 1);
          out.newline(true);
        } else if (PARAGRAPHS.has(name)) out.newline(!isNestedList(name, lists.length - 1));
        else if (LINES.has(name)) out.newline();
        else if (name === 'td' || name === 'th') out.space();
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
