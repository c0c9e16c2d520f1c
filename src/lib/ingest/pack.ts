// Greedy packing of counted units into chunks for chunk.ts: section rules, overlap of trailing
// sentences, table headers repeated, an exact token count of every chunk, the page it starts on.

import type { ChunkSpan, PageSpan } from './types';
import { SENTENCE_BREAK, splitSpan, type Section, type Span } from './split';

/** A piece of text with its token count (net of the counter's fixed per-call overhead). */
export interface Unit extends Span {
  tokens: number;
  section: number;
  /** Part of a Markdown table: never carried as overlap (rows appear once, with their header). */
  tableRow?: boolean;
  /** A row below its table's header: a chunk starting here repeats this header in front. */
  header?: Span & { tokens: number };
}

export interface PackInput {
  text: string;
  units: Unit[];
  sections: Section[];
  /** Index of each section's first unit in `units`. */
  firstUnit: number[];
  sectionTokens: number[];
  headingOnly: boolean[];
  tiny: boolean[];
  maxTokens: number;
  overhead: number;
  overlapBudget: number;
  countTokens: (text: string) => number;
  /** Net token count of a span of `text`. */
  net: (span: Span) => number;
  pages: PageSpan[];
}

interface Draft {
  /** Trailing sentences of the previous chunk, repeated at the start of this one. */
  overlap: Unit[];
  /** The table header repeated in front (the first unit's), with its line break. */
  header: string;
  first: number;
  last: number;
  /** overhead + the sum of its units' tokens, or the exact count when `exact`. */
  tokens: number;
  exact: boolean;
  /** Made only of whole tiny sections, so another tiny section may join it. */
  wholeTiny: boolean;
}

function commonPrefix(a: readonly string[], b: readonly string[]): string[] {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return a.slice(0, length);
}

