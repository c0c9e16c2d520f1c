// The history option and records in storage: keepFullHistory is saved with the conversation; an
// answer saved before records existed reads back with one inferred from its prompt; exports say it.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openConversationStore,
  type ConversationStore,
} from '../../../src/lib/chat/ConversationStore';
import { conversationToJson, conversationToMarkdown } from '../../../src/lib/chat/export';
import { ragLabel } from '../../../src/lib/chat/ragLabel';
import type { ChatMessage } from '../../../src/lib/chat/types';
import { uniqueDbName } from '../store/fixtures';
import { question, ragAnswer } from './fixtures';

const open: ConversationStore[] = [];
async function freshStore(): Promise<ConversationStore> {
  const store = await openConversationStore(uniqueDbName());
  open.push(store);
  return store;
}

afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

/** An answer as the chat saved it before history records: RAG info and prompt, no record. */
function oldAnswer(id: string, content: string, on: boolean, prompt: string[]): ChatMessage {
  const { rag } = ragAnswer('x', '');
  return ragAnswer(id, content, {
    rag: { on, sources: on ? rag!.sources : [] },
    prompt: [
      { role: 'system', content: 'System.' },
      ...prompt.map((content, i) => ({
        role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
        content,
      })),
    ],
  });
}

describe('history option and records in the conversation store', () => {
  it('saves keepFullHistory with the conversation, from creation or changed later', async () => {
    const store = await freshStore();
    const plain = await store.create('Default');
    expect((await store.get(plain.id))?.keepFullHistory).toBeUndefined();
    const full = await store.create('Full', { keepFullHistory: true });
    expect((await store.get(full.id))?.keepFullHistory).toBe(true);

    const changed = await store.setKeepFullHistory(plain.id, true);
    expect(changed.keepFullHistory).toBe(true);
    await store.setKeepFullHistory(full.id, false);
    expect((await store.get(plain.id))?.keepFullHistory).toBe(true);
    expect((await store.get(full.id))?.keepFullHistory).toBe(false);
  });

  it('labels an old RAG-off answer whose prompt held an answer from documents truthfully', async () => {
    const store = await freshStore();
    const { id } = await store.create();
    const messages = [
      question('q1', 'What is the per diem?'),
      oldAnswer('a1', 'It is 62 euros [1].', true, ['Sources… What is the per diem?']),
      question('q2', 'And without documents?'),
      oldAnswer('a2', 'It is 62 euros.', false, [
        'What is the per diem?',
        'It is 62 euros [1].',
        'And without documents?',
      ]),
    ];
    for (const message of messages) await store.appendMessage(id, message);
    const answers = (await store.get(id))!.messages.filter((m) => m.role === 'assistant');
    expect(answers.map((a) => ragLabel(a.rag))).toEqual([
      'RAG on · 2 sources',
      'RAG off · history holds document text',
    ]);
    expect(answers[1]?.rag?.history).toEqual({
      included: 1,
      leftOutFromDocuments: 0,
      droppedToFit: 0,
      documentText: true,
      keepFull: true,
    });

    // The exports carry the same facts.
    const conversation = (await store.get(id))!;
    expect(conversationToMarkdown(conversation)).toContain(
      '· RAG off, history holds document text_',
    );
    const json = JSON.parse(conversationToJson(conversation)) as {
      conversation: { messages: ChatMessage[] };
    };
    expect(json.conversation.messages[3]?.rag?.history?.documentText).toBe(true);
  });

  it('labels a RAG-off answer that left earlier answers out, in the chat and in Markdown', async () => {
    const store = await freshStore();
    const { id } = await store.create();
    await store.appendMessage(id, question('q1', 'Without documents?'));
    await store.appendMessage(
      id,
      ragAnswer('a1', 'Perhaps 50 euros.', {
        rag: {
          on: false,
          sources: [],
          history: {
            included: 0,
            leftOutFromDocuments: 1,
            droppedToFit: 0,
            documentText: false,
            keepFull: false,
          },
        },
      }),
    );
    const conversation = (await store.get(id))!;
    expect(ragLabel(conversation.messages[1]?.rag)).toBe(
      'RAG off · earlier answers from documents left out',
    );
    expect(conversationToMarkdown(conversation)).toContain(
      '· RAG off, earlier answers from documents left out_',
    );
  });
});
