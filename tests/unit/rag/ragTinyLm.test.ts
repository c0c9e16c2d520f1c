// The built prompts through the real path: TransformersGenerator with the tests' tiny copying LM,
// its own tokenizer and chat template. The answer shows which sources reached the model.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src/lib/generate/Generator';
import { TransformersGenerator } from '../../../src/lib/generate/transformers/transformersGenerator';
import { setModelFileCacheDir } from '../../../src/lib/ml/transformers';
import {
  buildFullDocumentsMessages,
  buildPlainMessages,
  buildRagMessages,
} from '../../../src/lib/rag/prompt';
import { NO_ANSWER_TEXT, TINY_LM_ID, writeTinyCausalLm } from '../../fixtures/models/tinyCausalLm';
import { serveModels, type ModelServer } from '../embed/modelServer';
import { HOTELS, PER_DIEM, TRAINS } from './hits';

let work: string;
let server: ModelServer;
let lm: TransformersGenerator;
const QUESTION = 'What is the per diem?';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ragtune-rag-'));
  // "diem" as one token: otherwise its last piece ("##m") could match inside another word.
  await writeTinyCausalLm(join(work, 'models', TINY_LM_ID), { words: ['diem'] });
  server = await serveModels(join(work, 'models'));
  setModelFileCacheDir(join(work, 'cache'));
  lm = new TransformersGenerator({ host: server.host, device: 'wasm' });
  await lm.load(TINY_LM_ID, () => {});
});

afterAll(async () => {
  await lm?.unload();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

const budget = () => ({
  contextWindow: 4096,
  maxAnswerTokens: 64,
  countTokens: (text: string) => lm.countTokens(text),
});

async function answer(messages: ChatMessage[]): Promise<string> {
  const request = { messages, temperature: 0, topP: 1, maxTokens: 64, seed: 1 };
  return (await lm.generate(request, () => {})).text;
}

/** Tokens of the exact prompt the model reads (template and generation prompt included). */
async function realPromptTokens(messages: ChatMessage[]): Promise<number> {
  return lm.countTokens(await lm.applyChatTemplate(messages));
}

describe('RAG prompts with the tiny LM', () => {
  it('leads it to the per-diem fact, past an older answer in the history', async () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'Is the per diem paid abroad?' },
      { role: 'assistant', content: 'The per diem abroad is 80 euros.' },
    ];
    const built = await buildRagMessages({
      ...budget(),
      question: QUESTION,
      hits: [TRAINS, PER_DIEM, HOTELS],
      history,
    });
    expect(built.used).toHaveLength(3);
    const text = await answer(built.messages);
    expect(text).toContain('62');
    expect(text).toBe('is 62 euros.');
    // The estimate is an upper bound of what the model really reads.
    const real = await realPromptTokens(built.messages);
    expect(real).toBeLessThanOrEqual(built.promptTokens);
    console.log(`prompt tokens: estimated ${built.promptTokens}, real ${real}`);
  });

  it('answers without the fact when the budget leaves the per-diem source out', async () => {
    const hits = [TRAINS, HOTELS, PER_DIEM];
    const full = await buildRagMessages({ ...budget(), question: QUESTION, hits });
    const contextWindow = full.promptTokens + 64 - 15;
    const built = await buildRagMessages({
      ...budget(),
      contextWindow,
      question: QUESTION,
      hits,
      truncateLast: false,
    });
    expect(built.used).toEqual([TRAINS, HOTELS]);
    expect(await realPromptTokens(built.messages)).toBeLessThanOrEqual(contextWindow - 64);
    expect(await answer(built.messages)).toBe(NO_ANSWER_TEXT);
  });

  it('RAG off and no sources found both leave the model without the fact', async () => {
    const plain = await buildPlainMessages({ ...budget(), question: QUESTION });
    expect(await answer(plain.messages)).toBe(NO_ANSWER_TEXT);
    const none = await buildRagMessages({ ...budget(), question: QUESTION, hits: [] });
    expect(await answer(none.messages)).toBe(NO_ANSWER_TEXT);
  });

  it('whole documents reach it too', async () => {
    const documents = [
      { docId: 'travel', name: 'Travel policy', text: `${TRAINS.text}\n\n${PER_DIEM.text}` },
    ];
    const built = await buildFullDocumentsMessages({ ...budget(), question: QUESTION, documents });
    expect(await answer(built.messages)).toBe('is 62 euros.');
  });
});