/** The page containing `offset` (or the last page starting before it), binary search. */
function pageAt(pages: readonly PageSpan[], offset: number): number | undefined {
  let low = 0;
  let high = pages.length - 1;
  let found: PageSpan | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const page = pages[middle] as PageSpan;
    if (page.start <= offset) {
      found = page;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found?.page;
}

export function packUnits(input: PackInput): ChunkSpan[] {
  const { text, units, sections, firstUnit, maxTokens, overhead } = input;
  const unitAt = (index: number): Unit => units[index] as Unit;
  const sectionAt = (index: number): Section => sections[index] as Section;
  const pages = input.pages.filter((page) => page.end > page.start);
  const chunks: ChunkSpan[] = [];
  let previous: { start: number; first: number; last: number } | undefined;

  const open = (index: number, overlap: Unit[]): Draft => {
    const unit = unitAt(index);
    let carried = unit.header ? [] : overlap;
    let sum =
      (unit.header?.tokens ?? 0) + carried.reduce((total, piece) => total + piece.tokens, 0);
    while (carried.length > 0 && overhead + sum + unit.tokens > maxTokens) {
      sum -= carried[0]?.tokens ?? 0;
      carried = carried.slice(1);
    }
    const wholeTiny =
      carried.length === 0 && index === firstUnit[unit.section] && !!input.tiny[unit.section];
    const tokens = overhead + sum + unit.tokens;
    const header = unit.header ? `${text.slice(unit.header.start, unit.header.end)}\n` : '';
    return { overlap: carried, header, first: index, last: index, tokens, exact: false, wholeTiny };
  };

  /** May section `next` continue this draft's chunk instead of starting its own? */
  const canJoin = (draft: Draft, next: number): boolean => {
    const from = unitAt(draft.first).section;
    const to = unitAt(draft.last).section;
    let onlyHeadings = draft.overlap.length === 0;
    for (let index = from; index <= to && onlyHeadings; index++) {
      onlyHeadings = !!input.headingOnly[index];
    }
    if (onlyHeadings && sectionAt(next).level > sectionAt(to).level) return true;
    const top = sectionAt(next).top;
    return (
      draft.wholeTiny &&
      !!input.tiny[next] &&
      top > 0 &&
      top === sectionAt(from).top &&
      draft.tokens + (input.sectionTokens[next] ?? Infinity) <= maxTokens
    );
  };

  const headingPath = (first: number, last: number): string[] => {
    const to = unitAt(last).section;
    let path: string[] | undefined;
    for (let index = unitAt(first).section; index <= to; index++) {
      if (input.headingOnly[index] && index !== to) continue;
      const own = sectionAt(index).path;
      path = path ? commonPrefix(path, own) : own;
    }
    return [...(path ?? [])];
  };

  const draftText = (draft: Draft): string =>
    draft.header +
    text.slice(draft.overlap[0]?.start ?? unitAt(draft.first).start, unitAt(draft.last).end);

  /** Emits the draft (shortened if its exact count is over) and returns the next unit index. */
  const close = (draft: Draft): number => {
    let { overlap, last } = draft;
    for (let known = draft.exact ? draft.tokens : undefined; ; known = undefined) {
      const start = overlap[0]?.start ?? unitAt(draft.first).start;
      const end = unitAt(last).end;
      const chunk = draft.header + text.slice(start, end);
      const tokens = known ?? input.countTokens(chunk);
      if (tokens <= maxTokens || (last === draft.first && overlap.length === 0)) {
        const page = pages.length > 0 ? pageAt(pages, start) : undefined;
        const headings = headingPath(draft.first, last);
        const span: ChunkSpan = {
          ordinal: chunks.length,
          text: chunk,
          start,
          end,
          headingPath: headings,
          tokens,
        };
        if (page !== undefined) span.page = page;
        if (draft.header) span.tableHeaderChars = draft.header.length;
        chunks.push(span);
        previous = { start, first: draft.first, last };
        return last + 1;
      }
      // Over by the exact count (the sum of parts was optimistic): drop overlap, then units.
      if (overlap.length > 0) overlap = overlap.slice(1);
      else last--;
    }
  };

  /** Whole trailing sentences of the previous chunk, in the section of unit `next`. */
  const overlapFor = (next: number): Unit[] => {
    if (!previous || input.overlapBudget <= 0 || next >= units.length) return [];
    const section = unitAt(next).section;
    const carried: Unit[] = [];
    let sum = 0;
    for (let index = previous.last; index >= previous.first; index--) {
      const unit = unitAt(index);
      if (unit.section !== section || unit.tableRow) break;
      const pieces = splitSpan(text, unit.start, unit.end, SENTENCE_BREAK);
      for (let k = pieces.length - 1; k >= 0; k--) {
        const piece = pieces[k] as Span;
        if (piece.start <= previous.start) return carried;
        const tokens = pieces.length === 1 ? unit.tokens : input.net(piece);
        if (sum + tokens > input.overlapBudget) return carried;
        carried.unshift({ ...piece, tokens, section });
        sum += tokens;
      }
    }
    return carried;
  };

  let draft: Draft | undefined;
  let index = 0;
  while (index < units.length || draft) {
    if (!draft) {
      draft = open(index, []);
      index++;
      continue;
    }
    const unit = units[index];
    const sectionStart = unit !== undefined && index === firstUnit[unit.section];
    const boundary = unit === undefined || (sectionStart && !canJoin(draft, unit.section));
    let fits = !boundary && draft.tokens + (unit?.tokens ?? Infinity) <= maxTokens;
    if (unit && !boundary && !fits && !draft.exact) {
      // The sum of parts over-counts with some counters: count the draft once for real.
      draft.tokens = input.countTokens(draftText(draft));
      draft.exact = true;
      fits = draft.tokens + unit.tokens <= maxTokens;
    }
    if (unit && fits) {
      if (sectionStart) draft.wholeTiny &&= !!input.tiny[unit.section];
      draft.tokens += unit.tokens;
      draft.exact = false;
      draft.last = index++;
      continue;
    }
    const next = close(draft);
    draft = undefined;
    if (next < index || (!boundary && next < units.length)) {
      draft = open(next, overlapFor(next));
      index = next + 1;
    }
  }
  return chunks;
}
