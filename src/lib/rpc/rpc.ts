// Worker RPC: the only importer of Comlink. A worker contract is a TypeScript interface;
// `wrapWorker` gives the page a promise-returning proxy of it, `exposeApi` serves it.
import * as Comlink from 'comlink';
import { RagtuneError, toRagtuneError } from '../errors';
import { fromWire, toWire } from './errorTransport';

export type Remote<T> = Comlink.Remote<T>;

/**
 * Thrown values cross as errorTransport says (a RagtuneError keeps its code, checked on arrival),
 * not as Comlink's own {name, message, stack}. Both realms load this module (the page to wrap a
 * worker, the worker to expose its API), so both ends use the same handler, for calls and for
 * callbacks alike. Comlink recognises a thrown value by its own marker: its test is kept.
 */
const comlinkThrow = Comlink.transferHandlers.get('throw');
if (comlinkThrow) {
  Comlink.transferHandlers.set('throw', {
    canHandle: (value: unknown): value is { value: unknown } => comlinkThrow.canHandle(value),
    serialize: ({ value }: { value: unknown }) => [toWire(value), []],
    deserialize: (wire: unknown) => {
      throw fromWire(wire);
    },
  });
}

/** A Worker, or one end of a MessageChannel (how the tests stand in for a worker). */
export type WorkerEndpoint = Comlink.Endpoint & { terminate?(): void };

export function exposeApi(api: object, endpoint?: Comlink.Endpoint): void {
  Comlink.expose(api, endpoint);
}

export function workerDiedError(name: string, detail: string): RagtuneError {
  return new RagtuneError(
    'worker-died',
    `The ${name} stopped (${detail}) before it answered: reload the page to start it again.`,
  );
}

/** Why an endpoint died, from its 'error' (a Worker) or 'close' (a MessagePort) event. */
function detailOf(event: Event): string {
  if (event.type === 'close') return 'its channel closed';
  const message = (event as ErrorEvent).message;
  return message ? `it threw: ${message}` : 'its code failed to load';
}

/**
 * Comlink never hears that a worker died, so its calls would wait for ever. A Worker says so with
 * an 'error' event (its code failed to load, or it threw outside any call, leaving its state
 * unknown), a MessagePort with 'close': every call waiting then, and every later one, rejects
 * with a 'worker-died' RagtuneError, and a Worker is ended so that it cannot act on later calls.
 */
export function wrapWorker<T>(endpoint: WorkerEndpoint, name = 'worker'): Comlink.Remote<T> {
  const remote = Comlink.wrap<T>(endpoint);
  let dead: RagtuneError | undefined;
  let reject: (error: RagtuneError) => void = () => {};
  const died = new Promise<never>((_, r) => (reject = r));
  died.catch(() => undefined); // only read through the races below
  const die = (event: Event) => {
    if (dead) return;
    dead = workerDiedError(name, detailOf(event));
    reject(dead);
    endpoint.terminate?.();
  };
  endpoint.addEventListener('error', die);
  endpoint.addEventListener('close', die);
  return new Proxy(remote, {
    get(target, prop, receiver) {
      const member: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop === 'symbol' || prop === 'then' || typeof member !== 'function') {
        return member;
      }
      return (...args: unknown[]) =>
        dead ? Promise.reject(dead) : Promise.race([member(...args), died]);
    },
  });
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
