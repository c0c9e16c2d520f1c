// Typed errors that say what went wrong and what to do. Every failure a person can see is a
// RagtuneError. Across workers it travels as {code, message} (rpc/errorTransport.ts) and is
// rebuilt only when the code is one of ERROR_CODES.

/** Every code a RagtuneError may carry; a code from another realm is trusted only if listed. */
export const ERROR_CODES = [
  'unsupported-type',
  'too-large',
  'too-deep',
  'unreadable-file',
  'expands-too-large',
  'empty',
  'binary',
  'invalid-utf8',
  'corrupt-pdf',
  'encrypted-pdf',
  'no-text-layer',
  'corrupt-docx',
  'invalid-json',
  'invalid-csv',
  'duplicate',
  'quota-exceeded',
  'cancelled',
  'model-unavailable',
  'download-interrupted',
  'offline',
  'storage',
  'invalid-dataset',
  /** An index export (zip) that is damaged, malformed or not one. */
  'invalid-index',
  /** An index export made with another embedding model than the library's. */
  'model-mismatch',
  'webgpu-unavailable',
  'shader-f16-missing',
  'insufficient-memory',
  /** WebLLM unloaded the model by itself (GPU device lost): load it again. */
  'model-lost',
  'model-not-cached',
  'context-too-long',
  'invalid-model',
  'generation-failed',
  'fact-not-found',
  /** An endpoint address that is not an http(s) URL we can use. */
  'invalid-url',
  /** An OpenAI-compatible server that did not answer (down, wrong address, or CORS). */
  'endpoint-unreachable',
  /** An OpenAI-compatible server refused the API key (401/403). */
  'endpoint-unauthorized',
  /** An OpenAI-compatible server asked us to slow down (429). */
  'endpoint-busy',
  /** An OpenAI-compatible server failed (5xx) or answered with something that is not its API. */
  'endpoint-failed',
  /** The connection ended in the middle of an answer (the text so far is kept). */
  'connection-lost',
  'worker-died',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

const PREFIX = 'RagtuneError:';

export class RagtuneError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // Also in the name, so a console or a structured-clone copy still shows the code; such a copy
    // is turned back (toRagtuneError) only when its code is a known one.
    this.name = `${PREFIX}${code}`;
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof RagtuneError && error.code === 'cancelled';
}

/** Turns anything thrown (an Error, a worker's plain string, a DOMException) into a RagtuneError. */
export function toRagtuneError(error: unknown, fallback: ErrorCode = 'internal'): RagtuneError {
  if (error instanceof RagtuneError) return error;
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)) {
    const { name, message } = error as { name: string; message?: string };
    if (name.startsWith(PREFIX)) {
      const code = name.slice(PREFIX.length);
      if (isErrorCode(code)) return new RagtuneError(code, message ?? '');
      return new RagtuneError(fallback, message || name, { cause: error });
    }
    if (name === 'AbortError') return new RagtuneError('cancelled', 'Cancelled.');
    if (name === 'QuotaExceededError') {
      return new RagtuneError(
        'quota-exceeded',
        'The browser’s storage for this site is full. Delete documents or cached models, then try again.',
      );
    }
    return new RagtuneError(fallback, message || name, { cause: error });
  }
  return new RagtuneError(fallback, typeof error === 'string' ? error : 'Something went wrong.');
}

export function cancelledError(): RagtuneError {
  return new RagtuneError('cancelled', 'Cancelled.');
}

/** Throws a 'cancelled' RagtuneError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
