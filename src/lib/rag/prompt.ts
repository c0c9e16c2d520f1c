// Builds the messages a generator receives: RAG (numbered sources before the question), plain
// (RAG off) and whole documents, each fitted to the model's context window with room to answer.
import type { ChatMessage } from '../generate/Generator';
import type { SearchHit } from '../search/searchHit';
import {
  DEFAULT_TEMPLATE_OVERHEAD,
  cachedCounter,
  contentRoom,
  contextTooLong,
  fitBlocks,
  fitHistory,
  truncateAtSentence,
  type BudgetOptions,
} from './contextBudget';
import {
  NO_SOURCES_TEXT,
  PLAIN_SYSTEM_PROMPT,
  QUESTION_PREFIX,
  RAG_SYSTEM_PROMPT,
  SOURCES_HEADING,
  renderSource,
  sourcesThenQuestion,
  withStyle,
  type AnswerStyle,
} from './sources';

export interface PromptOptions extends BudgetOptions {
  question: string;
  /** Earlier turns, oldest first; the oldest whole turns are dropped when they do not fit. */
  history?: readonly ChatMessage[];
  style?: AnswerStyle;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  /** History messages left out to fit. */
  historyDropped: number;
  /** The messages' tokens plus the template overhead (pieces counted with `countTokens`). */
  promptTokens: number;
}

export interface RagPrompt extends BuiltPrompt {
  /** The sources that fit, in order: `used[i]` is source [i + 1]. */
  used: SearchHit[];
  /** Hits left out because the context window was full. */
  droppedForBudget: number;
  /** The number n of the source cut at a sentence boundary to fit (its `text` is the cut). */
  truncated?: number;
}

export interface FullDocument {
  docId: string;
  name: string;
  text: string;
}

export interface FullDocumentsPrompt extends BuiltPrompt {
  /** The documents that fit whole, in order: `used[i]` is source [i + 1]. */
  used: FullDocument[];
  droppedForBudget: number;
}

/** A source needs at least this much room to be worth cutting down to its first sentences. */
const MIN_TRUNCATED_TOKENS = 24;
/** With sources, history may first take this share of the room; sources then take the rest. */
const HISTORY_SHARE = 0.25;

type Count = (text: string) => Promise<number>;
interface Picked<T> {
  blocks: string[];
  tokens: number;
  items: T[];
  truncated?: number;
}

/**
 * The frame every builder shares: system, history, and the last user message made of picked
 * blocks and the question. History takes its share first, the blocks what is left, then history
 * may grow into whatever the blocks did not use.
 */
async function assemble<T>(
  options: PromptOptions,
  system: string | null,
  lastMessage: (blocks: string[]) => string,
  frameCost: number,
  pick: (room: number, count: Count) => Promise<Picked<T>>,
): Promise<BuiltPrompt & Picked<T>> {
  const { perMessage, perPrompt } = options.overhead ?? DEFAULT_TEMPLATE_OVERHEAD;
  const count = cachedCounter(options.countTokens);
  const room = contentRoom(options);
  const systemCost = system === null ? 0 : (await count(system)) + perMessage;
  const fixed = systemCost + frameCost + perMessage;
  if (fixed > room) throw contextTooLong(fixed, room);
  const free = room - fixed;
  const history = options.history ?? [];
  const share = await fitHistory(history, Math.floor(free * HISTORY_SHARE), count, perMessage);
  const picked = await pick(free - share.tokens, count);
  const fitted = await fitHistory(history, free - picked.tokens, count, perMessage);
  const messages: ChatMessage[] = [
    ...(system === null ? [] : [{ role: 'system' as const, content: system }]),
    ...fitted.messages,
    { role: 'user', content: lastMessage(picked.blocks) },
  ];
  let promptTokens = perPrompt;
  for (const message of messages) {
    promptTokens += (await options.countTokens(message.content)) + perMessage;
  }
  return { ...picked, messages, historyDropped: fitted.dropped, promptTokens };
}

/** The fixed part of the last user message: question and heading (or the no-sources line). */
async function questionFrameCost(question: string, options: PromptOptions): Promise<number> {
  const count = cachedCounter(options.countTokens);
  const heading = Math.max(await count(SOURCES_HEADING), await count(NO_SOURCES_TEXT));
  return heading + (await count(`${QUESTION_PREFIX}${question.trim()}`));
}

