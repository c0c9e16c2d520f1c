// How the tests' OpenAI-compatible server answers one chat completion: streamed as vLLM does (a role
// chunk, one chunk per token, a finish chunk, a usage-only chunk, `data: [DONE]`) or as one JSON
// completion; with the faults the options ask for (killed connection, CRLF, keep-alives, no usage).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatMessage, GenerationResult } from '../../src/lib/generate/Generator';
import type { TransformersGenerator } from '../../src/lib/generate/transformers/transformersGenerator';
import type { OpenAiServerOptions } from './openaiServer';

export interface AnswerRequest {
  /** The listed id (an adapter's name): what the chunks say wrote them, as vLLM does. */
  model: string;
  messages: ChatMessage[];
  temperature: number;
  topP: number;
  maxTokens: number;
  seed: number;
  includeUsage: boolean;
}

/** Answers already given, by request, for `replay` (pieces and the stats). */
const answered = new Map<string, { pieces: string[]; result: GenerationResult }>();

/** The tiny LM's answer, streamed to onToken; with `replay`, a request seen before from memory. */
async function generate(
  generator: TransformersGenerator,
  request: AnswerRequest,
  onToken: (piece: string) => void,
  signal: AbortSignal,
  replay = false,
): Promise<GenerationResult> {
  const key = JSON.stringify(request);
  const known = replay ? answered.get(key) : undefined;
  if (known) {
    for (const piece of known.pieces) onToken(piece);
    return known.result;
  }
  const pieces: string[] = [];
  const { messages, temperature, topP, maxTokens, seed } = request;
  const result = await generator.generate(
    { messages, temperature, topP, maxTokens, seed },
    (piece) => {
      pieces.push(piece);
      onToken(piece);
    },
    signal,
  );
  if (replay && !result.stopped) answered.set(key, { pieces, result });
  return result;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const header = (model: string) => ({
  id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
  created: Math.floor(Date.now() / 1000),
  model,
});

export async function streamAnswer(
  _req: IncomingMessage,
  res: ServerResponse,
  generator: TransformersGenerator,
  request: AnswerRequest,
  options: OpenAiServerOptions,
): Promise<void> {
  const head = { ...header(request.model), object: 'chat.completion.chunk' };
  const eol = options.crlf ? '\r\n' : '\n';
  const controller = new AbortController();
  let killed = false;
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const send = (body: unknown, after?: () => void) => {
    if (killed || res.destroyed) return;
    if (options.keepAlive) res.write(`: ping${eol}${eol}`);
    res.write(`data: ${JSON.stringify(body)}${eol}${eol}`, after);
  };
  const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...head,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
  });
  send(choice({ role: 'assistant', content: '' }));
  let chunks = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const write = (piece: string) => {
    chunks++;
    const kill = options.killAfterChunks !== undefined && chunks >= options.killAfterChunks;
    send(
      choice({ content: piece }),
      kill
        ? () => {
            res.socket?.destroy();
            controller.abort();
          }
        : undefined,
    );
    if (kill) killed = true;
  };
  const onToken = (piece: string) => {
    if (!piece || killed) return;
    if (!options.chunkDelayMs) return write(piece);
    // A client gone (stopped, timed out) ends the waits too: the next request is not held up.
    const gone = () => killed || res.destroyed;
    writing = writing
      .then(() => (gone() ? undefined : sleep(options.chunkDelayMs!)))
      .then(() => !gone() && write(piece));
  };
  const result = await generate(generator, request, onToken, controller.signal, options.replay);
  await writing;
  if (killed || res.destroyed) return;
  const { promptTokens, completionTokens } = result.stats;
  send(choice({}, completionTokens >= request.maxTokens ? 'length' : 'stop'));
  if (request.includeUsage && options.usage !== false) {
    send({
      ...head,
      choices: [],
      usage: {
        prompt_tokens: promptTokens,
        total_tokens: promptTokens + completionTokens,
        completion_tokens: completionTokens,
      },
    });
  }
  res.end(`data: [DONE]${eol}${eol}`);
}

export async function wholeAnswer(
  _req: IncomingMessage,
  res: ServerResponse,
  generator: TransformersGenerator,
  request: AnswerRequest,
  options: OpenAiServerOptions,
): Promise<void> {
  const result = await generate(generator, request, () => {}, new AbortController().signal);
  const { promptTokens, completionTokens } = result.stats;
  const body = {
    ...header(request.model),
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.text },
        logprobs: null,
        finish_reason: completionTokens >= request.maxTokens ? 'length' : 'stop',
      },
    ],
    ...(options.usage !== false
      ? {
          usage: {
            prompt_tokens: promptTokens,
            total_tokens: promptTokens + completionTokens,
            completion_tokens: completionTokens,
          },
        }
      : {}),
  };
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
