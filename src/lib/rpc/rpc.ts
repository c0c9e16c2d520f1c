// Worker RPC: the only importer of Comlink. A worker contract is a TypeScript interface;
// `wrapWorker` gives the page a promise-returning proxy of it, `exposeApi` serves it.
import * as Comlink from 'comlink';
import { toRagtuneError } from '../errors';

export type Remote<T> = Comlink.Remote<T>;

export function exposeApi(api: object): void {
  Comlink.expose(api);
}

export function wrapWorker<T>(worker: Worker): Comlink.Remote<T> {
  return Comlink.wrap<T>(worker);
}

/** Marks a callback so it is called across the worker boundary instead of being cloned. */
export function callback<F extends (...args: never[]) => unknown>(fn: F): F & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}

/** Moves buffers to the other side without copying. */
export function transfer<T>(value: T, buffers: Transferable[]): T {
  return Comlink.transfer(value, buffers);
}

/** Runs a remote call and turns whatever it rejects with into a RagtuneError. */
export async function call<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw toRagtuneError(error);
  }
}