export interface RagOptions extends PromptOptions {
  /** Retrieval's hits, best first. */
  hits: readonly SearchHit[];
  /** Cut the first source that does not fit at a sentence boundary (default true). */
  truncateLast?: boolean;
}

/** RAG on: numbered sources, best first, until the next would not fit; then the question. */
export async function buildRagMessages(options: RagOptions): Promise<RagPrompt> {
  const { hits, question } = options;
  const system = withStyle(RAG_SYSTEM_PROMPT, options.style);
  const pick = async (room: number, count: Count): Promise<Picked<SearchHit>> => {
    const blocks = hits.map((hit, i) => renderSource(i + 1, hit, hit.text));
    const fit = await fitBlocks(blocks, room, count);
    const picked: Picked<SearchHit> = {
      blocks: blocks.slice(0, fit.count),
      tokens: fit.tokens,
      items: hits.slice(0, fit.count),
    };
    const next = hits[fit.count];
    const left = room - fit.tokens;
    if (next && options.truncateLast !== false && left >= MIN_TRUNCATED_TOKENS) {
      const n = fit.count + 1;
      const cost = (prefix: string) => count(renderSource(n, next, prefix));
      const cut = await truncateAtSentence(next.text, left, cost);
      if (cut !== undefined) {
        picked.blocks.push(renderSource(n, next, cut));
        picked.tokens += await cost(cut);
        // Offsets exclude a repeated table header: the cut ends that much later in the text.
        const own = Math.max(0, cut.length - (next.tableHeaderChars ?? 0));
        picked.items.push({ ...next, text: cut, end: Math.min(next.end, next.start + own) });
        picked.truncated = n;
      }
    }
    return picked;
  };
  const frame = await questionFrameCost(question, options);
  const built = await assemble(
    options,
    system,
    (b) => sourcesThenQuestion(b, question),
    frame,
    pick,
  );
  const { items, truncated, messages, historyDropped, promptTokens } = built;
  return {
    messages,
    used: items,
    droppedForBudget: hits.length - items.length,
    ...(truncated === undefined ? {} : { truncated }),
    historyDropped,
    promptTokens,
  };
}

export interface PlainOptions extends PromptOptions {
  /** The system message; null sends none (default PLAIN_SYSTEM_PROMPT). */
  system?: string | null;
}

/** RAG off: no sources and no citation instruction; the last message is the question itself. */
export async function buildPlainMessages(options: PlainOptions): Promise<BuiltPrompt> {
  const base = options.system === undefined ? PLAIN_SYSTEM_PROMPT : options.system;
  const system = base === null ? null : withStyle(base, options.style);
  const question = options.question.trim();
  const frame = await cachedCounter(options.countTokens)(question);
  const none = async (): Promise<Picked<never>> => ({ blocks: [], tokens: 0, items: [] });
  const { messages, historyDropped, promptTokens } = await assemble(
    options,
    system,
    () => question,
    frame,
    none,
  );
  return { messages, historyDropped, promptTokens };
}

export interface FullDocumentsOptions extends PromptOptions {
  /** Whole documents, in the order they should be tried. */
  documents: readonly FullDocument[];
}

/** Whole documents as numbered sources: each one that fits whole, in order; others are skipped. */
export async function buildFullDocumentsMessages(
  options: FullDocumentsOptions,
): Promise<FullDocumentsPrompt> {
  const { documents, question } = options;
  const system = withStyle(RAG_SYSTEM_PROMPT, options.style);
  const pick = async (room: number, count: Count): Promise<Picked<FullDocument>> => {
    const picked: Picked<FullDocument> = { blocks: [], tokens: 0, items: [] };
    for (const doc of documents) {
      const source = { docName: doc.name, headingPath: [] };
      const block = renderSource(picked.items.length + 1, source, doc.text);
      const cost = await count(block);
      if (picked.tokens + cost > room) continue;
      picked.blocks.push(block);
      picked.tokens += cost;
      picked.items.push(doc);
    }
    return picked;
  };
  const frame = await questionFrameCost(question, options);
  const built = await assemble(
    options,
    system,
    (b) => sourcesThenQuestion(b, question),
    frame,
    pick,
  );
  return {
    messages: built.messages,
    used: built.items,
    droppedForBudget: documents.length - built.items.length,
    historyDropped: built.historyDropped,
    promptTokens: built.promptTokens,
  };
}
