// The history rule: RAG off leaves out every earlier turn whose answer came from documents (its
// question too) unless the conversation keeps its full history, and the record says what went in.
import { describe, expect, it } from 'vitest';
import {
  afterFitting,
  selectHistory,
  turnsFrom,
  withHistoryRecords,
  type Turn,
} from '../../../src/lib/chat/history';
import type { ChatMessage, HistoryRecord } from '../../../src/lib/chat/types';
import { question, ragAnswer } from './fixtures';

const OFF = { ragOn: false, keepFullHistory: false };
const OFF_FULL = { ragOn: false, keepFullHistory: true };
const ON = { ragOn: true, keepFullHistory: false };

const record = (extra: Partial<HistoryRecord> = {}): HistoryRecord => ({
  included: 0,
  leftOutFromDocuments: 0,
  droppedToFit: 0,
  documentText: false,
  keepFull: false,
  ...extra,
});

/** An answer written with RAG off, whose prompt held the history `history` describes. */
function plainAnswer(id: string, content: string, history: Partial<HistoryRecord> = {}) {
  return ragAnswer(id, content, { rag: { on: false, sources: [], history: record(history) } });
}

/** RAG on, but retrieval found nothing: no document text in its own prompt. */
function emptyRagAnswer(id: string, content: string, history: Partial<HistoryRecord> = {}) {
  return ragAnswer(id, content, {
    rag: { on: true, sources: [], noneFound: true, history: record(history) },
  });
}

const texts = (messages: { content: string }[]) => messages.map((m) => m.content);

describe('turnsFrom', () => {
  it('pairs answered questions, skipping failed answers and unanswered questions', () => {
    const turns = turnsFrom([
      question('q1', 'First?'),
      ragAnswer('a1', 'One [1].'),
      question('q2', 'Failed?'),
      ragAnswer('a2', '', { error: 'Out of memory.' }),
      question('q3', 'Unanswered?'),
      question('q4', 'Fourth?'),
      plainAnswer('a4', 'Four.', { leftOutFromDocuments: 1 }),
      question('q5', 'Being answered now?'),
    ]);
    expect(turns).toEqual([
      { question: 'First?', answer: 'One [1].', fromDocuments: true },
      { question: 'Fourth?', answer: 'Four.', fromDocuments: false },
    ]);
  });

  it('marks an answer from documents by its sources or by document text in its history', () => {
    const turns = turnsFrom([
      question('q1', 'With sources?'),
      ragAnswer('a1', 'Sourced [1].'),
      question('q2', 'RAG on, nothing found?'),
      emptyRagAnswer('a2', 'No sources, clean history.'),
      question('q3', 'RAG on, nothing found, after a sourced answer?'),
      emptyRagAnswer('a3', 'Repeats the sourced answer.', { included: 2, documentText: true }),
      question('q4', 'Off, full history?'),
      plainAnswer('a4', 'Saw documents through history.', { included: 3, documentText: true }),
      question('q5', 'Off, default?'),
      plainAnswer('a5', 'Saw none.', { included: 1, leftOutFromDocuments: 3 }),
    ]);
    expect(turns.map((t) => t.fromDocuments)).toEqual([true, false, true, true, false]);
  });

  it('counts an answer with no RAG record as from documents (its prompt is unknown)', () => {
    const unknown: ChatMessage = {
      id: 'a1',
      role: 'assistant',
      content: 'Who knows.',
      createdAt: 1,
    };
    expect(turnsFrom([question('q1', 'Old?'), unknown])[0]?.fromDocuments).toBe(true);
  });
});

