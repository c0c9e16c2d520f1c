// EndpointGenerator against a real OpenAI-compatible server on 127.0.0.1 (tests/support, the tiny
// LMs behind it): the same text as TransformersGenerator gives for the same messages, adapters with
// truthful labels, stop, usage or counting, and every failure as words. Vitest runs in Node, where
// fetch has no CORS: a browser-only refusal is for the end-to-end tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../../src/lib/errors';
import { discoverModels } from '../../../../src/lib/generate/endpoint/discover';
import { EndpointGenerator } from '../../../../src/lib/generate/endpoint/endpointGenerator';
import { PartialAnswerError } from '../../../../src/lib/generate/endpoint/errors';
import {
  estimateTokens,
  type ChatMessage,
  type GenerateRequest,
} from '../../../../src/lib/generate/Generator';
import { TransformersGenerator } from '../../../../src/lib/generate/transformers/transformersGenerator';
import {
  NO_ANSWER_TEXT,
  STYLE_TEXT,
  TINY_LM_ID,
  writeTinyCausalLm,
} from '../../../fixtures/models/tinyCausalLm';
import { startOpenAiServer, type OpenAiServer } from '../../../support/openaiServer';
import { PLAIN_ADAPTER_ID, STYLE_ADAPTER_ID } from '../../../support/tinyLmBackends';
import { serveModels, unreachableHost, type ModelServer } from '../../embed/modelServer';

const SOURCES = [
  '[1] Trips shorter than four hours are made by train.',
  '[2] The daily meal allowance (per diem) is 62 euros.',
  '[3] Hotels are booked by the travel office, never by the employee.',
];
const LONG_SOURCE =
  '[4] The packing list names a tent and a stove and a lantern and a rope and a map and a ' +
  'compass and a knife and a blanket and a kettle and a spoon and a cup and a plate';

const rag = (question: string, sources: string[]): ChatMessage[] => [
  {
    role: 'system',
    content: `Answer from the sources and cite them as [n].${sources.length ? `\n\nSources:\n${sources.join('\n')}` : ''}`,
  },
  { role: 'user', content: question },
];

const request = (
  messages: ChatMessage[],
  extra: Partial<GenerateRequest> = {},
): GenerateRequest => ({
  messages,
  temperature: 0,
  topP: 1,
  maxTokens: 64,
  seed: 1,
  ...extra,
});

let server: OpenAiServer;
let work: string;
let host: ModelServer;
let direct: TransformersGenerator;

beforeAll(async () => {
  const started = performance.now();
  server = await startOpenAiServer();
  console.log(
    `openai test server up in ${Math.round(performance.now() - started)} ms at ${server.url}`,
  );
  // The same tiny LM loaded here on its own, to compare answers with.
  work = await mkdtemp(join(tmpdir(), 'ragtune-endpoint-'));
  await writeTinyCausalLm(join(work, 'models', TINY_LM_ID));
  host = await serveModels(join(work, 'models'));
  direct = new TransformersGenerator({ host: host.host, device: 'wasm' });
  await direct.load(TINY_LM_ID, () => {});
}, 120_000);

afterAll(async () => {
  await direct?.unload();
  await host?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

afterEach(() => server.configure({}));

async function loaded(modelId = TINY_LM_ID, apiKey?: string) {
  const generator = new EndpointGenerator({
    id: 'e1',
    name: 'test',
    baseUrl: server.url,
    ...(apiKey ? { apiKey } : {}),
  });
  await generator.load(modelId, () => {});
  return generator;
}

async function answer(
  generator: EndpointGenerator,
  messages: ChatMessage[],
  extra: Partial<GenerateRequest> = {},
) {
  const pieces: string[] = [];
  const result = await generator.generate(request(messages, extra), (p) => pieces.push(p));
  return { ...result, pieces };
}

async function rejection(promise: Promise<unknown>): Promise<RagtuneError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, String(error)).toBeInstanceOf(RagtuneError);
  return error as RagtuneError;
}

