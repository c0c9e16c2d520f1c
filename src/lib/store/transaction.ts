// The single way into an IndexedDB transaction, and the mapping of what IndexedDB throws to
// RagtuneErrors (quota, storage). Failures abort the whole transaction.
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { RagtuneError } from '../errors';
import type { RagtuneDB, StoreName } from './schema';

export type Tx<S extends StoreName, M extends IDBTransactionMode> = IDBPTransaction<
  RagtuneDB,
  S[],
  M
>;

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

/**
 * Runs `work` in one transaction. `work` must only await IndexedDB requests of `tx` (awaiting
 * anything else lets the transaction commit early). On any failure the transaction is aborted,
 * so nothing is half-stored, and the error becomes a RagtuneError ('quota-exceeded' when full).
 */
export async function runTransaction<S extends StoreName, M extends IDBTransactionMode, T>(
  db: IDBPDatabase<RagtuneDB>,
  stores: readonly S[],
  mode: M,
  what: string,
  work: (tx: Tx<S, M>) => T | Promise<T>,
): Promise<T> {
  let tx: Tx<S, M>;
  try {
    tx = db.transaction([...stores], mode);
  } catch (error) {
    throw storageError(error, what);
  }
  quiet(tx.done);
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request, or already finished.
    }
    await tx.done.catch(() => undefined);
    throw storageError(rootCause(error, tx.error), what);
  }
}
