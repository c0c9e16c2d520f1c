// The page of `bench:generate --engine endpoint`: the app's EndpointGenerator and a bare fetch that
// reads the same SSE stream with nothing around it, both timed the same way (tokens after the
// first, over the time from the first text to the last, by the page's clock).
import { EndpointGenerator } from '../../../src/lib/generate/endpoint/endpointGenerator';
import type { ChatMessage } from '../../../src/lib/generate/Generator';

export interface RunRequest {
  baseUrl: string;
  apiKey?: string;
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
}

export interface RunResult {
  tokens: number;
  /** Tokens after the first over the time from the first text to the last (the app's decode rate). */
  tokensPerS: number;
  /** Tokens over the whole call, request to end of stream (what counts when the stream is instant). */
  wallTokensPerS: number;
  chars: number;
  modelId: string;
}

async function runApp(r: RunRequest): Promise<RunResult> {
  const generator = new EndpointGenerator({
    id: 'bench',
    name: 'bench',
    baseUrl: r.baseUrl,
    ...(r.apiKey ? { apiKey: r.apiKey } : {}),
  });
  await generator.load(r.model, () => {});
  let chars = 0;
  const started = performance.now();
  const result = await generator.generate(
    { messages: r.messages, temperature: 0, topP: 1, maxTokens: r.maxTokens, seed: 1 },
    (piece) => (chars += piece.length),
  );
  const wall = (performance.now() - started) / 1000;
  return {
    tokens: result.stats.completionTokens,
    tokensPerS: result.stats.decodeTokensPerS,
    wallTokensPerS: result.stats.completionTokens / wall,
    chars,
    modelId: result.stats.modelId,
  };
}

/** The least a client can do: fetch, split lines, parse each data line, time first and last text. */
async function runBare(r: RunRequest): Promise<RunResult> {
  const started = performance.now();
  const response = await fetch(`${r.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(r.apiKey ? { Authorization: `Bearer ${r.apiKey}` } : {}),
    },
    body: JSON.stringify({
      model: r.model,
      messages: r.messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      top_p: 1,
      max_tokens: r.maxTokens,
      seed: 1,
    }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let first = 0;
  let last = 0;
  let pieces = 0;
  let usage = 0;
  let chars = 0;
  let model = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    const now = performance.now();
    for (const line of lines) {
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const chunk = JSON.parse(line.slice(6)) as {
        model?: string;
        choices: { delta: { content?: string } }[];
        usage?: { completion_tokens: number };
      };
      model ||= chunk.model ?? '';
      if (chunk.usage) usage = chunk.usage.completion_tokens;
      const content = chunk.choices[0]?.delta.content;
      if (content) {
        pieces++;
        chars += content.length;
        first ||= now;
        last = now;
      }
    }
  }
  const tokens = usage || pieces;
  const wall = (performance.now() - started) / 1000;
  return {
    tokens,
    tokensPerS: tokens > 1 && last > first ? (tokens - 1) / ((last - first) / 1000) : 0,
    wallTokensPerS: tokens / wall,
    chars,
    modelId: model,
  };
}

Object.assign(globalThis, { runApp, runBare });
