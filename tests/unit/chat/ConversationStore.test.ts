// ConversationStore on fake-indexeddb: create, list newest first, rename, delete, append and
// update messages, titles from the first question, and errors that say what is missing.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openConversationStore,
  type ConversationStore,
} from '../../../src/lib/chat/ConversationStore';
import { plain } from '../../../src/lib/store/recordStore';
import { DEFAULT_TITLE } from '../../../src/lib/chat/messages';
import { RagtuneError } from '../../../src/lib/errors';
import { uniqueDbName } from '../store/fixtures';
import { question, ragAnswer, STATS } from './fixtures';

const open: ConversationStore[] = [];
async function freshStore(): Promise<ConversationStore> {
  const store = await openConversationStore(uniqueDbName());
  open.push(store);
  return store;
}

afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

describe('ConversationStore', () => {
  it('creates, reads, lists newest first, renames and deletes', async () => {
    const store = await freshStore();
    const a = await store.create('Trips');
    const b = await store.create();
    expect(b.title).toBe(DEFAULT_TITLE);
    expect(await store.get(a.id)).toEqual(a);
    expect((await store.list()).map((c) => c.id)).toEqual([b.id, a.id]);
    const renamed = await store.rename(a.id, '  Travel questions ');
    expect(renamed.title).toBe('Travel questions');
    expect(renamed.updatedAt).toBeGreaterThan(b.updatedAt);
    const list = await store.list();
    expect(list.map((c) => [c.id, c.title, c.messageCount])).toEqual([
      [a.id, 'Travel questions', 0],
      [b.id, DEFAULT_TITLE, 0],
    ]);
    await store.delete(a.id);
    await store.delete('unknown');
    expect(await store.get(a.id)).toBeUndefined();
    expect((await store.list()).map((c) => c.id)).toEqual([b.id]);
  });

  it('appends a question and its answer, then saves the finished answer once', async () => {
    const store = await freshStore();
    const { id } = await store.create();
    await store.appendMessage(id, question('q1', 'What is the per diem when I travel abroad?'));
    const pending = ragAnswer('a1', '', { stats: undefined });
    await store.appendMessage(id, pending);
    const done = await store.updateMessage(id, 'a1', {
      content: 'It is 62 euros [1].',
      stats: STATS,
    });
    expect(done.title).toBe('What is the per diem when I travel abroad?');
    expect(done.messages.map((m) => m.id)).toEqual(['q1', 'a1']);
    const saved = (await store.get(id))?.messages[1];
    expect(saved).toEqual({ ...ragAnswer('a1', 'It is 62 euros [1].') });
    // The list moves the conversation that just changed to the top.
    const other = await store.create('Other');
    await store.updateMessage(id, 'a1', { stopped: true });
    expect((await store.list()).map((c) => c.id)).toEqual([id, other.id]);
  });

  it('records a failed answer and keeps the id and role of a message', async () => {
    const store = await freshStore();
    const { id } = await store.create('Kept title');
    await store.appendMessage(id, question('q1', 'Hello?'));
    await store.appendMessage(id, ragAnswer('a1', ''));
    const patch = { error: 'The model ran out of memory.', id: 'x', role: 'user' } as never;
    const after = await store.updateMessage(id, 'a1', patch);
    expect(after.title).toBe('Kept title');
    expect(after.messages[1]).toMatchObject({ id: 'a1', role: 'assistant', error: patch['error'] });
  });

  it('stores proxies and drops undefined fields (Svelte state is not structured-cloneable)', async () => {
    const store = await freshStore();
    const { id } = await store.create();
    const reactive = new Proxy(ragAnswer('a1', 'It is 62 euros [1].', { error: undefined }), {});
    await store.appendMessage(id, question('q1', 'Per diem?'));
    await store.appendMessage(id, reactive);
    const saved = (await store.get(id))?.messages[1];
    expect(saved).toEqual(ragAnswer('a1', 'It is 62 euros [1].'));
    expect(saved && 'error' in saved).toBe(false);
    expect(plain({ a: [1, Number.NaN, Infinity], b: undefined })).toEqual({
      a: [1, NaN, Infinity],
    });
  });

  it('says what is missing with a RagtuneError, and writes nothing then', async () => {
    const store = await freshStore();
    const { id } = await store.create();
    const expectStorage = async (promise: Promise<unknown>, message: RegExp) => {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RagtuneError);
      expect((error as RagtuneError).message).toMatch(message);
    };
    await expectStorage(store.rename('nope', 'x'), /No conversation with id nope/);
    await expectStorage(store.appendMessage('nope', question('q', 'x')), /No conversation/);
    await expectStorage(store.updateMessage(id, 'nope', { content: 'x' }), /No message with id/);
    await store.appendMessage(id, question('q1', 'x'));
    await expectStorage(store.appendMessage(id, question('q1', 'y')), /already in/);
    expect((await store.get(id))?.messages).toHaveLength(1);
  });
});
