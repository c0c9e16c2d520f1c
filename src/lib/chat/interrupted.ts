// Answers cut off by a reload or a closed tab: on open, a saved answer still marked 'streaming'
// that no open tab is writing becomes 'interrupted'; Retry finds the question it answered.
import type { ChatMessage, Conversation } from './types';

/**
 * The conversation with its orphaned streaming answers marked 'interrupted' (their partial text
 * kept), or undefined when nothing changes. `isLive` says whether a tab is still writing one.
 */
export function settleStreaming(
  conversation: Conversation,
  isLive: (messageId: string) => boolean,
): Conversation | undefined {
  let changed = false;
  const messages = conversation.messages.map((m): ChatMessage => {
    if (m.status !== 'streaming' || isLive(m.id)) return m;
    changed = true;
    return { ...m, status: 'interrupted' };
  });
  return changed ? { ...conversation, messages } : undefined;
}

/** The question an answer replied to: the nearest user message before it. */
export function questionBefore(
  messages: readonly ChatMessage[],
  answerId: string,
): ChatMessage | undefined {
  const at = messages.findIndex((m) => m.id === answerId);
  for (let i = at - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') return messages[i];
  }
  return undefined;
}

/** The name of the lock a tab holds while it writes an answer (Web Locks end with the tab). */
export function answerLockName(messageId: string): string {
  return `ragtune-answer:${messageId}`;
}
