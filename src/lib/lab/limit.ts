// At most `limit()` tasks at once (read at each start, so a changed setting applies to the next):
// a counting semaphore, and a map over items that keeps that many running.

/** Runs each task when fewer than `limit()` are running, in the order asked. */
export function createLimiter(limit: () => number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    while (waiting.length > 0 && running < Math.max(1, limit())) {
      running += 1;
      waiting.shift()!();
    }
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            running -= 1;
            next();
          });
      });
      next();
    });
}

/** Calls `each` on every item with at most `limit` calls under way; resolves when all ended. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  each: (item: T) => Promise<void>,
): Promise<void> {
  let index = 0;
  const worker = async () => {
    while (index < items.length) {
      const item = items[index++]!;
      await each(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
