// The token budget of a prompt: the context window minus room for the answer and the chat
// template's own tokens, and the fitting of history turns and source blocks into what is left.
import { RagtuneError } from '../errors';
import type { ChatMessage, CountTokens } from '../generate/Generator';
import { SENTENCE_BREAK } from '../ingest/split';

export type { CountTokens };

/** Tokens a chat template adds: role markers per message, BOS and the generation prompt once. */
export interface TemplateOverhead {
  perMessage: number;
  perPrompt: number;
}

/** Generous for the usual templates (ChatML, Llama 3, Gemma, Phi add 4–7 per message). */
export const DEFAULT_TEMPLATE_OVERHEAD: TemplateOverhead = { perMessage: 8, perPrompt: 16 };

/** Each counted piece gets this much slack for the joins (newlines) between pieces. */
const JOIN_SLACK = 1;

export interface BudgetOptions {
  contextWindow: number;
  maxAnswerTokens: number;
  countTokens: CountTokens;
  overhead?: TemplateOverhead;
}

/** Counts with a cache, so a text fitted twice (history is fitted in two passes) is counted once. */
export function cachedCounter(countTokens: CountTokens): (text: string) => Promise<number> {
  const cache = new Map<string, number>();
  return async (text) => {
    const known = cache.get(text);
    if (known !== undefined) return known;
    const counted = (await countTokens(text)) + JOIN_SLACK;
    cache.set(text, counted);
    return counted;
  };
}

/** Tokens left for message contents once the answer and the per-prompt overhead are set aside. */
export function contentRoom(options: BudgetOptions): number {
  const overhead = options.overhead ?? DEFAULT_TEMPLATE_OVERHEAD;
  return options.contextWindow - options.maxAnswerTokens - overhead.perPrompt;
}

export function contextTooLong(needed: number, room: number): RagtuneError {
  return new RagtuneError(
    'context-too-long',
    `The question needs about ${needed} tokens but this model has room for ${Math.max(room, 0)} ` +
      'once the answer is set aside: shorten the question, lower the answer length, or choose a ' +
      'model with a larger context window.',
  );
}

/** Splits history into turns (a user message and the replies after it); system messages go. */
function turnsOf(history: readonly ChatMessage[]): ChatMessage[][] {
  const turns: ChatMessage[][] = [];
  for (const message of history) {
    if (message.role === 'system') continue;
    const last = turns.at(-1);
    if (message.role === 'user' || !last) turns.push([message]);
    else last.push(message);
  }
  // A turn must open with the user: templates that insist on alternation reject anything else.
  if (turns[0]?.[0]?.role !== 'user') turns.shift();
  return turns;
}

export interface FittedHistory {
  messages: ChatMessage[];
  /** Messages of `history` left out (oldest first), system messages included. */
  dropped: number;
  tokens: number;
}

/** Keeps the newest whole turns that fit in `room`; the oldest go first. */
export async function fitHistory(
  history: readonly ChatMessage[],
  room: number,
  count: (text: string) => Promise<number>,
  perMessage: number,
): Promise<FittedHistory> {
  const turns = turnsOf(history);
  const kept: ChatMessage[][] = [];
  let tokens = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i] ?? [];
    let cost = 0;
    for (const message of turn) cost += (await count(message.content)) + perMessage;
    if (tokens + cost > room) break;
    tokens += cost;
    kept.unshift(turn);
  }
  const messages = kept.flat();
  return { messages, dropped: history.length - messages.length, tokens };
}

export interface FittedBlocks {
  /** How many blocks fit, from the first. */
  count: number;
  tokens: number;
}

/** Takes blocks in order until the next would not fit (it stops there: ranking is kept). */
export async function fitBlocks(
  blocks: readonly string[],
  room: number,
  count: (text: string) => Promise<number>,
): Promise<FittedBlocks> {
  let tokens = 0;
  let fitted = 0;
  for (const block of blocks) {
    const cost = await count(block);
    if (tokens + cost > room) break;
    tokens += cost;
    fitted++;
  }
  return { count: fitted, tokens };
}

/** Offsets where sentences end in `text` (after the break's whitespace is dropped). */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(SENTENCE_BREAK)) {
    if (match.index > 0) ends.push(match.index);
  }
  ends.push(text.length);
  return [...new Set(ends)];
}

/**
 * The longest prefix of `text` ending at a sentence boundary whose cost (`cost(prefix)`) fits in
 * `room`, or undefined when not even the first sentence fits. Binary search: O(log n) counts.
 */
export async function truncateAtSentence(
  text: string,
  room: number,
  cost: (prefix: string) => Promise<number>,
): Promise<string | undefined> {
  const ends = sentenceEnds(text);
  let low = 0;
  let high = ends.length - 1;
  let best: string | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const prefix = text.slice(0, ends[middle]).trimEnd();
    if ((await cost(prefix)) <= room) {
      best = prefix;
      low = middle + 1;
    } else high = middle - 1;
  }
  return best;
}
