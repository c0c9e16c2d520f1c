// The prompt builders with a stand-in tokenizer (one token per word or mark): the format, sources
// best first until the window is full, a cut at a sentence, history trimmed oldest first.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import type { ChatMessage } from '../../../src/lib/generate/Generator';
import {
  buildFullDocumentsMessages,
  buildPlainMessages,
  buildRagMessages,
} from '../../../src/lib/rag/prompt';
import { NO_SOURCES_TEXT, PLAIN_SYSTEM_PROMPT } from '../../../src/lib/rag/sources';
import { HOTELS, LONG, PER_DIEM, TRAINS, countWords } from './hits';

const QUESTION = 'What is the per diem?';
const base = {
  question: QUESTION,
  contextWindow: 4096,
  maxAnswerTokens: 256,
  countTokens: countWords,
};
/** What the builders promise: contents plus 8 per message and 16 per prompt. */
const estimate = (messages: ChatMessage[]) =>
  messages.reduce((sum, m) => sum + countWords(m.content) + 8, 16);

const turn = (q: string, a: string): ChatMessage[] => [
  { role: 'user', content: q },
  { role: 'assistant', content: a },
];

describe('buildRagMessages', () => {
  it('numbers the sources before the question, which ends the last user message', async () => {
    const built = await buildRagMessages({ ...base, hits: [PER_DIEM, TRAINS, HOTELS] });
    const [system, user, ...rest] = built.messages;
    expect(rest).toEqual([]);
    expect(system?.role).toBe('system');
    expect(system?.content).toMatch(/only the numbered sources/);
    expect(system?.content).toMatch(/as \[n\]/);
    expect(system?.content).toMatch(/do not contain the answer, say plainly/);
    expect(user?.role).toBe('user');
    expect(user?.content).toBe(
      'Sources:\n\n' +
        '[1] (Travel policy › Expenses › Meals, page 3)\nThe daily meal allowance (per diem) is 62 euros.\n\n' +
        '[2] (Travel policy › Travel)\nTrips shorter than four hours are made by train.\n\n' +
        '[3] (Travel policy › Travel › Hotels)\nHotels are booked by the travel office, never by the employee.\n\n' +
        'Question: What is the per diem?',
    );
    expect(built.used).toEqual([PER_DIEM, TRAINS, HOTELS]);
    expect(built).toMatchObject({ droppedForBudget: 0, historyDropped: 0 });
    expect(built.truncated).toBeUndefined();
    expect(built.promptTokens).toBe(estimate(built.messages));
  });

  it('adds sources best first and stops at the first that does not fit', async () => {
    // TRAINS is small enough to fit after PER_DIEM, but LONG comes first and does not: order wins.
    const contextWindow = 600;
    const hits = [PER_DIEM, LONG, TRAINS];
    const built = await buildRagMessages({ ...base, contextWindow, hits, truncateLast: false });
    expect(built.used).toEqual([PER_DIEM]);
    expect(built.droppedForBudget).toBe(2);
    expect(built.promptTokens + base.maxAnswerTokens).toBeLessThanOrEqual(contextWindow);
    expect(built.messages.at(-1)?.content.endsWith(QUESTION)).toBe(true);
    const both = await buildRagMessages({ ...base, contextWindow, hits: [PER_DIEM, TRAINS] });
    expect(both.used).toEqual([PER_DIEM, TRAINS]);
  });

  it('cuts the first source that does not fit at a sentence boundary, and says so', async () => {
    const contextWindow = 600;
    const built = await buildRagMessages({
      ...base,
      contextWindow,
      hits: [PER_DIEM, LONG, HOTELS],
    });
    expect(built.used.map((h) => h.chunkId)).toEqual([PER_DIEM.chunkId, LONG.chunkId]);
    expect(built.truncated).toBe(2);
    expect(built.droppedForBudget).toBe(1);
    const cut = built.used[1]!;
    expect(cut.text.length).toBeLessThan(LONG.text.length);
    expect(LONG.text.startsWith(cut.text)).toBe(true);
    expect(cut.text).toMatch(/on time\.$/);
    expect(cut.end - cut.start).toBe(cut.text.length);
    expect(built.messages.at(-1)?.content).toContain(
      `[2] (Travel policy)\n${cut.text}\n\nQuestion:`,
    );
    expect(built.promptTokens + base.maxAnswerTokens).toBeLessThanOrEqual(contextWindow);
    const strict = await buildRagMessages({
      ...base,
      contextWindow,
      hits: [PER_DIEM, LONG],
      truncateLast: false,
    });
    expect(strict.used).toEqual([PER_DIEM]);
    expect(strict.truncated).toBeUndefined();
  });

  it('keeps the newest whole turns of history and drops the oldest first', async () => {
    const long = 'word '.repeat(60).trim();
    const history = [
      ...turn(`Oldest question ${long}?`, `Oldest answer ${long}.`),
      ...turn('Who books hotels?', 'The travel office [3].'),
    ];
    const roomy = await buildRagMessages({ ...base, hits: [PER_DIEM], history });
    expect(roomy.historyDropped).toBe(0);
    expect(roomy.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    const tight = await buildRagMessages({
      ...base,
      contextWindow: 500,
      hits: [PER_DIEM],
      history,
    });
    expect(tight.historyDropped).toBe(2);
    expect(tight.messages.slice(1, 3)).toEqual(history.slice(2));
    expect(tight.used).toEqual([PER_DIEM]);
    expect(tight.promptTokens + base.maxAnswerTokens).toBeLessThanOrEqual(500);
  });

  it('never starts history with an answer and leaves system messages out of it', async () => {
    const history: ChatMessage[] = [
      { role: 'assistant', content: 'A greeting.' },
      { role: 'system', content: 'Old instructions.' },
      ...turn('Who books hotels?', 'The travel office.'),
    ];
    const built = await buildRagMessages({ ...base, hits: [], history });
    expect(built.messages.map((m) => m.content).slice(1, 3)).toEqual([
      'Who books hotels?',
      'The travel office.',
    ]);
    expect(built.historyDropped).toBe(2);
  });

  it('says there are no sources when retrieval found none', async () => {
    const built = await buildRagMessages({ ...base, hits: [] });
    expect(built.messages.at(-1)?.content).toBe(`${NO_SOURCES_TEXT}\n\nQuestion: ${QUESTION}`);
    expect(built.used).toEqual([]);
  });

  it('takes an async tokenizer, adds the answer style, and refuses a question that cannot fit', async () => {
    const asyncCount = async (s: string) => countWords(s);
    const built = await buildRagMessages({
      ...base,
      countTokens: asyncCount,
      hits: [PER_DIEM],
      style: 'concise',
    });
    expect(built.messages[0]?.content).toMatch(/Keep the answer short/);
    const error = await buildRagMessages({ ...base, contextWindow: 300, hits: [PER_DIEM] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RagtuneError);
    expect((error as RagtuneError).code).toBe('context-too-long');
    expect((error as RagtuneError).message).toMatch(/larger context window/);
  });
});

describe('buildPlainMessages', () => {
  it('sends no sources and no citation instruction; the question is the last message', async () => {
    const history = turn('Who books hotels?', 'The travel office.');
    const built = await buildPlainMessages({ ...base, history });
    expect(built.messages).toEqual([
      { role: 'system', content: PLAIN_SYSTEM_PROMPT },
      ...history,
      { role: 'user', content: QUESTION },
    ]);
    expect(JSON.stringify(built.messages)).not.toMatch(/\[n\]|Sources:/);
    expect(built.promptTokens).toBe(estimate(built.messages));
    const bare = await buildPlainMessages({ ...base, system: null });
    expect(bare.messages).toEqual([{ role: 'user', content: QUESTION }]);
  });
});

describe('buildFullDocumentsMessages', () => {
  it('adds every whole document that fits, numbered in order, and skips the rest', async () => {
    const doc = (docId: string, words: number) => ({
      docId,
      name: `${docId}.md`,
      text: 'Fact. '.repeat(words),
    });
    const documents = [doc('a', 50), doc('huge', 2000), doc('b', 50)];
    const built = await buildFullDocumentsMessages({ ...base, contextWindow: 1024, documents });
    expect(built.used.map((d) => d.docId)).toEqual(['a', 'b']);
    expect(built.droppedForBudget).toBe(1);
    const last = built.messages.at(-1)?.content ?? '';
    expect(last).toMatch(/^Sources:\n\n\[1\] \(a\.md\)\nFact\./);
    expect(last).toContain('\n\n[2] (b.md)\nFact.');
    expect(last.endsWith(`Question: ${QUESTION}`)).toBe(true);
    expect(built.promptTokens + base.maxAnswerTokens).toBeLessThanOrEqual(1024);
  });
});
