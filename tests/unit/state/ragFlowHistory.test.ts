// buildPrompt and history: a RAG-off question after a RAG-on answer gets no document text (not
// even through that answer) unless the conversation keeps its full history, and says so.
import { describe, expect, it, vi } from 'vitest';
import { turnsFrom } from '../../../src/lib/chat/history';
import type { LibraryClient } from '../../../src/lib/library/libraryClient';
import type { SearchResponse } from '../../../src/lib/library/protocol';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import type { SearchHit } from '../../../src/lib/library/types';
import { buildPrompt, type PromptRequest } from '../../../src/lib/state/ragFlow';
import { question, ragAnswer } from '../chat/fixtures';

const FACT = 'The daily meal allowance (per diem) is 62 euros.';
const RAG_QUESTION = 'What is the per diem?';
const RAG_ANSWER = 'It is 62 euros [1].';
const FOLLOW_UP = 'And how is it paid?';

const HIT: SearchHit = {
  chunkId: 'travel#2',
  docId: 'travel',
  docName: 'Travel policy',
  text: FACT,
  start: 0,
  end: FACT.length,
  headingPath: [],
  score: 0.9,
  matchedTerms: [],
};

/** A conversation so far: one RAG-on question answered from the policy. */
const TURNS = turnsFrom([question('q1', RAG_QUESTION), ragAnswer('a1', RAG_ANSWER)]);

function setup() {
  const search = vi.fn(async (): Promise<SearchResponse> => ({
    hits: [HIT],
    mode: 'hybrid',
    timings: { embedMs: 0, keywordMs: 0, vectorMs: 0, fuseMs: 0, rerankMs: 0, totalMs: 0 },
  }));
  const client = { search } as unknown as LibraryClient;
  const rewrite = vi.fn(async () => ({
    text: 'per diem amount',
    promptTokens: 5,
    completionTokens: 3,
  }));
  const request = (overrides: Partial<PromptRequest>): PromptRequest => ({
    question: FOLLOW_UP,
    turns: TURNS,
    ragOn: false,
    library: { client, settings: DEFAULT_SETTINGS },
    generator: { contextWindow: 4096, countTokens: (t) => t.split(/\s+/).length },
    maxAnswerTokens: 64,
    preRetrieval: { multiQuery: true, hyde: true, rewrites: 2 },
    rewrite,
    ...overrides,
  });
  return { search, rewrite, request };
}

const allText = (messages: { content: string }[]) => messages.map((m) => m.content).join('\n');

describe('buildPrompt and earlier answers from documents', () => {
  it('RAG off leaves out the RAG-on turn, searches and rewrites nothing, and records it', async () => {
    const { search, rewrite, request } = setup();
    const built = await buildPrompt(request({}));
    const text = allText(built.messages);
    expect(text).not.toContain('62 euros');
    expect(text).not.toContain(RAG_QUESTION);
    expect(built.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(built.rag.history).toMatchObject({ included: 0, leftOutFromDocuments: 1 });
    expect(built.rag.history?.documentText).toBe(false);
    // Multi-query and HyDE are on, but a RAG-off question calls neither (nor search).
    expect(rewrite).not.toHaveBeenCalled();
    expect(search).not.toHaveBeenCalled();
  });

  it('keeping the full history sends the earlier turn and says it holds document text', async () => {
    const { request } = setup();
    const built = await buildPrompt(request({ keepFullHistory: true }));
    expect(built.messages.slice(1, 3)).toEqual([
      { role: 'user', content: RAG_QUESTION },
      { role: 'assistant', content: RAG_ANSWER },
    ]);
    expect(built.rag.history).toEqual({
      included: 1,
      leftOutFromDocuments: 0,
      droppedToFit: 0,
      documentText: true,
      keepFull: true,
    });
  });

  it('kept full but dropped to fit a small window: the record says no document text went in', async () => {
    const { request } = setup();
    const long = turnsFrom([
      question('q1', RAG_QUESTION),
      ragAnswer('a1', `${RAG_ANSWER} ${'word '.repeat(300)}`),
    ]);
    const built = await buildPrompt(
      request({
        keepFullHistory: true,
        turns: long,
        generator: { contextWindow: 200, countTokens: (t) => t.split(/\s+/).length },
      }),
    );
    expect(allText(built.messages)).not.toContain('62 euros');
    expect(built.rag.history).toMatchObject({ included: 0, droppedToFit: 1, documentText: false });
  });

  it('RAG on keeps the history; its rewrites see the question alone', async () => {
    const { rewrite, request } = setup();
    const built = await buildPrompt(request({ ragOn: true }));
    expect(built.messages.slice(1, 3).map((m) => m.content)).toEqual([RAG_QUESTION, RAG_ANSWER]);
    expect(built.rag.history).toMatchObject({ included: 1, documentText: true });
    expect(rewrite).toHaveBeenCalledTimes(2);
    for (const [messages] of rewrite.mock.calls as unknown as [{ content: string }[]][]) {
      expect(allText(messages)).not.toContain(RAG_ANSWER);
      expect(messages.at(-1)?.content).toBe(FOLLOW_UP);
    }
  });
});
