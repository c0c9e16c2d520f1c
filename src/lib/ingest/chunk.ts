// Structure-aware chunking: sections by Markdown heading, then paragraphs (Markdown tables by
// rows), lines, sentences and words, packed greedily up to a token budget, with whole trailing
// sentences carried as overlap.

import type { ChunkSpan, ChunkingSettings, PageSpan } from './types';
import {
  LINE_BREAK,
  PARAGRAPH_BREAK,
  SENTENCE_BREAK,
  WORD_BREAK,
  sliceSpan,
  splitSections,
  splitSpan,
  trimSpan,
  type Span,
} from './split';
import { packUnits, type Unit } from './pack';
import { findTables, type TableSpan } from './tables';

export const DEFAULT_CHUNKING: ChunkingSettings = { maxTokens: 200, overlapTokens: 40 };

export interface ChunkOptions extends ChunkingSettings {
  countTokens: (text: string) => number;
  pages?: PageSpan[];
}

/** A fallback token count when no tokenizer is loaded: ~1.3 per word, 1 per CJK character. */
export function estimateTokens(text: string): number {
  let words = 0;
  let cjk = 0;
  let long = 0;
  let wordLength = 0;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    const space = code === 32 || code === 10 || code === 9 || code === 13 || code === 160;
    const ideograph = (code >= 0x3040 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af);
    if (ideograph) cjk++;
    if (space || ideograph) {
      if (wordLength > 0) words++;
      if (wordLength > 12) long += (wordLength - 12) / 6;
      wordLength = 0;
    } else wordLength++;
  }
  return Math.ceil(words * 1.3 + cjk + long);
}

/** Spans longer than this many characters per budgeted token are not counted: surely too long. */
const MAX_CHARS_PER_TOKEN = 16;
/** A section this small (share of maxTokens) may share a chunk with its neighbours. */
const TINY_SECTION_SHARE = 0.25;
const LEVELS = [LINE_BREAK, SENTENCE_BREAK, WORD_BREAK];
/** A table header costing more than this share of the budget is not repeated. */
const MAX_HEADER_SHARE = 0.5;

function isOneCodePoint(text: string, span: Span): boolean {
  return span.end - span.start === 2 && (text.codePointAt(span.start) ?? 0) > 0xffff;
}

/**
 * Cuts `text` into chunks. Every chunk is `text.slice(start, end)`, after a repeated table header
 * when it starts inside a table; together they hold every non-whitespace character. A chunk
 * stays within one section, except that a section with only a heading joins the sub-section that
 * follows, and tiny sections (≤ ¼ of maxTokens) under the same top-level heading share chunks. No
 * chunk exceeds maxTokens unless a single character (or a table row with its header) does.
 * Overlap repeats trailing whole sentences (up to overlapTokens) of the previous chunk of the
 * same section, never table rows. A Markdown table that fits stays whole; a larger one is cut
 * between rows, and each part after the first repeats the header row and delimiter row.
 */
