// Answers cut off by a reload: the status change on open (pure, and through the store on
// fake-indexeddb), Retry's question lookup, and interrupted answers left out of prompt history.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openConversationStore,
  type ConversationStore,
} from '../../../src/lib/chat/ConversationStore';
import { questionBefore, settleStreaming } from '../../../src/lib/chat/interrupted';
import { turnsFrom } from '../../../src/lib/chat/history';
import type { Conversation } from '../../../src/lib/chat/types';
import { uniqueDbName } from '../store/fixtures';
import { question, ragAnswer } from './fixtures';

const open: ConversationStore[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

function conversation(): Conversation {
  return {
    id: 'c1',
    title: 'Trips',
    createdAt: 1,
    updatedAt: 2,
    messages: [
      question('q1', 'What is the per diem?'),
      ragAnswer('a1', 'It is 62 euros [1].'),
      question('q2', 'And the hotel cap?'),
      ragAnswer('a2', 'The hotel cap is', { status: 'streaming' }),
    ],
  };
}

describe('settleStreaming', () => {
  it('marks a streaming answer no tab writes as interrupted, keeping its partial text', () => {
    const settled = settleStreaming(conversation(), () => false);
    expect(settled?.messages.map((m) => m.status)).toEqual([
      undefined,
      undefined,
      undefined,
      'interrupted',
    ]);
    expect(settled?.messages[3]?.content).toBe('The hotel cap is');
  });

  it('leaves an answer another tab is still writing, and a conversation with none', () => {
    expect(settleStreaming(conversation(), (id) => id === 'a2')).toBeUndefined();
    const done = { ...conversation(), messages: conversation().messages.slice(0, 2) };
    expect(settleStreaming(done, () => false)).toBeUndefined();
  });

  it('leaves finished and already interrupted answers as they are', () => {
    const c = conversation();
    c.messages[3] = { ...c.messages[3]!, status: 'interrupted' };
    expect(settleStreaming(c, () => false)).toBeUndefined();
  });
});

describe('questionBefore and turnsFrom', () => {
  it('finds the question an answer replied to', () => {
    expect(questionBefore(conversation().messages, 'a2')?.id).toBe('q2');
    expect(questionBefore(conversation().messages, 'a1')?.id).toBe('q1');
    expect(questionBefore(conversation().messages, 'missing')).toBeUndefined();
  });

  it('leaves interrupted and streaming answers (and their questions) out of the history', () => {
    const c = settleStreaming(conversation(), () => false)!;
    expect(turnsFrom(c.messages).map(({ question, answer }) => ({ question, answer }))).toEqual([
      { question: 'What is the per diem?', answer: 'It is 62 euros [1].' },
    ]);
    expect(turnsFrom(conversation().messages)).toHaveLength(1);
  });
});

describe('ConversationStore.settleInterrupted', () => {
  it('marks orphaned streaming answers on open, keeps live ones and the updatedAt', async () => {
    const store = await openConversationStore(uniqueDbName());
    open.push(store);
    const a = await store.create();
    await store.appendMessage(a.id, question('q', 'What is the per diem?'));
    const cut = await store.appendMessage(a.id, ragAnswer('cut', 'It is', { status: 'streaming' }));
    const b = await store.create();
    await store.appendMessage(b.id, question('q', 'Hotel cap?'));
    const live = await store.appendMessage(b.id, ragAnswer('live', 'The', { status: 'streaming' }));

    expect(await store.settleInterrupted((id) => id === 'live')).toBe(1);
    const after = await store.get(a.id);
    expect(after?.messages[1]).toMatchObject({ content: 'It is', status: 'interrupted' });
    expect(after?.updatedAt).toBe(cut.updatedAt);
    expect((await store.get(b.id))?.messages[1]?.status).toBe('streaming');
    expect((await store.get(b.id))?.updatedAt).toBe(live.updatedAt);
    expect(await store.settleInterrupted(() => false)).toBe(1); // the live one, once its tab is gone
    expect(await store.settleInterrupted(() => false)).toBe(0);
  });

  it('replaces a message whole with putMessage (a finished answer drops its status)', async () => {
    const store = await openConversationStore(uniqueDbName());
    open.push(store);
    const c = await store.create();
    await store.appendMessage(c.id, question('q', 'What is the per diem?'));
    await store.appendMessage(c.id, ragAnswer('a', 'It', { status: 'streaming' }));
    const saved = await store.putMessage(c.id, ragAnswer('a', 'It is 62 euros [1].'));
    expect(saved.messages[1]?.content).toBe('It is 62 euros [1].');
    expect(saved.messages[1]).not.toHaveProperty('status');
    await expect(store.putMessage(c.id, ragAnswer('nope', 'x'))).rejects.toThrow(/No message/);
  });
});
