// Text analysis for keyword search (the only importer of stemmer): words split at spaces and
// punctuation, lower-cased, English stop words dropped, Porter stems; compounds also as one term.
import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stopWords';

/** MiniSearch's default word boundary, kept so stored analyses and highlights stay the same. */
const BOUNDARY = /[\n\r\p{Z}\p{P}]+/u;
/** Words joined by hyphens or slashes ("e-mail", "TCP/IP"): indexed whole as well as in parts. */
const COMPOUND = /[\p{L}\p{N}]+(?:[-/][\p{L}\p{N}]+)+/gu;

/** Stems by lower-cased word: a corpus repeats a few tens of thousands of words millions of times. */
const keyCache = new Map<string, string | null>();
const KEY_CACHE_LIMIT = 200_000;

/** The index key of a word: lower-cased Porter stem, or null for a stop word or punctuation. */
export function termKey(word: string): string | null {
  const lower = word.toLowerCase();
  let key = keyCache.get(lower);
  if (key === undefined) {
    key = lower.length === 0 || STOP_WORDS.has(lower) ? null : stemmer(lower);
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(lower, key);
  }
  return key;
}

/** The words of a text, as they appear (empty strings dropped). */
export function words(text: string): string[] {
  return text.split(BOUNDARY).filter((w) => w !== '');
}

/** A surface word (lower-cased) with the index key it analyses to. */
export interface Term {
  word: string;
  key: string;
}

/**
 * Every indexed term of a text, in order: the keys of its words, then one key per hyphen- or
 * slash-joined compound (its parts joined without the separators, so "e-mail" also matches
 * "email"). A document's length is the number of these terms.
 */
export function analyse(text: string): Term[] {
  const terms: Term[] = [];
  for (const word of words(text)) {
    const key = termKey(word);
    if (key !== null) terms.push({ word: word.toLowerCase(), key });
  }
  for (const match of text.matchAll(COMPOUND)) {
    const word = match[0].toLowerCase();
    const key = termKey(word.replace(/[-/]/g, ''));
    if (key !== null) terms.push({ word, key });
  }
  return terms;
}
