// EndpointGenerator on the recorded-style streams of other servers (served by a fetch stand-in):
// reasoning kept apart from the text, mid-stream errors with the partial answer, a llama.cpp
// /tokenize that gives no count, and what it sends (the request body a server reads).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../../src/lib/errors';
import { EndpointGenerator } from '../../../../src/lib/generate/endpoint/endpointGenerator';
import { PartialAnswerError } from '../../../../src/lib/generate/endpoint/errors';
import type { FetchLike } from '../../../../src/lib/generate/endpoint/request';

const stream = (name: string) => readFileSync(join(import.meta.dirname, 'streams', name), 'utf8');
const MODELS = {
  object: 'list',
  data: [
    { id: 'sql-lora', parent: 'base' },
    { id: 'base', max_model_len: 8192 },
  ],
};

/** A server: /models, /tokenize and /chat/completions answered from fixed bodies; requests kept. */
function server(
  chat: string,
  tokenize: { status: number; body: unknown },
  seen: { url: string; body?: unknown }[] = [],
): FetchLike {
  return async (url, init) => {
    seen.push({ url, ...(init?.body ? { body: JSON.parse(String(init.body)) as unknown } : {}) });
    if (url.endsWith('/v1/models')) return Response.json(MODELS);
    if (url.endsWith('/tokenize')) return Response.json(tokenize.body, { status: tokenize.status });
    return new Response(chat, { headers: { 'Content-Type': 'text/event-stream' } });
  };
}

const request = {
  messages: [{ role: 'user' as const, content: 'What is the per diem?' }],
  temperature: 0.7,
  topP: 0.9,
  maxTokens: 128,
  seed: 42,
};

async function generator(
  chat: string,
  tokenize: { status: number; body: unknown } = { status: 404, body: { detail: 'Not Found' } },
  seen?: { url: string; body?: unknown }[],
) {
  const g = new EndpointGenerator(
    { id: 'e', name: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'k' },
    { fetch: server(chat, tokenize, seen) },
  );
  await g.load('sql-lora', () => {});
  return g;
}

describe('EndpointGenerator on other servers’ streams', () => {
  it('sends the OpenAI request with usage asked for, and keeps reasoning out of the text', async () => {
    const seen: { url: string; body?: unknown }[] = [];
    const g = await generator(stream('vllm-reasoning.txt'), undefined, seen);
    expect(g.loaded).toEqual({ id: 'sql-lora', parent: 'base', contextLength: 8192 });
    const pieces: string[] = [];
    const result = await g.generate(request, (p) => pieces.push(p));
    expect(seen.at(-1)).toEqual({
      url: 'http://127.0.0.1:8000/v1/chat/completions',
      body: {
        model: 'sql-lora',
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.7,
        top_p: 0.9,
        max_tokens: 128,
        seed: 42,
      },
    });
    expect(result.text).toBe('The per diem is 62 € [2] ✈️.');
    expect(pieces.join('')).toBe(result.text);
    expect(result.reasoning).toBe('The sources say 62 €.');
    expect(result.stats).toMatchObject({
      promptTokens: 153,
      completionTokens: 18,
      modelId: 'sql-lora',
      timingSource: 'engine',
    });
    expect(result.cutOff).toBeUndefined();
    const ollama = await (await generator(stream('ollama.txt'))).generate(request, () => {});
    expect(ollama).toMatchObject({ cutOff: true, reasoning: 'Trains under four hours.' });
    expect(ollama.stats.modelId).toBe('qwen3:0.6b');
  });

  it('an error in the stream rejects in words with the answer so far', async () => {
    for (const [file, code, text, words] of [
      [
        'vllm-error.txt',
        'endpoint-failed',
        'Hotels are',
        /failed while answering \(HTTP 500\).*EngineDeadError/,
      ],
      [
        'llamacpp-old-error.txt',
        'endpoint-failed',
        'Trips',
        /HTTP 500.*too big compared to KV size/,
      ],
    ] as const) {
      const g = await generator(stream(file));
      const error = await g
        .generate(request, () => {})
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(PartialAnswerError);
      expect((error as RagtuneError).code).toBe(code);
      expect((error as RagtuneError).message).toMatch(words);
      expect((error as PartialAnswerError).partial.text).toBe(text);
    }
  });

  it('a data line that is not JSON: endpoint-failed, not a crash', async () => {
    const g = await generator(
      'data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: <html>oops\n\n',
    );
    const error = await g
      .generate(request, () => {})
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as RagtuneError).code).toBe('endpoint-failed');
    expect((error as RagtuneError).message).toMatch(/not OpenAI-compatible JSON/);
    expect((error as PartialAnswerError).partial.text).toBe('a');
  });

  it('/tokenize: vLLM’s count is used; llama.cpp’s {tokens: []} and a 404 mean estimate, asked once', async () => {
    const vllm = await generator(stream('lmstudio.txt'), {
      status: 200,
      body: { count: 12, max_model_len: 8192, tokens: [] },
    });
    expect(vllm.hasServerTokenizer).toBe(true);
    expect(await vllm.countServerTokens('anything')).toBe(12);
    for (const tokenize of [
      { status: 200, body: { tokens: [] } },
      { status: 404, body: { detail: 'Not Found' } },
      { status: 200, body: null },
    ]) {
      const seen: { url: string }[] = [];
      const g = await generator(stream('lmstudio.txt'), tokenize, seen);
      expect(g.hasServerTokenizer).toBe(false);
      expect(await g.countServerTokens('x')).toBeUndefined();
      expect(seen.filter((s) => s.url.endsWith('/tokenize'))).toHaveLength(1);
    }
  });
});
