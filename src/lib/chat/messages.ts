// Small builders between the chat, the RAG layer and the generator: new messages, the sources an
// answer cites and conversation titles (the history a prompt is built from: history.ts).
import type { SearchHit } from '../search/searchHit';
import type { ChatMessage, ChatRole, ChatSource } from './types';

export const DEFAULT_TITLE = 'New conversation';
const TITLE_LENGTH = 60;

export function newId(): string {
  return crypto.randomUUID();
}

/** A message with a fresh id and time; `extra` adds rag, model, prompt… */
export function newMessage(
  role: ChatRole,
  content: string,
  extra: Partial<Omit<ChatMessage, 'role' | 'content'>> = {},
): ChatMessage {
  return { id: newId(), createdAt: Date.now(), ...extra, role, content };
}

/** The sources that went into a prompt (RagPrompt.used), numbered as the model saw them. */
export function toChatSources(used: readonly SearchHit[]): ChatSource[] {
  return used.map((hit, i) => ({
    n: i + 1,
    chunkId: hit.chunkId,
    docId: hit.docId,
    docName: hit.docName,
    score: hit.score,
    text: hit.text,
    headingPath: [...hit.headingPath],
    ...(hit.page === undefined ? {} : { page: hit.page }),
  }));
}

/** A title from the first question: one line, at most 60 characters, cut at a word. */
export function titleFromQuestion(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_LENGTH) return line || DEFAULT_TITLE;
  const cut = line.slice(0, TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
