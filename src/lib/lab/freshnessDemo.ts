// The comparison lab's freshness demo: a sample document written for ragtune (so no model can
// know it) holds one crisp fact, a price. Ask the question, edit the price in the document viewer
// (or with applyFreshnessEdit), ask again: the RAG arm follows the new price, a model alone cannot.
// Pure: no DOM, no fetch (load the sample with samples.ts's loadSampleItem(sampleFile)).
import { RagtuneError } from '../errors';

export interface FreshnessDemo {
  /** The sample's file name in public/samples/ and the document's name once added. */
  sampleFile: string;
  /** The question to ask every arm, before and after the edit. */
  question: string;
  /** The fact as the sample ships it: the answer a RAG arm should give before the edit. */
  originalAnswer: string;
  /** The edit: every `find` in the text becomes `replace`. */
  edit: { find: string; replace: string };
  /** The answer a RAG arm should give after the edit. */
  newAnswer: string;
}

export const FRESHNESS_DEMO: FreshnessDemo = {
  sampleFile: 'halcyon-h2-home-battery.md',
  question: 'How much does the Halcyon H2 home battery cost?',
  originalAnswer: '4,350 euros',
  edit: { find: 'cost is 4,350 euros', replace: 'cost is 3,980 euros' },
  newAnswer: '3,980 euros',
};

export type FreshnessState = 'original' | 'edited' | 'changed';

/** Whether a text still states the original fact, has had the demo's edit, or neither. */
export function freshnessState(text: string, demo: FreshnessDemo = FRESHNESS_DEMO): FreshnessState {
  if (text.includes(demo.edit.find)) return 'original';
  return text.includes(demo.edit.replace) ? 'edited' : 'changed';
}

/**
 * The text with the demo's fact changed (every occurrence, so the old fact is gone). Throws a
 * RagtuneError 'fact-not-found' when the text no longer states the original fact: its message
 * says whether the edit was already made or the text was changed otherwise, and what to do.
 */
export function applyFreshnessEdit(text: string, demo: FreshnessDemo = FRESHNESS_DEMO): string {
  const { find, replace } = demo.edit;
  const state = freshnessState(text, demo);
  if (state === 'original') return text.split(find).join(replace);
  throw new RagtuneError(
    'fact-not-found',
    state === 'edited'
      ? `This document already says “${replace}”: the demo’s edit has been made. Ask the ` +
          `question again to compare, or delete the document and add the sample ` +
          `“${demo.sampleFile}” afresh to start over.`
      : `This document no longer says “${find}”, so the demo cannot change it. Delete it and ` +
          `add the sample “${demo.sampleFile}” afresh, or edit the price yourself in the ` +
          `document viewer.`,
  );
}

/**
 * The text with the demo's edit undone (the sample states its original price again). Throws a
 * RagtuneError 'fact-not-found' when the text does not hold the edited price.
 */
export function restoreFreshnessFact(text: string, demo: FreshnessDemo = FRESHNESS_DEMO): string {
  const { find, replace } = demo.edit;
  if (freshnessState(text, demo) === 'edited') return text.split(replace).join(find);
  throw new RagtuneError(
    'fact-not-found',
    `This document does not say “${replace}”, so there is no demo edit to undo.`,
  );
}

/**
 * A thousands separator between digits: ",", ".", "'", a (narrow) space — or a separator and a
 * space, as word-piece tokenizers decode "4,350" ("4, 350").
 */
const THOUSANDS = /(\d)(?:[,.'\u00a0\u202f]\s?|\s)(?=\d{3}(?!\d))/g;

/** The digits of an amount, with thousands separators (",", ".", spaces, "'") dropped. */
function amountDigits(amount: string): string {
  const match = /\d[\d,.'\s\u00a0\u202f]*\d|\d/.exec(amount);
  return match ? match[0].replace(THOUSANDS, '$1') : '';
}

/**
 * Whether a model's answer states this amount, however it writes it: "4,350 euros",
 * "€4350", "4 350 EUR", "4.350 €", "4,350.00" all state "4,350 euros". A number that merely
 * contains the digits (43,500) does not count.
 */
export function mentionsAmount(answer: string, amount: string): boolean {
  const digits = amountDigits(amount);
  if (!digits) return false;
  const normalised = answer.replace(THOUSANDS, '$1').replace(/(\d)[.,]0{1,2}(?!\d)/g, '$1');
  return new RegExp(`(?<![\\d.,])${digits}(?!\\d|[.,]\\d)`).test(normalised);
}

export type FreshnessVerdict = 'original' | 'new' | 'both' | 'neither';

/** Which of the demo's facts an answer states: the RAG arm should move from 'original' to 'new'. */
export function freshnessVerdict(
  answer: string,
  demo: FreshnessDemo = FRESHNESS_DEMO,
): FreshnessVerdict {
  const original = mentionsAmount(answer, demo.originalAnswer);
  const fresh = mentionsAmount(answer, demo.newAnswer);
  return original && fresh ? 'both' : original ? 'original' : fresh ? 'new' : 'neither';
}
