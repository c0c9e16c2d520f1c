// The chat's small builders: new messages, sources from the prompt's hits, titles, and the
// history a next prompt is built from (failed answers and unanswered questions left out).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TITLE,
  historyFor,
  newMessage,
  titleFromQuestion,
  toChatSources,
} from '../../../src/lib/chat/messages';
import { PER_DIEM, TRAINS } from '../rag/hits';
import { question, ragAnswer } from './fixtures';

describe('chat messages', () => {
  it('makes messages with fresh ids and numbered sources from the used hits', () => {
    const a = newMessage('user', 'Hi');
    const b = newMessage('assistant', '', { stopped: true });
    expect(a.id).not.toBe(b.id);
    expect(b).toMatchObject({ role: 'assistant', content: '', stopped: true });
    expect(toChatSources([PER_DIEM, TRAINS])).toEqual([
      {
        n: 1,
        chunkId: 'travel#2',
        docId: 'travel',
        docName: 'Travel policy',
        score: 0.91,
        text: PER_DIEM.text,
        headingPath: ['Expenses', 'Meals'],
        page: 3,
      },
      {
        n: 2,
        chunkId: 'travel#1',
        docId: 'travel',
        docName: 'Travel policy',
        score: 0.42,
        text: TRAINS.text,
        headingPath: ['Travel'],
      },
    ]);
  });

  it('titles a conversation from its first question', () => {
    expect(titleFromQuestion('  What is\nthe per diem? ')).toBe('What is the per diem?');
    const long = titleFromQuestion(`How ${'many '.repeat(30)}days?`);
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('many…')).toBe(true);
    expect(titleFromQuestion('   ')).toBe(DEFAULT_TITLE);
  });

  it('builds history from answered turns only', () => {
    const history = historyFor([
      question('q1', 'First?'),
      ragAnswer('a1', 'One [1].'),
      question('q2', 'Failed?'),
      ragAnswer('a2', '', { error: 'Out of memory.' }),
      question('q3', 'Third?'),
      ragAnswer('a3', 'Three.'),
      question('q4', 'Being answered now?'),
    ]);
    expect(history).toEqual([
      { role: 'user', content: 'First?' },
      { role: 'assistant', content: 'One [1].' },
      { role: 'user', content: 'Third?' },
      { role: 'assistant', content: 'Three.' },
    ]);
  });
});
