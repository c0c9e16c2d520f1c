// Chat conversations in IndexedDB: create, list newest first, read, rename, delete, and append or
// update messages (a streamed answer is saved as it grows, throttled). Through runTransaction.
import { RagtuneError } from '../errors';
import { INDEXES, STORES } from '../store/schema';
import { openRecordStore, monotonicClock, plain, type RecordStore } from '../store/recordStore';
import { quiet } from '../store/transaction';
import { withHistoryRecords } from './history';
import { settleStreaming } from './interrupted';
import { DEFAULT_TITLE, newId, titleFromQuestion } from './messages';
import type { ChatMessage, Conversation, ConversationSummary, MessagePatch } from './types';

const { conversations } = STORES;

export async function openConversationStore(name?: string): Promise<ConversationStore> {
  return new ConversationStore(
    await openRecordStore([conversations], 'conversations-changed', 'open the conversations', name),
  );
}

function missing(id: string): RagtuneError {
  return new RagtuneError(
    'storage',
    `No conversation with id ${id} is saved (it may have been deleted).`,
  );
}

export class ConversationStore {
  readonly #records: RecordStore<typeof conversations>;
  /** Never the same updatedAt twice, so "newest first" is a strict order. */
  readonly #now = monotonicClock();

  constructor(records: RecordStore<typeof conversations>) {
    this.#records = records;
  }

  async create(
    title: string = DEFAULT_TITLE,
    options: { keepFullHistory?: boolean } = {},
  ): Promise<Conversation> {
    const now = this.#now();
    const conversation: Conversation = {
      id: newId(),
      title: title.trim() || DEFAULT_TITLE,
      createdAt: now,
      updatedAt: now,
      messages: [],
      ...(options.keepFullHistory ? { keepFullHistory: true } : {}),
    };
    await this.#records.run('readwrite', 'save the conversation', (tx) => {
      quiet(tx.objectStore(conversations).add(conversation));
    });
    return conversation;
  }

  /** Every conversation without its messages, most recently updated first. */
  list(): Promise<ConversationSummary[]> {
    return this.#records.run('readonly', 'list the conversations', async (tx) => {
      const index = tx.objectStore(conversations).index(INDEXES.conversationsByUpdatedAt);
      const summaries: ConversationSummary[] = [];
      let cursor = await index.openCursor(null, 'prev');
      for (; cursor; cursor = await cursor.continue()) {
        const { id, title, createdAt, updatedAt, messages } = cursor.value;
        summaries.push({ id, title, createdAt, updatedAt, messageCount: messages.length });
      }
      return summaries;
    });
  }

  /** A conversation; answers saved before history was recorded get a record from their prompt. */
  async get(id: string): Promise<Conversation | undefined> {
    const found = await this.#records.run('readonly', 'read the conversation', (tx) =>
      tx.objectStore(conversations).get(id),
    );
    return found && { ...found, messages: withHistoryRecords(found.messages) };
  }

  /** Whether RAG-off questions also get earlier answers from documents (chat/history.ts). */
  setKeepFullHistory(id: string, keep: boolean): Promise<Conversation> {
    return this.#change(id, 'save the history option', (c) => ({ ...c, keepFullHistory: keep }));
  }

  rename(id: string, title: string): Promise<Conversation> {
    return this.#change(id, 'rename the conversation', (c) => ({
      ...c,
      title: title.trim() || DEFAULT_TITLE,
    }));
  }

  /** Deletes a conversation; unknown ids are ignored. */
  async delete(id: string): Promise<void> {
    await this.#records.run('readwrite', 'delete the conversation', (tx) => {
      quiet(tx.objectStore(conversations).delete(id));
    });
  }

  /** Adds a message at the end; the first question also titles an untitled conversation. */
  appendMessage(id: string, message: ChatMessage): Promise<Conversation> {
    return this.#change(id, 'save the message', (c) => {
      if (c.messages.some((m) => m.id === message.id)) {
        throw new RagtuneError('internal', `Message ${message.id} is already in the conversation.`);
      }
      const titled =
        c.title === DEFAULT_TITLE && message.role === 'user' && c.messages.length === 0;
      return {
        ...c,
        title: titled ? titleFromQuestion(message.content) : c.title,
        messages: [...c.messages, plain(message)],
      };
    });
  }

  /** Changes a message in place (e.g. the finished answer with its stats, or its error). */
  updateMessage(id: string, messageId: string, patch: MessagePatch): Promise<Conversation> {
    return this.#change(id, 'save the message', (c) => {
      const at = c.messages.findIndex((m) => m.id === messageId);
      const current = c.messages[at];
      if (!current) {
        throw new RagtuneError(
          'storage',
          `No message with id ${messageId} is in the conversation.`,
        );
      }
      const messages = [...c.messages];
      messages[at] = plain({ ...current, ...patch, id: current.id, role: current.role });
      return { ...c, messages };
    });
  }

  /**
   * Marks answers left 'streaming' by a closed or reloaded tab as 'interrupted' (see
   * settleStreaming), keeping their updatedAt: nothing new was said. Returns how many changed.
   */
  settleInterrupted(isLive: (messageId: string) => boolean): Promise<number> {
    return this.#records.run('readwrite', 'check for interrupted answers', async (tx) => {
      let count = 0;
      const store = tx.objectStore(conversations);
      for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
        const settled = settleStreaming(cursor.value, isLive);
        if (!settled) continue;
        quiet(cursor.update(settled));
        count++;
      }
      return count;
    });
  }

  /** Replaces a message whole, by its id (a streamed answer when it ends, or when it is retried). */
  putMessage(id: string, message: ChatMessage): Promise<Conversation> {
    return this.#change(id, 'save the message', (c) => {
      const at = c.messages.findIndex((m) => m.id === message.id);
      if (at < 0) {
        throw new RagtuneError(
          'storage',
          `No message with id ${message.id} is in the conversation.`,
        );
      }
      const messages = [...c.messages];
      messages[at] = plain(message);
      return { ...c, messages };
    });
  }

  close(): void {
    this.#records.close();
  }

  /**
   * Reads, changes and writes one conversation in one transaction; bumps updatedAt. Returns it as
   * get() does (old answers with their inferred history records).
   */
  #change(
    id: string,
    what: string,
    change: (conversation: Conversation) => Conversation,
  ): Promise<Conversation> {
    const updatedAt = this.#now();
    return this.#records.run('readwrite', what, async (tx) => {
      const store = tx.objectStore(conversations);
      const found = await store.get(id);
      if (!found) throw missing(id);
      const changed = { ...change(found), id, updatedAt };
      quiet(store.put(changed));
      return { ...changed, messages: withHistoryRecords(changed.messages) };
    });
  }
}
