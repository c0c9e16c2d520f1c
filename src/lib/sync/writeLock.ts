// One writer at a time across tabs: a named Web Lock (navigator.locks, in pages and workers), so
// a second tab's import queues behind the first instead of racing it. FIFO, like the lock queue.

const localQueues = new Map<string, Promise<unknown>>();

/** Without Web Locks (Node in unit tests) the lock holds within this realm only. */
function localLock<T>(name: string, task: () => Promise<T>, wait: WaitOptions): Promise<T> {
  const before = localQueues.get(name);
  if (before) wait.onWait?.();
  const start = () => {
    if (wait.signal?.aborted) throw new DOMException('Cancelled while waiting', 'AbortError');
    return task();
  };
  const run = (before ?? Promise.resolve()).then(start, start);
  const settled = run.catch(() => undefined);
  localQueues.set(name, settled);
  void settled.then(() => {
    if (localQueues.get(name) === settled) localQueues.delete(name);
  });
  return run;
}

const NOT_FREE = Symbol('not free');

export interface WaitOptions {
  /** Called when another holder has the lock, to tell the person why nothing moves. */
  onWait?: () => void;
  /** Stops waiting: the call rejects with an AbortError and the task never runs. */
  signal?: AbortSignal;
}

/** Runs `task` holding the write lock `name`, after the holders before it. */
export async function withWriteLock<T>(
  name: string,
  task: () => Promise<T>,
  wait: WaitOptions = {},
): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return localLock(name, task, wait);
  if (wait.onWait) {
    const tried = await locks.request(name, { ifAvailable: true }, (lock) =>
      lock ? task() : NOT_FREE,
    );
    if (tried !== NOT_FREE) return tried as T;
    wait.onWait();
  }
  return locks.request(name, wait.signal ? { signal: wait.signal } : {}, () => task());
}