describe('selectHistory', () => {
  const fromDocs: Turn = {
    question: 'Price?',
    answer: 'It costs 4,290 euros [1].',
    fromDocuments: true,
  };
  const plain: Turn = { question: 'Hello?', answer: 'Hello.', fromDocuments: false };

  it('RAG on then RAG off: leaves out the question and the answer from documents', () => {
    const selected = selectHistory([fromDocs], OFF);
    expect(selected.messages).toEqual([]);
    expect(selected.turns).toEqual([]);
    expect(selected.record).toEqual(record({ leftOutFromDocuments: 1 }));
  });

  it('off then off: keeps turns that used no documents', () => {
    const selected = selectHistory([plain], OFF);
    expect(selected.messages).toEqual([
      { role: 'user', content: 'Hello?' },
      { role: 'assistant', content: 'Hello.' },
    ]);
    expect(selected.record).toEqual(record({ included: 1 }));
  });

  it('keep full history: sends every turn and says the history holds document text', () => {
    const selected = selectHistory([fromDocs, plain], OFF_FULL);
    expect(texts(selected.messages)).toEqual(['Price?', fromDocs.answer, 'Hello?', 'Hello.']);
    expect(selected.record).toEqual(record({ included: 2, documentText: true, keepFull: true }));
    // Kept full but nothing from documents: nothing to label.
    expect(selectHistory([plain], OFF_FULL).record.documentText).toBe(false);
  });

  it('RAG on sends every turn (a RAG-on prompt holds documents anyway)', () => {
    const selected = selectHistory([fromDocs, plain], ON);
    expect(selected.turns).toEqual([fromDocs, plain]);
    expect(selected.record).toEqual(record({ included: 2, documentText: true }));
  });

  it('RAG on with no sources is not from documents, so a RAG-off question keeps it', () => {
    const turns = turnsFrom([question('q1', 'Nothing found?'), emptyRagAnswer('a1', 'No idea.')]);
    const selected = selectHistory(turns, OFF);
    expect(texts(selected.messages)).toEqual(['Nothing found?', 'No idea.']);
    expect(selected.record).toEqual(record({ included: 1 }));
  });

  it('many turns: keeps the order of the ones without documents and counts the others', () => {
    const turns: Turn[] = [
      plain,
      fromDocs,
      { question: 'Two?', answer: 'Two.', fromDocuments: false },
      { ...fromDocs, question: 'Again?' },
      { question: 'Three?', answer: 'Three.', fromDocuments: false },
    ];
    const selected = selectHistory(turns, OFF);
    expect(texts(selected.messages)).toEqual([
      'Hello?',
      'Hello.',
      'Two?',
      'Two.',
      'Three?',
      'Three.',
    ]);
    expect(selected.messages.some((m) => m.content.includes('4,290'))).toBe(false);
    expect(selected.record).toEqual(record({ included: 3, leftOutFromDocuments: 2 }));
  });
});

describe('afterFitting', () => {
  it('says what was sent once the oldest turns were dropped to fit', () => {
    const turns: Turn[] = [
      { question: 'Price?', answer: '4,290 euros [1].', fromDocuments: true },
      { question: 'Hello?', answer: 'Hello.', fromDocuments: false },
    ];
    const selection = selectHistory(turns, OFF_FULL);
    expect(afterFitting(selection, 0)).toEqual(selection.record);
    // The answer from documents was dropped to fit: the history holds no document text.
    expect(afterFitting(selection, 2)).toEqual(
      record({ included: 1, droppedToFit: 1, documentText: false, keepFull: true }),
    );
    expect(afterFitting(selection, 4)).toEqual(
      record({ included: 0, droppedToFit: 2, keepFull: true }),
    );
  });
});

describe('withHistoryRecords (answers saved before history was recorded)', () => {
  /** An answer as saved before: RAG info without a history record, and its exact prompt. */
  function legacy(id: string, content: string, on: boolean, historyMessages: number) {
    const sources = on ? ragAnswer('x', '').rag!.sources : [];
    const between = Array.from({ length: historyMessages }, (_, i) => ({
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: `history ${i}`,
    }));
    return ragAnswer(id, content, {
      rag: { on, sources },
      prompt: [
        { role: 'system', content: 'System.' },
        ...between,
        { role: 'user', content: 'Question.' },
      ],
    });
  }

  it('infers from the stored prompt whether a RAG-off answer saw answers from documents', () => {
    const messages = withHistoryRecords([
      question('q1', 'Price?'),
      legacy('a1', 'It is 4,290 euros [1].', true, 0),
      question('q2', 'And without documents?'),
      legacy('a2', 'It is 4,290 euros.', false, 2),
      question('q3', 'Fresh start?'),
      legacy('a3', 'Hello.', false, 0),
    ]);
    const records = messages.filter((m) => m.role === 'assistant').map((m) => m.rag?.history);
    expect(records).toEqual([
      record({ keepFull: true }),
      record({ included: 1, documentText: true, keepFull: true }),
      // Its prompt held no history (all dropped to fit): no document text.
      record({ droppedToFit: 2, keepFull: true }),
    ]);
    // And the next RAG-off question leaves out both of the first two turns.
    const selected = selectHistory(turnsFrom(messages), OFF);
    expect(texts(selected.messages)).toEqual(['Fresh start?', 'Hello.']);
  });

  it('keeps answers that already have a record as they are', () => {
    const messages = [question('q1', 'Price?'), ragAnswer('a1', 'It is 62 euros [1].')];
    expect(withHistoryRecords(messages)).toEqual(messages);
  });
});
