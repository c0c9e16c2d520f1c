// The answer's pill and export line name the context mode that built its prompt: RAG, full
// documents (and how many did not fit) or none; answers saved before the mode was recorded read
// as RAG or none from `on`. A full-documents answer counts as from documents for later turns.
import { describe, expect, it } from 'vitest';
import { conversationToMarkdown } from '../../../src/lib/chat/export';
import { turnsFrom } from '../../../src/lib/chat/history';
import { contextModeOf, ragLabel } from '../../../src/lib/chat/ragLabel';
import type { ChatSource, Conversation, RagInfo } from '../../../src/lib/chat/types';
import { question, ragAnswer } from './fixtures';

const doc = (n: number, name: string): ChatSource => ({
  n,
  chunkId: '',
  docId: name,
  docName: name,
  score: 1,
  text: `All of ${name}.`,
  headingPath: [],
});

const full = (extra: Partial<RagInfo> = {}): RagInfo => ({
  on: true,
  mode: 'full',
  sources: [doc(1, 'policy.md'), doc(2, 'hotels.md')],
  ...extra,
});

describe('the pill of an answer', () => {
  it('says full documents, how many went in, and how many did not fit', () => {
    expect(ragLabel(full())).toBe('Full documents · 2 documents');
    expect(ragLabel(full({ droppedDocuments: 1 }))).toBe(
      'Full documents · 2 of 3 documents (1 did not fit)',
    );
    expect(ragLabel(full({ sources: [doc(1, 'a.md')] }))).toBe('Full documents · 1 document');
  });

  it('reads an answer saved without a mode as RAG or none, as before', () => {
    expect(contextModeOf({ on: true, sources: [] })).toBe('rag');
    expect(contextModeOf({ on: false, sources: [] })).toBe('none');
    expect(ragLabel({ on: true, sources: [doc(1, 'a.md')] })).toBe('RAG on · 1 source');
    expect(ragLabel({ on: true, mode: 'rag', sources: [] })).toBe('RAG on · no sources');
    expect(ragLabel({ on: false, mode: 'none', sources: [] })).toBe('RAG off · no documents used');
  });
});

describe('a full-documents answer elsewhere', () => {
  it('is written as such in the Markdown export', () => {
    const conversation: Conversation = {
      id: 'c1',
      title: 'Whole documents',
      createdAt: 0,
      updatedAt: 0,
      messages: [
        question('q1', 'What is the per diem?'),
        ragAnswer('a1', 'It is 62 euros [1].', { rag: full({ droppedDocuments: 1 }) }),
      ],
    };
    expect(conversationToMarkdown(conversation, { now: 0 })).toContain(
      'Full documents, 2 of 3 documents (1 did not fit)',
    );
  });

  it('counts as an answer from documents for a later question without documents', () => {
    const turns = turnsFrom([question('q1', 'Q?'), ragAnswer('a1', 'A [1].', { rag: full() })]);
    expect(turns[0]?.fromDocuments).toBe(true);
  });
});
