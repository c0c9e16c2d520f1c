// Finds the citations in an answer ([1], [1, 2], [1][2], [1-3], [Source 2]) with their positions,
// and scores how well a source supports an answer sentence by shared content words.
import { SENTENCE_BREAK } from '../ingest/split';
import { STOP_WORDS } from '../search/stopWords';

/**
 * One bracketed citation: numbers separated by commas, semicolons or "and", or a range with a
 * hyphen or en dash, optionally after "source"/"sources". Not a Markdown link: no "(" after it.
 */
export const CITATION_PATTERN =
  /\[(?:sources?\s*)?(\d{1,4}(?:\s*(?:[,;]|and|[-–])\s*\d{1,4})*)\](?!\()/gi;

/** Ranges longer than this are not citations (a year span such as [1990-2020], say). */
const MAX_RANGE = 50;

export interface CitationMark {
  /** Offsets of the whole bracket in the answer: answer.slice(start, end) === raw. */
  start: number;
  end: number;
  raw: string;
  /** The valid source numbers it cites (1..sourceCount), in the order written. */
  numbers: number[];
}

export interface ParsedCitations {
  marks: CitationMark[];
  /** Every valid source number cited, in order of first appearance. */
  cited: number[];
  /** Source numbers 1..sourceCount never cited. */
  uncited: number[];
}

/** The valid numbers a bracket's inside names: "1, 3-4" → [1, 3, 4] (none outside 1..count). */
export function citationNumbers(inside: string, sourceCount: number): number[] {
  const numbers: number[] = [];
  const valid = (n: number) => n >= 1 && n <= sourceCount;
  for (const part of inside.split(/\s*(?:[,;]|\band\b)\s*/i)) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from || to - from > MAX_RANGE) continue;
      for (let n = from; n <= to; n++) if (valid(n)) numbers.push(n);
    } else if (/^\d+$/.test(part) && valid(Number(part))) numbers.push(Number(part));
  }
  return [...new Set(numbers)];
}

/** Every citation in `answer` that names at least one of sources 1..sourceCount. */
export function parseCitations(answer: string, sourceCount: number): ParsedCitations {
  const marks: CitationMark[] = [];
  for (const match of answer.matchAll(CITATION_PATTERN)) {
    const numbers = citationNumbers(match[1] ?? '', sourceCount);
    if (numbers.length === 0) continue;
    const start = match.index;
    marks.push({ start, end: start + match[0].length, raw: match[0], numbers });
  }
  const cited = [...new Set(marks.flatMap((mark) => mark.numbers))];
  const uncited: number[] = [];
  for (let n = 1; n <= sourceCount; n++) if (!cited.includes(n)) uncited.push(n);
  return { marks, cited, uncited };
}

/** Rewrites each citation with `replace` (e.g. into footnote references); other text is kept. */
export function replaceCitations(
  answer: string,
  sourceCount: number,
  replace: (mark: CitationMark) => string,
): string {
  let out = '';
  let at = 0;
  for (const mark of parseCitations(answer, sourceCount).marks) {
    out += answer.slice(at, mark.start) + replace(mark);
    at = mark.end;
  }
  return out + answer.slice(at);
}

/** Lower-cased content words and numbers (stop words dropped), for overlap scores. */
export function contentWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu) ?? [];
  return words.filter((word) => !STOP_WORDS.has(word));
}

/**
 * How much of an answer sentence a source supports, in [0, 1]: the share of the sentence's
 * distinct content words (numbers included) that occur in the source. Citations do not count.
 */
export function groundingOverlap(answerSentence: string, sourceText: string): number {
  const claim = new Set(contentWords(answerSentence.replace(CITATION_PATTERN, ' ')));
  if (claim.size === 0) return 0;
  const source = new Set(contentWords(sourceText));
  let shared = 0;
  for (const word of claim) if (source.has(word)) shared++;
  return shared / claim.size;
}

/** An answer cut into sentences with their offsets, for a per-sentence grounding view. */
export function answerSentences(answer: string): Sentence[] {
  const sentences: Sentence[] = [];
  let at = 0;
  const push = (end: number) => {
    const raw = answer.slice(at, end);
    const text = raw.trim();
    if (text) {
      const start = at + raw.indexOf(text);
      sentences.push({ text, start, end: start + text.length });
    }
  };
  for (const match of answer.matchAll(SENTENCE_BREAK)) {
    push(match.index);
    at = match.index + match[0].length;
  }
  push(answer.length);
  return attachLeadingCitations(answer, sentences);
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const ONE_CITATION = new RegExp(CITATION_PATTERN.source, 'i');
const LEADING_CITATIONS = /^(?:\[[^\]\n]{1,24}\]\s*)+/;

/** "… 62 euros. [1] Hotels …": a citation after the full stop belongs to the sentence before. */
function attachLeadingCitations(answer: string, sentences: Sentence[]): Sentence[] {
  for (let i = 1; i < sentences.length; i++) {
    const sentence = sentences[i]!;
    const lead = LEADING_CITATIONS.exec(sentence.text)?.[0];
    if (!lead || !ONE_CITATION.test(lead)) continue;
    const previous = sentences[i - 1]!;
    previous.end = sentence.start + lead.trimEnd().length;
    previous.text = answer.slice(previous.start, previous.end);
    sentence.start += lead.length;
    sentence.text = answer.slice(sentence.start, sentence.end);
  }
  return sentences.filter((sentence) => sentence.text.length > 0);
}

/**
 * The source a citation button names: the one numbered `cite` ("2" → source [2]), whatever its
 * place in the list; undefined for a number no source carries or for text that is not a number.
 */
export function citedSource<T extends { n: number }>(
  sources: readonly T[],
  cite: string | undefined,
): T | undefined {
  if (cite === undefined || !/^\d{1,4}$/.test(cite.trim())) return undefined;
  const n = Number(cite.trim());
  return sources.find((source) => source.n === n);
}
