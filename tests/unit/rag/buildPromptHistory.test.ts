// buildPrompt and history: a no-documents question after a RAG answer gets no document text (not
// even through that answer) unless the conversation keeps its full history, and says so; a RAG or
// full-documents question keeps every turn.
import { describe, expect, it, vi } from 'vitest';
import { turnsFrom } from '../../../src/lib/chat/history';
import type { SearchHit } from '../../../src/lib/search/searchHit';
import { buildPrompt, type PromptRequest } from '../../../src/lib/rag/buildPrompt';
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
  const search = vi.fn(async (_query: string) => ({ hits: [HIT] }));
  const documents = vi.fn(async () => [{ docId: 'travel', name: 'Travel policy', text: FACT }]);
  const rewrite = vi.fn(async () => ({
    text: 'per diem amount',
    promptTokens: 5,
    completionTokens: 3,
  }));
  const request = (overrides: Partial<PromptRequest>): PromptRequest => ({
    question: FOLLOW_UP,
    turns: TURNS,
    mode: 'none',
    library: { search, topK: 5, documents },
    contextWindow: 4096,
    countTokens: (t) => t.split(/\s+/).length,
    maxAnswerTokens: 64,
    preRetrieval: { options: { multiQuery: true, hyde: true, rewrites: 2 }, generate: rewrite },
    ...overrides,
  });
  return { search, documents, rewrite, request };
}

const allText = (messages: { content: string }[]) => messages.map((m) => m.content).join('\n');

describe('buildPrompt and earlier answers from documents', () => {
  it('no documents leaves out the RAG turn, searches and rewrites nothing, and records it', async () => {
    const { search, documents, rewrite, request } = setup();
    const built = await buildPrompt(request({}));
    const text = allText(built.messages);
    expect(text).not.toContain('62 euros');
    expect(text).not.toContain(RAG_QUESTION);
    expect(built.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(built.history).toMatchObject({ included: 0, leftOutFromDocuments: 1 });
    expect(built.history?.documentText).toBe(false);
    // Multi-query and HyDE are on, but a RAG-off question calls neither (nor search).
    expect(rewrite).not.toHaveBeenCalled();
    expect(search).not.toHaveBeenCalled();
    expect(documents).not.toHaveBeenCalled();
  });

  it('keeping the full history sends the earlier turn and says it holds document text', async () => {
    const { request } = setup();
    const built = await buildPrompt(request({ keepFullHistory: true }));
    expect(built.messages.slice(1, 3)).toEqual([
      { role: 'user', content: RAG_QUESTION },
      { role: 'assistant', content: RAG_ANSWER },
    ]);
    expect(built.history).toEqual({
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
        contextWindow: 200,
      }),
    );
    expect(allText(built.messages)).not.toContain('62 euros');
    expect(built.history).toMatchObject({ included: 0, droppedToFit: 1, documentText: false });
  });

  it('RAG on keeps the history; its rewrites see the question alone', async () => {
    const { rewrite, request } = setup();
    const built = await buildPrompt(request({ mode: 'rag' }));
    expect(built.messages.slice(1, 3).map((m) => m.content)).toEqual([RAG_QUESTION, RAG_ANSWER]);
    expect(built.history).toMatchObject({ included: 1, documentText: true });
    expect(rewrite).toHaveBeenCalledTimes(2);
    for (const [messages] of rewrite.mock.calls as unknown as [{ content: string }[]][]) {
      expect(allText(messages)).not.toContain(RAG_ANSWER);
      expect(messages.at(-1)?.content).toBe(FOLLOW_UP);
    }
  });

  it('full documents keeps the history too, and calls no rewrite (HyDE feeds RAG only)', async () => {
    const { search, documents, rewrite, request } = setup();
    const built = await buildPrompt(request({ mode: 'full' }));
    expect(built.messages.slice(1, 3).map((m) => m.content)).toEqual([RAG_QUESTION, RAG_ANSWER]);
    expect(built.history).toMatchObject({ included: 1, leftOutFromDocuments: 0 });
    expect(rewrite).not.toHaveBeenCalled();
    expect(search).toHaveBeenCalledTimes(1);
    expect(documents).toHaveBeenCalledTimes(1);
  });
});
