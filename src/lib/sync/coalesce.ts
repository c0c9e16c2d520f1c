// Runs an async refresh at most once at a time: calls during a run ask for one more run after it,
// so a burst of announcements (one per saved result) costs two reads, and the last is never missed.

export function coalesce(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await run().catch(() => undefined);
      } while (again);
    })().finally(() => (running = undefined));
    return running;
  };
}
