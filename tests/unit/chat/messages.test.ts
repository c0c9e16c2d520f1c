// The chat's small builders: new messages, sources from the prompt's hits and titles (the
// history a next prompt is built from is tested in history.test.ts).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TITLE,
  newMessage,
  titleFromQuestion,
  toChatSources,
} from '../../../src/lib/chat/messages';
import { PER_DIEM, TRAINS } from '../rag/hits';

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
});
