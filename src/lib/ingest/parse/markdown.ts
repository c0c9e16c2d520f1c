// Markdown files: kept as Markdown (the chunker reads its `#` headings), with YAML/TOML front
// matter removed and Setext headings (underlined with === or ---) rewritten as `#` headings.

import type { ParsedDocument } from '../types';
import { decodeUtf8 } from '../detect';
import { normaliseText } from '../normalise';

const FRONT_MATTER = /^(---|\+\+\+)[ \t]*\n([\s\S]*?)\n\1[ \t]*(\n|$)/;
const FENCE = /^ {0,3}(```|~~~)/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/;
const TITLE_FIELD = /^title[ \t]*[:=][ \t]*["']?(.+?)["']?[ \t]*$/m;

interface FrontMatter {
  body: string;
  title?: string;
}

function stripFrontMatter(text: string): FrontMatter {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { body: text };
  const title = TITLE_FIELD.exec(match[2] ?? '')?.[1]?.trim();
  const body = text.slice(match[0].length);
  return title ? { body, title } : { body };
}

/** Rewrites Setext headings as ATX headings, outside fenced code blocks. */
export function atxHeadings(text: string): string {
  const lines = text.split('\n');
  let inFence = false;
  for (let i = 1; i < lines.length; i++) {
    if (FENCE.test(lines[i - 1] ?? '')) inFence = !inFence;
    const line = lines[i] ?? '';
    const previous = lines[i - 1] ?? '';
    const underline = SETEXT_UNDERLINE.exec(line);
    if (inFence || !underline || previous.trim() === '' || isStructural(previous)) continue;
    // A single '-' under text is a list item in waiting, not a heading.
    if (underline[1] === '-') continue;
    const level = underline[1]?.startsWith('=') ? '#' : '##';
    lines[i - 1] = `${level} ${previous.trim()}`;
    lines[i] = '';
  }
  return lines.join('\n');
}

function isStructural(line: string): boolean {
  return /^ {0,3}([#>*+-]|\d+[.)]|\||```|~~~)/.test(line) || /^( {4}|\t)/.test(line);
}

export function parseMarkdown(bytes: Uint8Array, name: string): ParsedDocument {
  const decoded = normaliseText(decodeUtf8(bytes, name));
  const { body, title: metaTitle } = stripFrontMatter(decoded);
  const text = normaliseText(atxHeadings(body));
  const title = metaTitle ?? firstHeading(text);
  return title ? { format: 'md', text, title } : { format: 'md', text };
}

function firstHeading(text: string): string | undefined {
  for (const line of text.split('\n', 50)) {
    const match = ATX_HEADING.exec(line);
    if (match && line.trimStart().startsWith('# ')) return match[1];
  }
  return undefined;
}
