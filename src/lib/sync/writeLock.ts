// One writer at a time across tabs: a named Web Lock (navigator.locks, in pages and workers), so
// a second tab's import queues behind the first instead of racing it. FIFO, like the lock queue.

const localQueues = new Map<string, Promise<unknown>>();

/** Without Web Locks (Node in unit tests) the lock holds within this realm only. */
function localLock<T>(name: string, task: () => Promise<T>, onWait?: () => void): Promise<T> {
  const before = localQueues.get(name);
  if (before) onWait?.();
  const run = (before ?? Promise.resolve()).then(task, task);
  const settled = run.catch(() => undefined);
  localQueues.set(name, settled);
  void settled.then(() => {
    if (localQueues.get(name) === settled) localQueues.delete(name);
  });
  return run;
}

const NOT_FREE = Symbol('not free');

/**
 * Runs `task` holding the write lock `name`. When another holder has it, `onWait` is called
 * first (to tell the person why nothing moves) and the task waits its turn.
 */
export async function withWriteLock<T>(
  name: string,
  task: () => Promise<T>,
  onWait?: () => void,
): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return localLock(name, task, onWait);
  if (onWait) {
    const tried = await locks.request(name, { ifAvailable: true }, (lock) =>
      lock ? task() : NOT_FREE,
    );
    if (tried !== NOT_FREE) return tried as T;
    onWait();
  }
  return locks.request(name, () => task());
}
