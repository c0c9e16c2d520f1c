// Reads a chat.completions response as it arrives: SSE chunks (or one JSON body from a server that
// ignored stream: true), handing each text delta to onToken and keeping what a result needs: the
// text, the reasoning, the model the server named, finish reason, usage and our own timings.
import type { TokenCallback } from '../Generator';
import {
  NotJsonError,
  readChunk,
  readEvent,
  type ChunkInfo,
  type ChunkUsage,
  type ServerError,
} from './chunks';
import { BODY_CAP, readText } from './request';
import { SseParser } from './sse';

/** How long a stream may stay silent (no byte, not even a keep-alive) before we call it lost. */
export const IDLE_TIMEOUT_MS = 120_000;

export interface StreamState {
  text: string;
  reasoning: string;
  /** Chunks that carried text or reasoning: one token each on vLLM, llama.cpp and Ollama. */
  pieces: number;
  /** Our clock at the first and the last piece. */
  first?: number;
  last?: number;
  model?: string;
  finishReason?: string;
  usage?: ChunkUsage;
}

export type StreamEnd =
  /** `[DONE]`, or the body ended after a finish reason: a whole answer. */
  | { kind: 'done' }
  /** The caller's signal fired. */
  | { kind: 'stopped' }
  /** The body ended or broke before the answer finished, or went silent. */
  | { kind: 'lost'; cause?: unknown }
  /** The server sent an error in the stream. */
  | { kind: 'error'; error: ServerError }
  /** A data line that is not JSON. */
  | { kind: 'not-json'; cause: NotJsonError };

export interface StreamOptions {
  onToken: TokenCallback;
  signal?: AbortSignal;
  now?: () => number;
  idleTimeoutMs?: number;
}

/** Folds one chunk into the state; returns an end when the chunk ends the stream. */
function apply(
  state: StreamState,
  chunk: ChunkInfo,
  at: number,
  onToken: TokenCallback,
): StreamEnd | undefined {
  if (chunk.error) return { kind: 'error', error: chunk.error };
  if (chunk.done) return { kind: 'done' };
  if (chunk.model && !state.model) state.model = chunk.model;
  if (chunk.usage) state.usage = chunk.usage;
  if (chunk.finishReason) state.finishReason = chunk.finishReason;
  if (chunk.content || chunk.reasoning) {
    state.pieces++;
    state.first ??= at;
    state.last = at;
    state.reasoning += chunk.reasoning;
    if (chunk.content) {
      state.text += chunk.content;
      onToken(chunk.content);
    }
  }
  return undefined;
}

/** Reads the whole response; never throws (every way it ends is a StreamEnd). */
export async function readCompletionStream(
  response: Response,
  options: StreamOptions,
): Promise<{ state: StreamState; end: StreamEnd }> {
  const { onToken, signal } = options;
  const now = options.now ?? (() => performance.now());
  const state: StreamState = { text: '', reasoning: '', pieces: 0 };
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream') && type.includes('json')) {
    return readWholeBody(response, state, options, now);
  }
  if (!response.body) return { state, end: { kind: 'lost' } };
  const reader = response.body.getReader();
  const parser = new SseParser();
  let silent = false;
  const idleMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      silent = true;
      void reader.cancel().catch(() => undefined);
    }, idleMs);
  };
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  const finish = (end: StreamEnd) => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
    if (end.kind !== 'done' && end.kind !== 'lost') void reader.cancel().catch(() => undefined);
    return { state, end };
  };
  try {
    for (;;) {
      arm();
      const { done, value } = await reader.read();
      if (signal?.aborted) return finish({ kind: 'stopped' });
      if (silent) return finish({ kind: 'lost', cause: new Error(`silent for ${idleMs} ms`) });
      const events = done ? parser.end() : parser.push(value);
      const at = now();
      for (const event of events) {
        // A stop asked from inside onToken ends here, even mid-batch: no text after it.
        if (signal?.aborted) return finish({ kind: 'stopped' });
        const end = apply(state, readEvent(event), at, onToken);
        if (end) return finish(end);
      }
      if (done) {
        // No [DONE]: a finish reason still says the answer is whole (some servers skip [DONE]).
        return finish(state.finishReason ? { kind: 'done' } : { kind: 'lost' });
      }
    }
  } catch (error) {
    if (signal?.aborted) return finish({ kind: 'stopped' });
    if (error instanceof NotJsonError) return finish({ kind: 'not-json', cause: error });
    return finish({ kind: 'lost', cause: error });
  }
}

/** A server that answered stream: true with one JSON completion: one piece, the whole text. */
async function readWholeBody(
  response: Response,
  state: StreamState,
  { onToken, signal }: StreamOptions,
  now: () => number,
): Promise<{ state: StreamState; end: StreamEnd }> {
  let text: string;
  try {
    text = await readText(response, BODY_CAP);
  } catch (error) {
    return { state, end: signal?.aborted ? { kind: 'stopped' } : { kind: 'lost', cause: error } };
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return { state, end: { kind: 'not-json', cause: new NotJsonError(text) } };
  }
  const end = apply(state, readChunk(body), now(), onToken);
  return { state, end: end ?? { kind: 'done' } };
}
