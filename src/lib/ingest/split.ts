// Splitting text into the units the chunker packs: Markdown sections (by `#` headings), then
// paragraphs, lines, sentences and words. Every split keeps offsets into the original text.

export interface Span {
  start: number;
  end: number;
}

export interface Section extends Span {
  /** Enclosing heading titles, outermost first (its own heading last); [] before any heading. */
  path: string[];
  /** Heading level 1–6, 0 for text before the first heading. */
  level: number;
  /** End of the heading line (= start when there is no heading). */
  headingEnd: number;
  /** Which top-level section this is part of: 0 before the first heading, then 1, 2, … */
  top: number;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

export const PARAGRAPH_BREAK = /\n[^\S\n]*\n\s*/g;
export const LINE_BREAK = /\n\s*/g;
/** After . ! ? … (and closing quotes) before a non-lowercase letter; after 。！？; at a newline. */
export const SENTENCE_BREAK = /(?<=[.!?…]["'”’)\]]*)\s+(?=[^\s\p{Ll}])|(?<=[。！？])\s*|\n\s*/gu;
export const WORD_BREAK = /\s+/g;

function headingTitle(raw: string): string {
  return raw
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .trim();
}

/** Cuts text into sections at ATX headings (`# Title`), ignoring `#` lines in fenced code. */
export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; title: string }[] = [];
  let current: Section = { start: 0, end: 0, path: [], level: 0, headingEnd: 0, top: 0 };
  let top = 0;
  let inFence = false;
  let pos = 0;
  while (pos <= text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    const first = text.charCodeAt(pos);
    // Only lines starting with '#', '`', '~' or a space can be headings or fences.
    if (first === 35 || first === 96 || first === 126 || first === 32) {
      const line = text.slice(pos, lineEnd);
      const heading = inFence ? null : HEADING.exec(line);
      if (FENCE.test(line)) inFence = !inFence;
      else if (heading && heading[2]) {
        current.end = pos;
        sections.push(current);
        const level = heading[1]?.length ?? 1;
        while ((stack.at(-1)?.level ?? 0) >= level) stack.pop();
        if (stack.length === 0) top++;
        stack.push({ level, title: headingTitle(heading[2]) });
        const path = stack.map((entry) => entry.title);
        current = { start: pos, end: 0, path, level, headingEnd: lineEnd, top };
      }
    }
    pos = lineEnd + 1;
  }
  current.end = text.length;
  sections.push(current);
  return sections.filter((section) => /\S/.test(text.slice(section.start, section.end)));
}

function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  return code >= 128 && /\s/.test(String.fromCharCode(code));
}

/** The span without leading and trailing whitespace (possibly empty). */
export function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/**
 * The non-empty pieces of text[start, end) between matches of `separator` (a global regex whose
 * matches are whitespace only, so the pieces still hold every non-whitespace character).
 */
export function splitSpan(text: string, start: number, end: number, separator: RegExp): Span[] {
  const sub = text.slice(start, end);
  const pieces: Span[] = [];
  let cursor = 0;
  const push = (from: number, to: number): void => {
    const piece = trimSpan(text, start + from, start + to);
    if (piece.end > piece.start) pieces.push(piece);
  };
  separator.lastIndex = 0;
  for (let match = separator.exec(sub); match; match = separator.exec(sub)) {
    if (match.index > cursor) push(cursor, match.index);
    cursor = Math.max(cursor, match.index + match[0].length);
    if (match[0].length === 0) separator.lastIndex++;
  }
  if (cursor < sub.length) push(cursor, sub.length);
  return pieces;
}

/** Cuts a span into pieces of at most `size` UTF-16 units, never inside a surrogate pair. */
export function sliceSpan(text: string, start: number, end: number, size: number): Span[] {
  const pieces: Span[] = [];
  let from = start;
  while (from < end) {
    let to = Math.min(end, from + Math.max(1, size));
    const code = text.charCodeAt(to - 1);
    if (to < end && code >= 0xd800 && code <= 0xdbff && to - 1 > from) to--;
    pieces.push({ start: from, end: to });
    from = to;
  }
  return pieces;
}
