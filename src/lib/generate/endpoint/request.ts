// One request to an endpoint: the key as a Bearer header (only when set), the caller's signal
// joined with a time limit for the answer's headers, the security policy checked first, and every
// failure turned into words (errors.ts) instead of a bare "Failed to fetch".
import { cancelledError } from '../../errors';
import { readChunk, serverErrorOf } from './chunks';
import { httpError, notTheApi, endpointPolicyRefusal, timedOut, unreachable } from './errors';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** How long a server may take to start answering (headers) before we say it did not. */
export const HEADERS_TIMEOUT_MS = 60_000;
/** The most of an error body or of a /models list we read (a server can send anything). */
export const BODY_CAP = 4 * 1024 * 1024;

export interface EndpointRequest {
  url: string;
  apiKey?: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Named in a 404 for chat/completions ("does not serve the model …"). */
  modelId?: string;
  fetch?: FetchLike;
}

/** The response, once its status is OK; rejects with a RagtuneError otherwise. */
export async function send(request: EndpointRequest): Promise<Response> {
  const { url, apiKey, method = 'GET', body, signal, modelId } = request;
  const timeoutMs = request.timeoutMs ?? HEADERS_TIMEOUT_MS;
  const refused = endpointPolicyRefusal(url);
  if (refused) throw refused;
  if (signal?.aborted) throw cancelledError();
  const headers: Record<string, string> = { Accept: 'application/json, text/event-stream' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  // The time limit covers the wait for headers only: a long answer may stream for minutes.
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(), timeoutMs);
  const onAbort = () => limit.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: limit.signal,
    });
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    if (limit.signal.aborted) throw timedOut(url, timeoutMs);
    throw unreachable(url, error);
  } finally {
    clearTimeout(timer);
  }
  // From here the caller's signal still ends the body's download (the fetch holds `limit`).
  if (response.ok) return response;
  signal?.removeEventListener('abort', onAbort);
  const text = await readText(response, BODY_CAP).catch(() => '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    parsed = text.trim() ? { error: text.trim().slice(0, 300) } : undefined;
  }
  throw httpError(response.status, serverErrorOf(parsed), { url, ...(modelId ? { modelId } : {}) });
}

/** The body as text, at most `cap` bytes (the rest is cancelled). */
export async function readText(response: Response, cap: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let out = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    out += decoder.decode(value, { stream: true });
    if (total > cap) {
      void reader.cancel().catch(() => undefined);
      break;
    }
  }
  return out + decoder.decode();
}

/** GET/POST and parse JSON (capped); a body that is not JSON says so. */
export async function sendForJson(request: EndpointRequest, what: string): Promise<unknown> {
  const response = await send(request);
  const text = await readText(response, BODY_CAP);
  try {
    const body = JSON.parse(text) as unknown;
    const error = readChunk(body).error;
    if (error) throw httpError(error.status ?? 500, error, request);
    return body;
  } catch (error) {
    if (error instanceof SyntaxError) throw notTheApi(request.url, what, error);
    throw error;
  }
}
