// What one chat.completions chunk (or a whole non-streamed completion) says, read defensively from
// untrusted JSON: the text and reasoning it adds, the model that wrote it, why it finished, the
// usage, or the error a server sends mid-stream (vLLM, llama.cpp: `{"error": {…}}`).
import type { SseEvent } from './sse';

export interface ServerError {
  message: string;
  /** HTTP-like status the server put in the error (`code: 400`), when it did. */
  status?: number;
  /** `type` and a string `code`, space-separated ("invalid_request_error context_length_exceeded"). */
  kind?: string;
}

export interface ChunkUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChunkInfo {
  /** New answer text ('' for role-only, empty or usage-only chunks). */
  content: string;
  /** New thinking: vLLM/DeepSeek `reasoning_content`, Ollama/OpenRouter `reasoning`. */
  reasoning: string;
  model?: string;
  finishReason?: string;
  usage?: ChunkUsage;
  error?: ServerError;
  /** `data: [DONE]`: the stream is over. */
  done?: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;

/** The error a body carries: `{"error": {…}}`, `{"error": "…"}`, or vLLM's older flat form. */
export function serverErrorOf(body: unknown): ServerError | undefined {
  if (!isObject(body)) return undefined;
  const raw = body.error ?? (body.object === 'error' ? body : undefined);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return { message: raw };
  if (!isObject(raw)) return { message: JSON.stringify(raw) };
  const message = text(raw.message) || text(raw.msg) || JSON.stringify(raw);
  const status = count(raw.code) ?? count(raw.status);
  const kind = [text(raw.type), text(raw.code)].filter(Boolean).join(' ') || undefined;
  return { message, ...(status ? { status } : {}), ...(kind ? { kind } : {}) };
}

function usageOf(v: unknown): ChunkUsage | undefined {
  if (!isObject(v)) return undefined;
  const promptTokens = count(v.prompt_tokens);
  const completionTokens = count(v.completion_tokens);
  if (promptTokens === undefined || completionTokens === undefined) return undefined;
  return { promptTokens, completionTokens };
}

/** One parsed chunk or completion body (streamed `delta`, or a whole `message`). */
export function readChunk(body: unknown): ChunkInfo {
  const info: ChunkInfo = { content: '', reasoning: '' };
  const error = serverErrorOf(body);
  if (error) return { ...info, error };
  if (!isObject(body)) return info;
  if (typeof body.model === 'string' && body.model) info.model = body.model;
  const usage = usageOf(body.usage);
  if (usage) info.usage = usage;
  const choices = Array.isArray(body.choices) ? body.choices : [];
  const choice: unknown = choices.find((c) => isObject(c) && (c.index ?? 0) === 0) ?? choices[0];
  if (!isObject(choice)) return info;
  const part = isObject(choice.delta)
    ? choice.delta
    : isObject(choice.message)
      ? choice.message
      : {};
  info.content = text(part.content);
  info.reasoning = text(part.reasoning_content) || text(part.reasoning);
  if (typeof choice.finish_reason === 'string') info.finishReason = choice.finish_reason;
  return info;
}

/** Thrown for a data line that is not JSON: the server is not speaking the protocol. */
export class NotJsonError extends Error {
  constructor(readonly data: string) {
    super(`Not JSON: ${data.slice(0, 120)}`);
    this.name = 'NotJsonError';
  }
}

/** One SSE event as a chunk: `[DONE]`, a JSON chunk, or an error event. */
export function readEvent(event: SseEvent): ChunkInfo {
  const data = event.data.trim();
  if (data === '[DONE]') return { content: '', reasoning: '', done: true };
  let body: unknown;
  try {
    body = JSON.parse(data) as unknown;
  } catch {
    if (event.event === 'error') return { content: '', reasoning: '', error: { message: data } };
    throw new NotJsonError(data);
  }
  if (event.event === 'error' && !serverErrorOf(body)) {
    return { content: '', reasoning: '', error: { message: data } };
  }
  return readChunk(body);
}
