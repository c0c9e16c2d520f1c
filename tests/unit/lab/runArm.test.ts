// One arm's prompt and answer with a stand-in model (one token per word, a small window): no
// documents, the shared RAG hits as numbered sources (or its own multi-query / HyDE search), or
// whole documents that fit; the answer
// names the model the engine says answered, and failures and stops become part of the answer.
import { describe, expect, it, vi } from 'vitest';
import { RagtuneError, cancelledError } from '../../../src/lib/errors';
import { PartialAnswerError } from '../../../src/lib/generate/partialAnswer';
import type {
  GenerateRequest,
  GenerationResult,
  GenerationStats,
  TokenCallback,
} from '../../../src/lib/generate/Generator';
import type { EngineClient } from '../../../src/lib/generate/generatorClient';
import type { ReadyModel } from '../../../src/lib/lab/enginePool';
import { answeredBy, armLabel } from '../../../src/lib/lab/labels';
import { buildArmPrompt, runArm } from '../../../src/lib/lab/runArm';
import type { SharedContext } from '../../../src/lib/lab/sharedContext';
import { armKey, type Arm, type ArmAnswer } from '../../../src/lib/lab/types';
import type { SearchHit } from '../../../src/lib/search/searchHit';
import type { FullDocument } from '../../../src/lib/rag/prompt';
import {
  NO_SOURCES_TEXT,
  PLAIN_SYSTEM_PROMPT,
  QUESTION_PREFIX,
  RAG_SYSTEM_PROMPT,
} from '../../../src/lib/rag/sources';
import { DEFAULT_DECODING, type DecodingSettings } from '../../../src/lib/generate/decoding';
import { countWords, HOTELS, PER_DIEM, TRAINS } from '../rag/hits';
import { arm, QWEN } from './arms';

const QUESTION = 'What is the daily meal allowance?';
/** What WebLLM loaded for QWEN (its q4f32 twin) and what its stats say answered. */
const LOADED_ID = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const DECODING: DecodingSettings = { ...DEFAULT_DECODING, maxTokens: 32 };

const SHORT_DOC: FullDocument = {
  docId: 'policy',
  name: 'Travel policy',
  text: 'The daily meal allowance (per diem) is 62 euros.',
};
/** Too long for the window: a full-documents arm must leave it out. */
const LONG_DOC: FullDocument = {
  docId: 'handbook',
  name: 'Handbook',
  text: Array.from({ length: 60 }, (_, i) => `Rule ${i + 1} says form ${i + 1} is due.`).join(' '),
};

function stats(modelId: string): GenerationStats {
  return {
    promptTokens: 100,
    completionTokens: 4,
    timeToFirstTokenMs: 10,
    prefillTokensPerS: 1000,
    decodeTokensPerS: 40,
    totalMs: 110,
    modelId,
    timingSource: 'engine',
  };
}

type Generate = (
  request: GenerateRequest,
  onToken: TokenCallback,
  signal?: AbortSignal,
) => Promise<GenerationResult>;

/** Streams `pieces` and reports `answeredAs` as the model that answered. */
function streaming(pieces: string[], answeredAs: string): Generate {
  return async (_request, onToken) => {
    for (const piece of pieces) onToken(piece);
    return { text: pieces.join(''), stats: stats(answeredAs), stopped: false };
  };
}

function readyModel(generate: Generate, contextWindow = 400): ReadyModel & { generate: Generate } {
  const spy = vi.fn(generate);
  const client: EngineClient = {
    engine: 'webllm',
    load: () => Promise.reject(new Error('loaded already')),
    cancelLoad: () => {},
    generate: spy,
    unload: async () => {},
    terminate: () => {},
  };
  return {
    client,
    generate: spy,
    info: {
      engine: 'webllm',
      requestedId: QWEN.id,
      modelId: LOADED_ID,
      contextWindow,
      countTokens: countWords,
      warnings: [],
    },
  };
}

/**
 * A question's shared context as prepareShared makes it: the question's search is the shared one;
 * other queries (an arm's rewrites, a hypothetical answer) are looked up in `own`.
 */
