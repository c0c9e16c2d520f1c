// Exports: Markdown with questions, answers, model, RAG on/off, sources as footnotes and timings;
// JSON with the whole record; file names. Times are fixed so the output is exact.
import { describe, expect, it } from 'vitest';
import {
  CONVERSATION_FORMAT,
  conversationToJson,
  conversationToMarkdown,
  exportFileName,
  formatStats,
} from '../../../src/lib/chat/export';
import type { Conversation } from '../../../src/lib/chat/types';
import { question, ragAnswer, STATS } from './fixtures';

const NOW = Date.UTC(2025, 0, 2, 10, 0);
const conversation: Conversation = {
  id: 'c1',
  title: 'Per diem *questions*',
  createdAt: Date.UTC(2025, 0, 1, 9, 30),
  updatedAt: Date.UTC(2025, 0, 1, 9, 45),
  messages: [
    question('q1', 'What is the per diem?'),
    ragAnswer('a1', 'It is 62 euros [1], not [7].'),
    question('q2', 'And without the library?'),
    {
      id: 'a2',
      role: 'assistant',
      content: 'About 50 euros',
      createdAt: 1,
      rag: { on: false, sources: [] },
      model: { id: 'tiny-lm', engine: 'transformers' },
      stats: { ...STATS, timingSource: 'client', modelId: 'tiny-lm' },
      stopped: true,
    },
    question('q3', 'Who books hotels?'),
    {
      id: 'a3',
      role: 'assistant',
      content: '',
      createdAt: 2,
      rag: { on: true, sources: [], noneFound: true },
      error: 'WebGPU is not available in this browser.',
    },
  ],
};

describe('conversationToMarkdown', () => {
  const markdown = conversationToMarkdown(conversation, { now: NOW });

  it('has a title, export time, each question and answer with its model and RAG state', () => {
    expect(markdown.startsWith('# Per diem \\*questions\\*\n\n')).toBe(true);
    expect(markdown).toContain(
      '_Exported from ragtune on 2025-01-02 10:00 UTC · started 2025-01-01 09:30 UTC_',
    );
    expect(markdown).toContain('## Question 1\n\nWhat is the per diem?\n\n### Answer');
    expect(markdown).toContain(
      '_model `Llama-3.2-1B-Instruct-q4f16_1-MLC` (WebLLM) · RAG on, 2 sources_',
    );
    expect(markdown).toContain('_model `tiny-lm` (transformers.js) · RAG off_');
    expect(markdown).toContain('_RAG on, no sources found_');
  });

  it('says how an answer’s passages were searched when the answer recorded it', () => {
    const base = ragAnswer('a9', 'It is 62 euros [1].');
    const searched: Conversation = {
      ...conversation,
      messages: [
        question('q9', 'What is the per diem?'),
        {
          ...base,
          rag: {
            ...base.rag!,
            search: { mode: 'keyword', topK: 2, threshold: 0, rerank: false, fusion: 'rrf' },
          },
        },
      ],
    };
    expect(conversationToMarkdown(searched, { now: NOW })).toContain(
      '· RAG on, 2 sources from a keyword search, top 2_',
    );
  });

  it('turns citations into footnotes and lists sources that were not cited', () => {
    expect(markdown).toContain('It is 62 euros [^1-1], not [7].');
    expect(markdown).toContain(
      '[^1-1]: **Travel policy › Expenses › Meals, page 3** (score 0.912): ' +
        '“The daily meal allowance (per diem) is 62 euros.”',
    );
    expect(markdown).toContain(
      'Also retrieved, not cited:\n\n- [2] **Travel policy** (score 0.400): ' +
        '“Trips shorter than four hours are made by train.”',
    );
  });

  it('shows timings, a stopped answer and an error', () => {
    expect(markdown).toContain(
      '_Timings: 120 prompt + 8 answer tokens · first token 0.31 s · 25.4 tokens/s · ' +
        'total 0.62 s (measured by the engine)_',
    );
    expect(markdown).toContain('About 50 euros\n\n_Stopped before the end._');
    expect(markdown).toContain('(approximate)');
    expect(markdown).toContain('_(no answer)_\n\n> **Error:** WebGPU is not available');
    expect(formatStats({ ...STATS, decodeTokensPerS: Number.NaN })).not.toContain('NaN');
  });
});

describe('conversationToJson and file names', () => {
  it('exports the whole record with a format tag', () => {
    const parsed = JSON.parse(conversationToJson(conversation, { now: NOW })) as {
      format: string;
      version: number;
      exportedAt: string;
      conversation: Conversation;
    };
    expect(parsed).toMatchObject({ format: CONVERSATION_FORMAT, version: 1 });
    expect(parsed.exportedAt).toBe('2025-01-02T10:00:00.000Z');
    expect(parsed.conversation).toEqual(conversation);
  });

  it('names files after the title and the day', () => {
    expect(exportFileName(conversation, 'md')).toBe('per-diem-questions-2025-01-01.md');
    expect(exportFileName({ ...conversation, title: '¿Qué?' }, 'json')).toBe('que-2025-01-01.json');
    expect(exportFileName({ ...conversation, title: '!!!' }, 'json')).toBe(
      'conversation-2025-01-01.json',
    );
  });
});
