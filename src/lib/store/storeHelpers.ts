// Small pure helpers for every record store (library, conversations, comparisons, experiments,
// downloads): error mapping, record validation and byte counting. Kept apart so the stores stay
// about transactions, and so they can be tested alone.
import { RagtuneError } from '../errors';
import type { ChunkRecord, DocumentMeta, VectorBlock } from '../library/types';

const noop = (): void => {};

/**
 * Marks a request's promise as handled. Its failure still aborts the transaction and surfaces
 * through `tx.done`, but an aborted sibling request no longer raises an unhandled rejection.
 */
export function quiet<T>(request: Promise<T>): Promise<T> {
  request.catch(noop);
  return request;
}

function errorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('name' in error)) return undefined;
  return typeof error.name === 'string' ? error.name : undefined;
}

/** Prefers the transaction's own error (e.g. a quota failure at commit) over a generic abort. */
export function rootCause(thrown: unknown, txError: unknown): unknown {
  if (errorName(txError) === 'QuotaExceededError') return txError;
  if (errorName(thrown) === 'AbortError' && txError) return txError;
  return thrown;
}

/** Turns whatever IndexedDB threw into a RagtuneError that says what failed and what to do. */
export function storageError(error: unknown, what: string): RagtuneError {
  if (error instanceof RagtuneError) return error;
  const name = errorName(error);
  if (name === 'QuotaExceededError') {
    return new RagtuneError(
      'quota-exceeded',
      `The browser’s storage for this site is full, so ragtune could not ${what}; nothing ` +
        'was saved. Delete documents or cached models, then try again.',
      { cause: error },
    );
  }
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : '';
  const detail = message || name || String(error);
  return new RagtuneError('storage', `ragtune could not ${what}: ${detail}.`, {
    cause: error,
  });
}

/** Refuses records that would store an inconsistent document (a programming error upstream). */
export function checkDocument(
  meta: DocumentMeta,
  chunks: readonly ChunkRecord[],
  vectors: VectorBlock | undefined,
): void {
  const fail = (why: string): never => {
    throw new RagtuneError('internal', `Refusing to store “${meta.name}”: ${why}.`);
  };
  for (const chunk of chunks) {
    if (chunk.docId !== meta.id) fail(`chunk ${chunk.id} belongs to ${chunk.docId}`);
  }
  if (vectors) {
    checkVectorBlock(vectors);
    if (vectors.docId !== meta.id) fail(`its vectors belong to ${vectors.docId}`);
    const rows = vectors.vectors.length / vectors.dim;
    if (rows !== chunks.length) fail(`${rows} vectors for ${chunks.length} chunks`);
  }
}

export function checkVectorBlock(block: VectorBlock): void {
  const { dim, vectors, docId } = block;
  if (!Number.isInteger(dim) || dim <= 0 || vectors.length % dim !== 0) {
    throw new RagtuneError(
      'internal',
      `Vector block for ${docId} is malformed: ${vectors.length} floats with dimension ${dim}.`,
    );
  }
}

/**
 * A block whose Float32Array views exactly its own buffer. Structured clone copies the whole
 * underlying ArrayBuffer, so a view into a large embedding batch would store the entire batch.
 */
export function compactBlock(block: VectorBlock): VectorBlock {
  const { vectors } = block;
  if (vectors.byteOffset === 0 && vectors.byteLength === vectors.buffer.byteLength) return block;
  return { ...block, vectors: vectors.slice() };
}

/** UTF-8 length of a string without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function notFound(id: string): RagtuneError {
  return new RagtuneError('storage', `No document with id ${id} is in the library.`);
}

/**
 * A deep copy of plain data that IndexedDB can clone: unwraps proxies (Svelte's $state, which
 * structured clone refuses) and drops undefined fields. Numbers stay as they are (NaN, Infinity).
 */
export function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => plain(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) copy[key] = plain(field);
  }
  return copy as T;
}

/**
 * A clock for `updatedAt` that never gives the same time twice (Date.now(), or one more than the
 * last), so "newest first" is a strict order even for two writes within one millisecond.
 */
export function monotonicClock(now: () => number = Date.now): () => number {
  let last = 0;
  return () => (last = Math.max(now(), last + 1));
}
