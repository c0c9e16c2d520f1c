// The one rule for which earlier turns go into a new question's prompt: RAG off means no document
// text, so turns whose answers came from documents are left out unless the conversation keeps all.
import type { ChatMessage, HistoryRecord, PromptMessage } from './types';

/** One answered turn of a conversation, as a prompt may carry it. */
export interface Turn {
  question: string;
  answer: string;
  /**
   * Document text went into this answer's prompt: its own sources, or earlier answers from
   * documents in its history. Such an answer may repeat what the documents say.
   */
  fromDocuments: boolean;
}

export interface HistoryMode {
  /** The new question is asked with RAG on. */
  ragOn: boolean;
  /** The conversation keeps every turn, answers from documents included, even with RAG off. */
  keepFullHistory: boolean;
}

export interface HistorySelection {
  /** The turns to include, oldest first. */
  turns: Turn[];
  /** The same turns as prompt messages: question, answer, question, answer… */
  messages: PromptMessage[];
  /** What was included and left out, and whether document text is in (before fitting). */
  record: HistoryRecord;
}

/**
 * Chooses the history of a new question. RAG on: every turn (the prompt holds documents anyway).
 * RAG off: only turns whose answers did not come from documents, both the question and the answer
 * of the others left out, unless the conversation keeps its full history; then the record says
 * the history holds document text.
 */
export function selectHistory(turns: readonly Turn[], mode: HistoryMode): HistorySelection {
  const leaveOut = !mode.ragOn && !mode.keepFullHistory;
  const kept = leaveOut ? turns.filter((t) => !t.fromDocuments) : [...turns];
  return {
    turns: kept,
    messages: kept.flatMap((t) => [
      { role: 'user' as const, content: t.question },
      { role: 'assistant' as const, content: t.answer },
    ]),
    record: {
      included: kept.length,
      leftOutFromDocuments: turns.length - kept.length,
      droppedToFit: 0,
      documentText: kept.some((t) => t.fromDocuments),
      keepFull: mode.keepFullHistory,
    },
  };
}

/**
 * The record of what actually went in once the prompt builder fitted the history to the context
 * window: it drops the oldest whole turns (two messages each), so the newest ones stay.
 */
export function afterFitting(selection: HistorySelection, droppedMessages: number): HistoryRecord {
  // Rounded down: when in doubt a turn counts as sent, so document text is never under-reported.
  const dropped = Math.min(Math.floor(droppedMessages / 2), selection.turns.length);
  const sent = selection.turns.slice(dropped);
  return {
    ...selection.record,
    included: sent.length,
    droppedToFit: dropped,
    documentText: sent.some((t) => t.fromDocuments),
  };
}

/**
 * What an answer saved before history was recorded carried: the prompt it stored holds the newest
 * earlier turns that fitted (then all turns were sent, whatever the mode).
 */
function legacyRecord(answer: ChatMessage, earlier: readonly Turn[]): HistoryRecord {
  const prompt = answer.prompt ?? [];
  const between = prompt.filter((m) => m.role !== 'system').length - 1;
  const included = Math.min(Math.max(Math.ceil(between / 2), 0), earlier.length);
  const sent = earlier.slice(earlier.length - included);
  return {
    included,
    leftOutFromDocuments: 0,
    droppedToFit: earlier.length - included,
    documentText: sent.some((t) => t.fromDocuments),
    keepFull: true,
  };
}

interface Walked {
  turns: Turn[];
  /** Records inferred for answers saved without one, by message id. */
  inferred: Map<string, HistoryRecord>;
}

/**
 * Pairs questions with their answers as the prompt history (failed or empty answers and the
 * questions they leave alone are skipped; an unanswered question is replaced by the next one).
 */
function walk(messages: readonly ChatMessage[]): Walked {
  const turns: Turn[] = [];
  const inferred = new Map<string, HistoryRecord>();
  let question: string | undefined;
  for (const message of messages) {
    if (message.role === 'user') {
      question = message.content;
      continue;
    }
    if (message.role !== 'assistant') continue;
    const rag = message.rag;
    let record = rag?.history;
    if (rag && !record) {
      record = legacyRecord(message, turns);
      inferred.set(message.id, record);
    }
    // No RAG record at all: nobody knows what the prompt held, so it counts as from documents.
    const fromDocuments =
      !rag || (rag.on && rag.sources.length > 0) || (record?.documentText ?? false);
    // Failed, empty, still streaming or cut off: not an answer to build on.
    if (question !== undefined && !message.error && !message.status && message.content.trim()) {
      turns.push({ question, answer: message.content, fromDocuments });
    }
    question = undefined;
  }
  return { turns, inferred };
}

/** The answered turns of a conversation, oldest first, each marked if it came from documents. */
export function turnsFrom(messages: readonly ChatMessage[]): Turn[] {
  return walk(messages).turns;
}

/** Messages with a history record on every answer (inferred from the stored prompt if missing). */
export function withHistoryRecords(messages: readonly ChatMessage[]): ChatMessage[] {
  const { inferred } = walk(messages);
  if (inferred.size === 0) return [...messages];
  return messages.map((m) => {
    const record = inferred.get(m.id);
    return record && m.rag ? { ...m, rag: { ...m.rag, history: record } } : m;
  });
}