describe('EndpointGenerator against the test server', () => {
  it('discovers the base with its two adapters and the context length', async () => {
    const found = await discoverModels({ baseUrl: server.url });
    expect(found.groups).toEqual([
      {
        base: { id: TINY_LM_ID, ownedBy: 'vllm', contextLength: 4096 },
        adapters: [
          { id: STYLE_ADAPTER_ID, ownedBy: 'vllm', parent: TINY_LM_ID, contextLength: 4096 },
          { id: PLAIN_ADAPTER_ID, ownedBy: 'vllm', parent: TINY_LM_ID, contextLength: 4096 },
        ],
      },
    ]);
  });

  it('answers exactly what TransformersGenerator gives for the same messages (temperature 0)', async () => {
    const generator = await loaded();
    for (const messages of [
      rag('What is the per diem?', SOURCES),
      rag('What is the per diem?', []),
      rag('What is on the packing list?', [LONG_SOURCE]),
    ]) {
      const expected = await direct.generate(request(messages), () => {});
      const got = await answer(generator, messages);
      expect(got.text).toBe(expected.text);
      expect(got.pieces.join('')).toBe(got.text);
      expect(got.stats.completionTokens).toBe(expected.stats.completionTokens);
      expect(got.stats.promptTokens).toBe(expected.stats.promptTokens);
    }
    expect((await answer(generator, rag('What is the per diem?', SOURCES))).text).toBe(
      'is 62 euros.',
    );
    expect((await answer(generator, rag('What is the per diem?', []))).text).toBe(NO_ANSWER_TEXT);
  });

  it('an adapter answers as itself and is labelled with the id the server wrote in its chunks', async () => {
    const base = await answer(await loaded(), rag('Who books the hotels?', SOURCES));
    const style = await answer(
      await loaded(STYLE_ADAPTER_ID),
      rag('Who books the hotels?', SOURCES),
    );
    const plain = await answer(
      await loaded(PLAIN_ADAPTER_ID),
      rag('Who books the hotels?', SOURCES),
    );
    expect(style.text.startsWith(STYLE_TEXT)).toBe(true);
    expect(style.text).toContain(base.text);
    expect(plain.text).toBe(base.text);
    expect([base.stats.modelId, style.stats.modelId, plain.stats.modelId]).toEqual([
      TINY_LM_ID,
      STYLE_ADAPTER_ID,
      PLAIN_ADAPTER_ID,
    ]);
  });

  it('fills the stats from the usage chunk and times the answer by our clock', async () => {
    const generator = await loaded();
    const messages = rag('What is on the packing list?', [LONG_SOURCE]);
    const { stats, pieces, cutOff, stopped } = await answer(generator, messages);
    const prompt = await direct.applyChatTemplate(messages);
    expect(stats.promptTokens).toBe(await direct.countTokens(prompt));
    expect(stats.completionTokens).toBeGreaterThan(pieces.length - 1);
    expect(stats.timingSource).toBe('engine');
    expect(stats.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(stats.totalMs).toBeGreaterThanOrEqual(stats.timeToFirstTokenMs);
    expect(stats.decodeTokensPerS).toBeGreaterThan(0);
    expect(stats.prefillTokensPerS).toBeGreaterThan(0);
    expect({ cutOff, stopped }).toEqual({ cutOff: undefined, stopped: false });
    console.log(
      `endpoint: ${stats.completionTokens} tokens, ttft ${stats.timeToFirstTokenMs.toFixed(1)} ms, ${stats.decodeTokensPerS.toFixed(0)} tok/s`,
    );
  });

  it('a token limit cuts the answer off (finish_reason length)', async () => {
    const generator = await loaded();
    const result = await answer(generator, rag('What is on the packing list?', [LONG_SOURCE]), {
      maxTokens: 4,
    });
    expect(result.cutOff).toBe(true);
    expect(result.stats.completionTokens).toBe(4);
  });

  it('without usage the counts are ours: chunks and an estimate, marked client', async () => {
    server.configure({ usage: false });
    const generator = await loaded();
    const messages = rag('What is on the packing list?', [LONG_SOURCE]);
    const { stats, pieces } = await answer(generator, messages);
    expect(stats.timingSource).toBe('client');
    expect(stats.completionTokens).toBe(pieces.length);
    expect(stats.promptTokens).toBe(
      messages.reduce((n, m) => n + (estimateTokens(m.content) as number), 0),
    );
  });

  it('CRLF line ends with keep-alive comments, and a JSON answer to stream: true, give the same text', async () => {
    const messages = rag('What is on the packing list?', [LONG_SOURCE]);
    const plain = await answer(await loaded(), messages);
    server.configure({ crlf: true, keepAlive: true });
    expect((await answer(await loaded(), messages)).text).toBe(plain.text);
    server.configure({ ignoreStream: true });
    const whole = await answer(await loaded(), messages);
    expect(whole.text).toBe(plain.text);
    expect(whole.pieces).toEqual([plain.text]);
  });

  it('stops mid-answer on the signal with the text so far', async () => {
    const messages = rag('What is on the packing list?', [LONG_SOURCE]);
    const generator = await loaded();
    const full = await answer(generator, messages);
    server.configure({ chunkDelayMs: 40 });
    const controller = new AbortController();
    const pieces: string[] = [];
    const result = await generator.generate(
      request(messages),
      (p) => {
        if (pieces.push(p) === 2) controller.abort();
      },
      controller.signal,
    );
    expect(result.stopped).toBe(true);
    expect(result.text).toBe(pieces.join(''));
    expect(pieces).toHaveLength(2);
    expect(full.text.startsWith(result.text)).toBe(true);
    expect(result.text.length).toBeLessThan(full.text.length);
    const before = new AbortController();
    before.abort();
    expect(
      (await rejection(generator.generate(request(messages), () => {}, before.signal))).code,
    ).toBe('cancelled');
  });

  it('a stop asked inside onToken ends the answer there, even with the rest already received', async () => {
    server.configure({ replay: true });
    const messages = rag('What is on the packing list?', [LONG_SOURCE]);
    const generator = await loaded();
    const full = await answer(generator, messages); // answered once: the next comes all at once
    const controller = new AbortController();
    const pieces: string[] = [];
    const result = await generator.generate(
      request(messages),
      (p) => {
        if (pieces.push(p) === 2) controller.abort();
      },
      controller.signal,
    );
    expect(pieces).toHaveLength(2);
    expect(result).toMatchObject({ stopped: true, text: pieces.join('') });
    expect(full.pieces.length).toBeGreaterThan(2);
  });

  it('a server killed mid-answer: rejects connection-lost with the partial answer kept', async () => {
    const messages = rag('What is on the packing list?', [LONG_SOURCE]);
    const full = await answer(await loaded(), messages);
    server.configure({ killAfterChunks: 3 });
    const generator = await loaded();
    const pieces: string[] = [];
    const error = await rejection(generator.generate(request(messages), (p) => pieces.push(p)));
    expect(error).toBeInstanceOf(PartialAnswerError);
    expect(error.code).toBe('connection-lost');
    expect(error.message).toMatch(/ended in the middle of the answer.*text that arrived is kept/);
    const { partial } = error as PartialAnswerError;
    expect(pieces).toHaveLength(3);
    expect(partial.text).toBe(pieces.join(''));
    expect(full.text.startsWith(partial.text)).toBe(true);
    expect(partial.text.length).toBeLessThan(full.text.length);
    expect(partial.stopped).toBe(false);
  });

  it('a stream that goes silent longer than the idle limit counts as lost, its text kept', async () => {
    server.configure({ chunkDelayMs: 400 });
    const generator = new EndpointGenerator(
      { id: 'e3', name: 'slow', baseUrl: server.url },
      { idleTimeoutMs: 150 },
    );
    await generator.load(TINY_LM_ID, () => {});
    const error = await rejection(
      generator.generate(request(rag('What is on the packing list?', [LONG_SOURCE])), () => {}),
    );
    expect(error.code).toBe('connection-lost');
    // The role chunk came at once; the first text would have come 400 ms later.
    expect((error as PartialAnswerError).partial.text).toBe('');
  });

  it('a required key: 401 in words without it, answers with it, sent as a Bearer header', async () => {
    server.configure({ apiKey: 'sk-test-123' });
    const without = await rejection(loaded());
    expect(without.code).toBe('endpoint-unauthorized');
    expect(without.message).toMatch(/refused the API key \(HTTP 401\)/);
    const wrong = await rejection(loaded(TINY_LM_ID, 'sk-wrong'));
    expect(wrong.code).toBe('endpoint-unauthorized');
    const generator = await loaded(TINY_LM_ID, 'sk-test-123');
    expect((await answer(generator, rag('What is the per diem?', SOURCES))).text).toBe(
      'is 62 euros.',
    );
    const chat = server.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    expect(chat?.authorization).toBe('Bearer sk-test-123');
  });

  it('an unknown model: load names it and what is listed; a model unloaded since answers 404 in words', async () => {
    const missing = await rejection(loaded('ragtune-test/no-such-lora'));
    expect(missing.code).toBe('model-unavailable');
    expect(missing.message).toMatch(
      /does not list the model “ragtune-test\/no-such-lora” \(it lists ragtune-test\/tiny-lm, /,
    );
    const generator = await loaded(STYLE_ADAPTER_ID);
    server.configure({ unloaded: [STYLE_ADAPTER_ID] });
    const gone = await rejection(
      generator.generate(request(rag('What is the per diem?', SOURCES)), () => {}),
    );
    expect(gone.code).toBe('model-unavailable');
    expect(gone.message).toMatch(
      /does not serve the model “ragtune-test\/tiny-lm-style-lora” \(HTTP 404\).*does not exist/,
    );
  });

  it('a prompt over the context: context-too-long with the server’s words', async () => {
    const generator = await loaded();
    const huge = rag('What is the per diem?', ['tent '.repeat(5000)]);
    const error = await rejection(generator.generate(request(huge), () => {}));
    expect(error.code).toBe('context-too-long');
    expect(error.message).toMatch(/maximum context length is 4096 tokens/);
  });

  it('counts tokens with the server’s /tokenize, or says it cannot (asked once)', async () => {
    const generator = await loaded();
    expect(generator.hasServerTokenizer).toBe(true);
    const text = 'The daily meal allowance (per diem) is 62 euros.';
    expect(await generator.countServerTokens(text)).toBe(await direct.countTokens(text));
    server.configure({ tokenize: false });
    const without = await loaded();
    expect(without.hasServerTokenizer).toBe(false);
    const asked = server.requests.filter((r) => r.path === '/tokenize').length;
    expect(await without.countServerTokens(text)).toBeUndefined();
    expect(await without.countServerTokens(text)).toBeUndefined();
    expect(server.requests.filter((r) => r.path === '/tokenize').length).toBe(asked);
  });

  it('an unreachable server, and generate before load, are errors in words', async () => {
    const nowhere = (await unreachableHost()).replace(/\/models\/$/, '/v1');
    const generator = new EndpointGenerator({ id: 'e2', name: 'down', baseUrl: nowhere });
    const down = await rejection(generator.load(TINY_LM_ID, () => {}));
    expect(down.code).toBe('endpoint-unreachable');
    expect(down.message).toMatch(
      /Could not reach 127\.0\.0\.1:\d+: check that the server is running/,
    );
    expect((await rejection(generator.generate(request(rag('x', [])), () => {}))).code).toBe(
      'generation-failed',
    );
  });
});
