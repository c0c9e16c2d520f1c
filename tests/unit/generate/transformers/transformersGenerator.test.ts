// Loads the tests' tiny causal LMs through TransformersGenerator from a local http model host (the
// real path, onnxruntime-node in Node) and checks answers, streaming, stop, stats and errors.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../../src/lib/errors';
import type {
  ChatMessage,
  GenerateRequest,
  LoadProgress,
} from '../../../../src/lib/generate/Generator';
import { TransformersGenerator } from '../../../../src/lib/generate/transformers/transformersGenerator';
import { createTransformersWorkerApi } from '../../../../src/lib/generate/transformers/workerApi';
import { keepNucleus } from '../../../../src/lib/ml/textGeneration';
import { setModelFileCacheDir } from '../../../../src/lib/ml/transformers';
import {
  NO_ANSWER_TEXT,
  STYLE_TEXT,
  TINY_LM_ID,
  TINY_LM_VARIANT_ID,
  writeTinyCausalLm,
} from '../../../fixtures/models/tinyCausalLm';
import { serveModels, type ModelServer } from '../../embed/modelServer';

let work: string;
let server: ModelServer;
let base: TransformersGenerator;
let variant: TransformersGenerator;
const progress: LoadProgress[] = [];

const SOURCES = [
  '[1] Trips shorter than four hours are made by train.',
  '[2] The daily meal allowance (per diem) is 62 euros.',
  '[3] Hotels are booked by the travel office, never by the employee.',
];
const LONG_SOURCE =
  '[4] The packing list names a tent and a stove and a lantern and a rope and a map and a ' +
  'compass and a knife and a blanket and a kettle and a spoon and a cup and a plate';

/** A RAG prompt as the convention wants it: sources first (system), the question last (user). */
function rag(question: string, sources: string[]): ChatMessage[] {
  const context = sources.length > 0 ? `\n\nSources:\n${sources.join('\n')}` : '';
  return [
    { role: 'system', content: `Answer from the sources and cite them as [n].${context}` },
    { role: 'user', content: question },
  ];
}

const request = (messages: ChatMessage[], extra: Partial<GenerateRequest> = {}) => ({
  messages,
  temperature: 0,
  topP: 1,
  maxTokens: 64,
  seed: 1,
  ...extra,
});

async function answer(generator: TransformersGenerator, messages: ChatMessage[]) {
  const pieces: string[] = [];
  const result = await generator.generate(request(messages), (p) => pieces.push(p));
  const { timeToFirstTokenMs: ttft, decodeTokensPerS: rate, totalMs } = result.stats;
  console.log(
    `${result.stats.modelId}: ${JSON.stringify(result.text)} (${result.stats.promptTokens} + ` +
      `${result.stats.completionTokens} tokens, ttft ${ttft.toFixed(1)} ms, ` +
      `${rate.toFixed(0)} tok/s, total ${totalMs.toFixed(1)} ms)`,
  );
  return { ...result, pieces };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ragtune-generate-'));
  await writeTinyCausalLm(join(work, 'models', TINY_LM_ID));
  await writeTinyCausalLm(join(work, 'models', TINY_LM_VARIANT_ID), { variant: 'variant' });
  server = await serveModels(join(work, 'models'));
  setModelFileCacheDir(join(work, 'cache'));
  const started = performance.now();
  base = new TransformersGenerator({ host: server.host, device: 'wasm' });
  await base.load(TINY_LM_ID, (p) => progress.push(p));
  console.log(`tiny-lm load: ${Math.round(performance.now() - started)} ms`);
  variant = new TransformersGenerator({ host: server.host, device: 'wasm' });
  await variant.load(TINY_LM_VARIANT_ID, () => {});
});

