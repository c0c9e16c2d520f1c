// The one helper behind the page's record stores (conversations, comparisons, experiments, your
// registered models): open the database, run a transaction on the store's own object stores and,
// when it could write, tell the other tabs; plus the plain-data copy and the clock they share.
import { announcing, type PageStoreKind } from '../sync/tabSync';
import { openRagtuneDatabase, type RagtuneDatabase } from './database';
import type { StoreName } from './schema';
import { runTransaction, type Tx } from './transaction';

export class RecordStore<S extends StoreName> {
  readonly #db: RagtuneDatabase;
  readonly #stores: readonly S[];
  readonly #kind: PageStoreKind;

  constructor(db: RagtuneDatabase, stores: readonly S[], kind: PageStoreKind) {
    this.#db = db;
    this.#stores = stores;
    this.#kind = kind;
  }

  /** Runs `work` in one transaction over every store of this record store (see runTransaction). */
  run<M extends IDBTransactionMode, T>(
    mode: M,
    what: string,
    work: (tx: Tx<S, M>) => T | Promise<T>,
  ): Promise<T> {
    return this.runOn(this.#stores, mode, what, work);
  }

  /** Runs `work` in one transaction over some of its stores; a write is announced to other tabs. */
  runOn<U extends S, M extends IDBTransactionMode, T>(
    stores: readonly U[],
    mode: M,
    what: string,
    work: (tx: Tx<U, M>) => T | Promise<T>,
  ): Promise<T> {
    const transaction = runTransaction(this.#db, stores, mode, what, work);
    return announcing(this.#db.name, this.#kind, mode, transaction);
  }

  close(): void {
    this.#db.close();
  }
}

/** Opens the database for a record store over `stores` that announces its writes as `kind`. */
export async function openRecordStore<S extends StoreName>(
  stores: readonly S[],
  kind: PageStoreKind,
  what: string,
  name?: string,
): Promise<RecordStore<S>> {
  return new RecordStore(await openRagtuneDatabase(name, what), stores, kind);
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
