// The AbortSignal → stop() bridge across a worker boundary, one helper per side. A signal cannot
// cross to a worker, so the page numbers each call and, when the call's signal fires while it
// runs, asks the worker to stop that number; the worker keeps an AbortController per number and
// aborts the one named. Used by both generator engines (transformers.js and WebLLM).
import { throwIfAborted } from '../errors';

/** A worker's proxy that can stop its call `id`. */
export interface Stoppable {
  stop(id: number): Promise<unknown>;
}

/**
 * Page side. The function returned runs one call: it refuses at once ('cancelled') if the signal
 * has already fired, before `remote()` (which may start a worker) is asked for the worker; stops
 * that worker's call `id` if the signal fires during the call; does nothing once the call ended.
 */
export function createStopBridge(): <R extends Stoppable, T>(
  signal: AbortSignal | undefined,
  remote: () => R,
  run: (worker: R, id: number) => Promise<T>,
) => Promise<T> {
  let calls = 0;
  return async (signal, remote, run) => {
    throwIfAborted(signal);
    const worker = remote();
    const id = ++calls;
    // A dead worker has nothing to stop: its call rejects (worker-died) and is let go.
    const onAbort = () => void worker.stop(id).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await run(worker, id);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };
}

/** Worker side: the signals of the calls under way (or waiting), by the page's numbers. */
export interface StopSwitch {
  /** A signal for call `id`, live until `release()`. */
  start(id: number): { signal: AbortSignal; release(): void };
  /** Aborts call `id`, or every call under way when no id is given; unknown ids are ignored. */
  stop(id?: number): void;
}

export function createStopSwitch(): StopSwitch {
  const running = new Map<number, AbortController>();
  return {
    start(id) {
      const controller = new AbortController();
      running.set(id, controller);
      return {
        signal: controller.signal,
        release: () => {
          if (running.get(id) === controller) running.delete(id);
        },
      };
    },
    stop(id) {
      if (id === undefined) for (const c of running.values()) c.abort();
      else running.get(id)?.abort();
    },
  };
}