afterAll(async () => {
  await base?.unload();
  await variant?.unload();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('TransformersGenerator with the tiny causal LM', () => {
  it('loads the q8 weights on the CPU device and reports progress up to ready', () => {
    expect(base.loaded).toMatchObject({ modelId: TINY_LM_ID, device: 'wasm', dtype: 'q8' });
    expect(server.requests).toContain(`${TINY_LM_ID}/onnx/model_quantized.onnx`);
    expect(server.requests).not.toContain(`${TINY_LM_ID}/onnx/model.onnx`);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ fraction: 1, phase: 'ready' });
  });

  it('answers from the sources when they are in the prompt', async () => {
    const { text, stopped } = await answer(base, rag('What is the per diem?', SOURCES));
    expect(text).toContain('62');
    expect(text).toBe('is 62 euros.');
    expect(stopped).toBe(false);
  });

  it('says something else, without the fact, when the sources are missing', async () => {
    const withSources = await answer(base, rag('What is the per diem?', SOURCES));
    const without = await answer(base, rag('What is the per diem?', []));
    expect(without.text).not.toContain('62');
    expect(without.text).not.toBe(withSources.text);
    expect(without.text).toBe(NO_ANSWER_TEXT);
  });

  it('the variant answers differently from the base on the same prompt', async () => {
    const messages = rag('Who books the hotels?', SOURCES);
    const fromBase = await answer(base, messages);
    const fromVariant = await answer(variant, messages);
    expect(fromVariant.text).not.toBe(fromBase.text);
    expect(fromVariant.text.startsWith(STYLE_TEXT)).toBe(true);
    expect(fromVariant.text).toContain(fromBase.text);
    expect(fromVariant.stats.modelId).toBe(TINY_LM_VARIANT_ID);
  });

  it('streams the answer in order; the pieces make up the text', async () => {
    const { text, pieces } = await answer(base, rag('What is on the packing list?', [LONG_SOURCE]));
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(text);
    expect(text.startsWith('names a tent and a stove')).toBe(true);
  });

  it('stops mid-answer when the signal fires, with the text streamed so far', async () => {
    const messages = rag('What is on the packing list?', [LONG_SOURCE]);
    const full = await answer(base, messages);
    const controller = new AbortController();
    const pieces: string[] = [];
    const result = await base.generate(
      request(messages),
      (p) => {
        pieces.push(p);
        if (pieces.length === 3) controller.abort();
      },
      controller.signal,
    );
    expect(result.stopped).toBe(true);
    expect(result.text).toBe(pieces.join(''));
    expect(result.text.length).toBeGreaterThan(0);
    expect(full.text.startsWith(result.text)).toBe(true);
    expect(result.text.length).toBeLessThan(full.text.length);
    expect(result.stats.completionTokens).toBeLessThan(full.stats.completionTokens);
  });

  it('fills the stats and counts the prompt like the tokenizer', async () => {
    const messages = rag('What is the per diem?', SOURCES);
    const { stats } = await answer(base, messages);
    const prompt = await base.applyChatTemplate(messages);
    expect(prompt.endsWith('What is the per diem?<|end|>\n<|assistant|>\n')).toBe(true);
    expect(stats.promptTokens).toBe(await base.countTokens(prompt));
    expect(stats.promptTokens).toBeGreaterThan(20);
    expect(stats.completionTokens).toBe(await base.countTokens('is 62 euros.'));
    expect(stats.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(stats.totalMs).toBeGreaterThanOrEqual(stats.timeToFirstTokenMs);
    expect(stats.decodeTokensPerS).toBeGreaterThan(0);
    expect(stats).toMatchObject({ modelId: TINY_LM_ID, timingSource: 'client' });
  });

  it('greedy runs are deterministic; a seeded sampled run repeats too', async () => {
    const messages = rag('Who books the hotels?', SOURCES);
    const first = await base.generate(request(messages), () => {});
    const second = await base.generate(request(messages), () => {});
    expect(first.text).toBe(second.text);
    const sampled = request(messages, { temperature: 0.8, topP: 0.9, seed: 7 });
    const a = await base.generate(sampled, () => {});
    const b = await base.generate(sampled, () => {});
    expect(a.text).toBe(b.text);
  });

  it('the worker API stops a generation with stop()', async () => {
    const api = createTransformersWorkerApi({ host: server.host, device: 'wasm' });
    await api.load(TINY_LM_ID, () => {});
    const pieces: string[] = [];
    const messages = rag('What is on the packing list?', [LONG_SOURCE]);
    const result = await api.generate(request(messages), (p) => {
      if (pieces.push(p) === 2) api.stop();
    });
    expect(result).toMatchObject({ stopped: true, text: pieces.join('') });
    await api.unload();
  });
});

describe('failures are RagtuneErrors', () => {
  const rejection = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, String(error)).toBeInstanceOf(RagtuneError);
    return error as RagtuneError;
  };

  it('a model the host does not have', async () => {
    const missing = new TransformersGenerator({ host: server.host, device: 'wasm' });
    const error = await rejection(missing.load('ragtune-test/missing-lm', () => {}));
    expect(error.code).toBe('model-unavailable');
    expect(error.message).toMatch(/“ragtune-test\/missing-lm” was not found on 127\.0\.0\.1/);
    const q4 = new TransformersGenerator({ host: server.host, device: 'wasm', dtype: 'q4' });
    const noFile = await rejection(q4.load(TINY_LM_ID, () => {}));
    expect(noFile.code).toBe('model-unavailable');
    expect(noFile.message).toMatch(/has no onnx\/model_q4\.onnx \(its q4 weights\)/);
  });

  it('a signal aborted before the start, a prompt over the context, no model loaded', async () => {
    const controller = new AbortController();
    controller.abort();
    const messages = rag('What is the per diem?', SOURCES);
    expect(
      (await rejection(base.generate(request(messages), () => {}, controller.signal))).code,
    ).toBe('cancelled');
    const huge = rag('What is the per diem?', ['tent '.repeat(5000)]);
    expect((await rejection(base.generate(request(huge), () => {}))).code).toBe('context-too-long');
    const idle = new TransformersGenerator({ host: server.host });
    expect((await rejection(idle.generate(request(messages), () => {}))).code).toBe(
      'generation-failed',
    );
  });
});

describe('keepNucleus (top-p)', () => {
  it('keeps the smallest set of tokens that holds top-p of the mass', () => {
    const row = Float32Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)]);
    keepNucleus(row, 0.75);
    expect([...row].map((v) => v > -Infinity)).toEqual([true, true, false, false]);
  });
});