function sharedContext(
  hits = [PER_DIEM, TRAINS],
  documents: FullDocument[] = [LONG_DOC, SHORT_DOC],
  own: Record<string, SearchHit[]> = {},
) {
  const loaded = vi.fn(async () => documents);
  const search = vi.fn(async (query: string) => ({
    hits: query === QUESTION ? hits : (own[query] ?? []),
  }));
  const shared: SharedContext = {
    question: QUESTION,
    hits,
    retrievalMs: 1000,
    documents: loaded,
    library: { search, topK: 5, documents: loaded },
  };
  return Object.assign(shared, { documents: loaded, search });
}

async function run(a: Arm, generate: Generate, shared = sharedContext(), signal?: AbortSignal) {
  const model = readyModel(generate);
  const tokens: string[] = [];
  const prompts: ArmAnswer[] = [];
  const answer = await runArm({
    arm: a,
    shared,
    model,
    decoding: DECODING,
    onToken: (t) => tokens.push(t),
    onPrompt: (p) => prompts.push(p),
    ...(signal ? { signal } : {}),
  });
  return { answer, tokens, prompts, model, shared };
}

describe('buildArmPrompt', () => {
  it('without documents: the plain system prompt, the question alone, no sources', async () => {
    const shared = sharedContext();
    const built = await buildArmPrompt(
      arm(QWEN, 'none'),
      shared,
      readyModel(streaming([], '')),
      DECODING,
    );
    expect(built.messages).toEqual([
      { role: 'system', content: PLAIN_SYSTEM_PROMPT },
      { role: 'user', content: QUESTION },
    ]);
    expect(built.sources).toEqual([]);
    expect(built.noneFound).toBeUndefined();
    expect(shared.documents).not.toHaveBeenCalled();
  });

  it('with RAG: the shared hits as numbered sources before the question', async () => {
    const shared = sharedContext([PER_DIEM, TRAINS, HOTELS]);
    const built = await buildArmPrompt(
      arm(QWEN, 'rag'),
      shared,
      readyModel(streaming([], '')),
      DECODING,
    );
    expect(built.messages[0]).toEqual({ role: 'system', content: RAG_SYSTEM_PROMPT });
    const user = built.messages[1]!.content;
    expect(user).toContain(`[1] (Travel policy › Expenses › Meals, page 3)\n${PER_DIEM.text}`);
    expect(user).toContain(`[2] (Travel policy › Travel)\n${TRAINS.text}`);
    expect(user).toContain(`[3] (Travel policy › Travel › Hotels)\n${HOTELS.text}`);
    expect(user.endsWith(`${QUESTION_PREFIX}${QUESTION}`)).toBe(true);
    expect(built.sources.map((s) => [s.n, s.chunkId, s.text])).toEqual([
      [1, PER_DIEM.chunkId, PER_DIEM.text],
      [2, TRAINS.chunkId, TRAINS.text],
      [3, HOTELS.chunkId, HOTELS.text],
    ]);
    expect(built.sources[0]).toMatchObject({ page: 3, headingPath: ['Expenses', 'Meals'] });
    expect(built.noneFound).toBeUndefined();
    expect(shared.documents).not.toHaveBeenCalled();
  });

  it('with RAG and no hits: says none were found, to the model and in the answer', async () => {
    const built = await buildArmPrompt(
      arm(QWEN, 'rag'),
      sharedContext([]),
      readyModel(streaming([], '')),
      DECODING,
    );
    expect(built.messages[1]!.content).toBe(`${NO_SOURCES_TEXT}\n\n${QUESTION_PREFIX}${QUESTION}`);
    expect(built.sources).toEqual([]);
    expect(built.noneFound).toBe(true);
  });

  it('with full documents: each whole document that fits, most relevant first; the rest dropped', async () => {
    const shared = sharedContext([PER_DIEM], [LONG_DOC, SHORT_DOC]);
    const built = await buildArmPrompt(
      arm(QWEN, 'full'),
      shared,
      readyModel(streaming([], '')),
      DECODING,
    );
    expect(shared.documents).toHaveBeenCalledTimes(1);
    expect(built.messages[0]).toEqual({ role: 'system', content: RAG_SYSTEM_PROMPT });
    const user = built.messages[1]!.content;
    expect(user).toContain(`[1] (Travel policy)\n${SHORT_DOC.text}`);
    expect(user).not.toContain('Rule 1 says');
    expect(built.sources).toEqual([
      {
        n: 1,
        chunkId: '',
        docId: SHORT_DOC.docId,
        docName: SHORT_DOC.name,
        score: 1,
        text: SHORT_DOC.text,
        headingPath: [],
      },
    ]);
    expect(built.droppedDocuments).toBe(1);
  });

  it('with full documents that all fit: none dropped, numbered in order', async () => {
    const other = { docId: 'meals', name: 'Meals', text: 'Dinner is at seven.' };
    const built = await buildArmPrompt(
      arm(QWEN, 'full'),
      sharedContext([], [other, SHORT_DOC]),
      readyModel(streaming([], '')),
      DECODING,
    );
    expect(built.sources.map((s) => [s.n, s.docId])).toEqual([
      [1, 'meals'],
      [2, 'policy'],
    ]);
    expect(built.droppedDocuments).toBeUndefined();
  });
});