export function chunkText(text: string, options: ChunkOptions): ChunkSpan[] {
  const { maxTokens, countTokens } = options;
  const overhead = Math.min(Math.max(0, countTokens('')), Math.floor(maxTokens / 2));
  const budget = Math.max(1, maxTokens - overhead);
  const overlapBudget = Math.max(0, Math.min(options.overlapTokens, budget - 1));
  const net = (span: Span): number =>
    Math.max(0, countTokens(text.slice(span.start, span.end)) - overhead);

  const units: Unit[] = [];
  const toUnits = (
    span: Span,
    section: number,
    level: number,
    known?: number,
    limit = budget,
  ): void => {
    const tooLong = span.end - span.start > limit * MAX_CHARS_PER_TOKEN;
    const tokens = known ?? (tooLong ? Infinity : net(span));
    if (tokens <= limit) {
      units.push({ ...span, tokens, section });
    } else if (level < LEVELS.length) {
      const pieces = splitSpan(text, span.start, span.end, LEVELS[level] as RegExp);
      if (pieces.length === 1) toUnits(span, section, level + 1, tokens, limit);
      else for (const piece of pieces) toUnits(piece, section, level + 1, undefined, limit);
    } else if (span.end - span.start <= 1 || isOneCodePoint(text, span)) {
      units.push({ ...span, tokens: Number.isFinite(tokens) ? tokens : net(span), section });
    } else {
      // A single word over budget: cut it into slices, halving until each fits.
      const size = tooLong ? limit * 4 : Math.ceil((span.end - span.start) / 2);
      for (const piece of sliceSpan(text, span.start, span.end, size))
        toUnits(piece, section, level, undefined, limit);
    }
  };

  /** A table's units: whole if it fits, else header + first row, then a unit per row. */
  const tableUnits = (table: TableSpan, section: number): void => {
    const from = units.length;
    const whole = { start: table.start, end: table.end };
    const header = { start: table.start, end: table.headerEnd };
    const headerTokens = net(header);
    const rows = splitSpan(text, table.headerEnd, table.end, LINE_BREAK);
    const first = rows[0] ? { start: table.start, end: rows[0].end } : whole;
    const wholeTokens =
      whole.end - whole.start > budget * MAX_CHARS_PER_TOKEN ? Infinity : net(whole);
    if (wholeTokens <= budget) {
      units.push({ ...whole, tokens: wholeTokens, section });
    } else if (headerTokens > budget * MAX_HEADER_SHARE) {
      // A header this large is not worth repeating: its rows are cut like any lines.
      toUnits(whole, section, 0);
    } else {
      const firstTokens = net(first);
      if (firstTokens <= budget) units.push({ ...first, tokens: firstTokens, section });
      else toUnits(header, section, 0);
      const repeat = { ...header, tokens: headerTokens };
      for (const [index, row] of rows.entries()) {
        if (index === 0 && firstTokens <= budget) continue;
        const at = units.length;
        toUnits(row, section, 1, undefined, budget - headerTokens);
        for (const unit of units.slice(at)) unit.header = repeat;
      }
    }
    for (const unit of units.slice(from)) unit.tableRow = true;
  };

  /** A paragraph's units, its tables (`tables` in order; `nextTable` is the next) by rows. */
  const tables = findTables(text);
  let nextTable = 0;
  const paragraphUnits = (paragraph: Span, section: number): void => {
    let cursor = paragraph.start;
    for (let table = tables[nextTable]; table && table.start < paragraph.end;) {
      if (table.start >= cursor) {
        const before = trimSpan(text, cursor, table.start);
        if (before.end > before.start) toUnits(before, section, 0);
        tableUnits(table, section);
        cursor = table.end;
      }
      table = tables[++nextTable];
    }
    const rest = trimSpan(text, cursor, paragraph.end);
    if (rest.end > rest.start) toUnits(rest, section, 0);
  };

  const sections = splitSections(text);
  const firstUnit: number[] = [];
  const sectionTokens: number[] = [];
  sections.forEach((section, index) => {
    firstUnit.push(units.length);
    if (section.headingEnd > section.start) {
      toUnits(trimSpan(text, section.start, section.headingEnd), index, 1);
    }
    for (const paragraph of splitSpan(text, section.headingEnd, section.end, PARAGRAPH_BREAK)) {
      paragraphUnits(paragraph, index);
    }
    sectionTokens.push(units.slice(firstUnit[index]).reduce((sum, unit) => sum + unit.tokens, 0));
  });
  const headingOnly = sections.map(
    (section) => !/\S/.test(text.slice(section.headingEnd, section.end)),
  );
  const tiny = sectionTokens.map((tokens) => tokens <= maxTokens * TINY_SECTION_SHARE);
  const packInput = { text, units, sections, firstUnit, sectionTokens, headingOnly, tiny };
  return packUnits({
    ...packInput,
    maxTokens,
    overhead,
    overlapBudget,
    countTokens,
    net,
    pages: options.pages ?? [],
  });
}
