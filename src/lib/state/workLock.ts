// Locks a tab holds while it writes work that is saved as it goes (a streaming answer, a running
// comparison). The browser frees them when the tab closes, so another tab can tell live work apart
// from work a reload cut off. Without Web Locks (old browsers, Node tests) nothing is held.

/** Holds the named lock until the returned function is called. */
export function holdLock(name: string): () => void {
  const locks = globalThis.navigator?.locks;
  if (!locks) return () => {};
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  locks.request(name, () => held).catch(() => undefined);
  return release;
}

/** The names of the locks some tab of this origin holds (or is about to) now. */
export async function heldLocks(): Promise<Set<string>> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return new Set();
  try {
    const { held = [], pending = [] } = await locks.query();
    return new Set([...held, ...pending].flatMap((lock) => (lock.name ? [lock.name] : [])));
  } catch {
    return new Set();
  }
}