describe('runArm', () => {
  it('streams the answer and labels it with the model the engine says answered', async () => {
    const a = arm(QWEN, 'rag');
    const { answer, tokens, prompts, model } = await run(
      a,
      streaming(['It is ', '62 euros ', '[1].'], LOADED_ID),
    );
    expect(tokens).toEqual(['It is ', '62 euros ', '[1].']);
    expect(answer.text).toBe('It is 62 euros [1].');
    expect(answer.armKey).toBe(armKey(a));
    expect(answer.arm).toBe(a);
    expect(answer.modelId).toBe(LOADED_ID);
    expect(answer.stats?.modelId).toBe(LOADED_ID);
    expect(answer.sources.map((s) => s.n)).toEqual([1, 2]);
    expect(answer.stopped).toBeUndefined();
    expect(answer.error).toBeUndefined();
    // The model got the prompt the answer records, with the comparison's decoding settings.
    expect(model.generate).toHaveBeenCalledTimes(1);
    expect(vi.mocked(model.generate).mock.calls[0]![0]).toEqual({
      messages: answer.prompt,
      ...DECODING,
    });
    // onPrompt came once, before the model ran, with the prompt and no text yet.
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({ text: '', prompt: answer.prompt, sources: answer.sources });
    // The label names the engine's model, not the arm the person picked.
    expect(answeredBy(answer)).toBe(`${LOADED_ID} · RAG`);
    expect(armLabel(a)).toBe(`${QWEN.id} · RAG`);
  });

  it('takes the answering model from the generation, not the load or the arm', async () => {
    const { answer, prompts } = await run(
      arm(QWEN, 'none'),
      streaming(['Hi.'], 'SmolLM2-360M-Instruct-q4f16_1-MLC'),
    );
    expect(prompts[0]?.modelId).toBe(LOADED_ID);
    expect(answer.modelId).toBe('SmolLM2-360M-Instruct-q4f16_1-MLC');
    expect(answeredBy(answer)).toBe('SmolLM2-360M-Instruct-q4f16_1-MLC · no documents');
  });

  it('counts the shared retrieval in the preparation of arms that use it only', async () => {
    // A stopped clock: an arm's own preparation takes 0 ms, so prepareMs shows only what is shared.
    const now = vi.spyOn(performance, 'now').mockReturnValue(500);
    const none = await run(arm(QWEN, 'none'), streaming(['a'], LOADED_ID));
    const rag = await run(arm(QWEN, 'rag'), streaming(['a'], LOADED_ID));
    const full = await run(arm(QWEN, 'full'), streaming(['a'], LOADED_ID));
    now.mockRestore();
    expect(none.answer.prepareMs).toBe(0);
    expect(rag.answer.prepareMs).toBe(1000);
    expect(full.answer.prepareMs).toBe(1000);
    expect(full.answer.droppedDocuments).toBe(1);
    expect(full.answer.noneFound).toBeUndefined();
  });

  it('records the search mode that ran on the arms that searched, and only on those', async () => {
    const ran = Object.assign(sharedContext(), { mode: 'keyword' as const });
    const rag = await run(arm(QWEN, 'rag'), streaming(['a'], LOADED_ID), ran);
    const full = await run(arm(QWEN, 'full'), streaming(['a'], LOADED_ID), ran);
    const none = await run(arm(QWEN, 'none'), streaming(['a'], LOADED_ID), ran);
    expect(rag.answer.searchMode).toBe('keyword');
    expect(full.answer.searchMode).toBe('keyword');
    expect(none.answer).not.toHaveProperty('searchMode');
    // A shared context from before the mode was kept says nothing rather than guess.
    const older = await run(arm(QWEN, 'rag'), streaming(['a'], LOADED_ID));
    expect(older.answer).not.toHaveProperty('searchMode');
  });

  it('records noneFound on a RAG answer when retrieval found nothing', async () => {
    const { answer } = await run(
      arm(QWEN, 'rag'),
      streaming(['The sources do not say.'], LOADED_ID),
      sharedContext([]),
    );
    expect(answer.noneFound).toBe(true);
    expect(answer.sources).toEqual([]);
    expect(answer.text).toBe('The sources do not say.');
  });

  it('turns a failed generation into an error with the text so far', async () => {
    const { answer } = await run(arm(QWEN, 'rag'), async (_request, onToken) => {
      onToken('It is ');
      onToken('62');
      throw new Error('The GPU device was lost.');
    });
    expect(answer.error).toBe('The GPU device was lost.');
    expect(answer.text).toBe('It is 62');
    expect(answer.stopped).toBeUndefined();
    expect(answer.stats).toBeUndefined();
    expect(answer.modelId).toBe(LOADED_ID);
    // What was sent stays on record.
    expect(answer.sources).toHaveLength(2);
    expect(answer.prompt).toHaveLength(2);
  });

  it('keeps the figures of the part that arrived when the answer is cut off (a lost connection)', async () => {
    const { answer } = await run(arm(QWEN, 'rag'), async (_request, onToken) => {
      onToken('It is ');
      const partial = { text: 'It is ', stats: stats('server-lora'), stopped: false };
      throw new PartialAnswerError('connection-lost', 'The connection ended.', partial);
    });
    expect(answer.error).toBe('The connection ended.');
    expect(answer.text).toBe('It is ');
    // Who sent the part, and its figures, with the prompt as the builder counted it.
    expect(answer.modelId).toBe('server-lora');
    expect(answer.stats).toMatchObject({ completionTokens: 4, timeToFirstTokenMs: 10 });
    expect(answer.stats!.promptTokens).not.toBe(100);
    expect(answer.stats!.prefillTokens).toBe(100);
  });

  it('keeps a RagtuneError’s message', async () => {
    const error = new RagtuneError('generation-failed', 'The model stopped answering: reload it.');
    const { answer } = await run(arm(QWEN, 'none'), () => Promise.reject(error));
    expect(answer.error).toBe(error.message);
    expect(answer.text).toBe('');
  });

  it('turns a prompt that cannot fit into an error before the model is called', async () => {
    const model = readyModel(streaming(['never'], LOADED_ID), 60);
    const prompts: ArmAnswer[] = [];
    const answer = await runArm({
      arm: arm(QWEN, 'rag'),
      shared: sharedContext(),
      model,
      decoding: DECODING,
      onToken: () => {},
      onPrompt: (p) => prompts.push(p),
    });
    expect(answer.error).toMatch(/tokens but this model has room for/);
    expect(model.generate).not.toHaveBeenCalled();
    expect(prompts).toEqual([]);
    expect(answer.prompt).toEqual([]);
  });

  it('marks an answer stopped by the signal, with the text up to the stop', async () => {
    const controller = new AbortController();
    const { answer, tokens } = await run(
      arm(QWEN, 'rag'),
      async (_request, onToken, signal) => {
        onToken('It is ');
        controller.abort();
        expect(signal?.aborted).toBe(true);
        return { text: 'It is ', stats: stats(LOADED_ID), stopped: true };
      },
      sharedContext(),
      controller.signal,
    );
    expect(tokens).toEqual(['It is ']);
    expect(answer).toMatchObject({ text: 'It is ', stopped: true, modelId: LOADED_ID });
    expect(answer.error).toBeUndefined();
  });

  it('marks an answer stopped, not failed, when the generation rejects as cancelled', async () => {
    const { answer } = await run(arm(QWEN, 'none'), async (_request, onToken) => {
      onToken('Par');
      throw cancelledError();
    });
    expect(answer.stopped).toBe(true);
    expect(answer.error).toBeUndefined();
    expect(answer.text).toBe('Par');
  });

  it('marks an answer stopped when the engine throws an AbortError', async () => {
    const { answer } = await run(arm(QWEN, 'none'), () =>
      Promise.reject(new DOMException('The operation was aborted.', 'AbortError')),
    );
    expect(answer.stopped).toBe(true);
    expect(answer.error).toBeUndefined();
  });

  it('a HyDE arm asks its own model for a passage, searches it beside the shared hits and says so', async () => {
    const passage = 'Meals abroad are paid at 62 euros a day.';
    const shared = sharedContext([TRAINS], [], { [passage]: [PER_DIEM] });
    const calls: GenerateRequest[] = [];
    const a: Arm = { ...arm(QWEN, 'rag'), preRetrieval: { multiQuery: false, hyde: true } };
    const { answer, model } = await run(
      a,
      async (request, onToken) => {
        calls.push(request);
        // The first call writes the hypothetical passage; the second answers.
        const text = calls.length === 1 ? passage : 'It is 62 euros [1].';
        if (calls.length > 1) onToken(text);
        return { text, stats: stats(LOADED_ID), stopped: false };
      },
      shared,
    );
    expect(model.generate).toHaveBeenCalledTimes(2);
    // The HyDE call is short and greedy, with the comparison's seed.
    expect(calls[0]).toMatchObject({ temperature: 0, maxTokens: 96, seed: DECODING.seed });
    expect(calls[0]!.messages.at(-1)?.content).toBe(QUESTION);
    expect(shared.search.mock.calls.map(([q]) => q)).toEqual([QUESTION, passage]);
    expect(answer.preRetrieval).toMatchObject({
      queries: [QUESTION, passage],
      hypothetical: passage,
    });
    expect(answer.sources.map((s) => s.chunkId).sort()).toEqual(
      [PER_DIEM.chunkId, TRAINS.chunkId].sort(),
    );
    expect(answer.text).toBe('It is 62 euros [1].');
    expect(armKey(a)).toBe(`${armKey(arm(QWEN, 'rag'))}+hyde`);
    expect(armLabel(a)).toBe(`${QWEN.id} · RAG + HyDE`);
    expect(answeredBy(answer)).toBe(`${LOADED_ID} · RAG + HyDE`);
  });

  it('a multi-query arm searches its rewrites; a plain RAG arm calls its model once', async () => {
    const shared = sharedContext([TRAINS], [], { 'meal allowance amount': [PER_DIEM] });
    const a: Arm = { ...arm(QWEN, 'rag'), preRetrieval: { multiQuery: true, hyde: false } };
    let n = 0;
    const { answer, model } = await run(
      a,
      async () => {
        n++;
        const text = n === 1 ? 'meal allowance amount\nper diem' : 'Answer.';
        return { text, stats: stats(LOADED_ID), stopped: false };
      },
      shared,
    );
    expect(model.generate).toHaveBeenCalledTimes(2);
    expect(answer.preRetrieval?.queries).toEqual([QUESTION, 'meal allowance amount', 'per diem']);
    expect(answer.sources.map((s) => s.chunkId)).toContain(PER_DIEM.chunkId);
    expect(armLabel(a)).toBe(`${QWEN.id} · RAG + multi-query`);

    const plain = sharedContext([TRAINS]);
    const r = await run(arm(QWEN, 'rag'), streaming(['a'], LOADED_ID), plain);
    expect(r.model.generate).toHaveBeenCalledTimes(1);
    expect(plain.search.mock.calls.map(([q]) => q)).toEqual([QUESTION]);
    expect(r.answer.preRetrieval).toBeUndefined();
  });
});
