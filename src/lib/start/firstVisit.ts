// Remembers that the start view was seen, so it opens by itself only on the first visit (it stays
// in the main navigation as "Start").
const SEEN_KEY = 'ragtune-start-seen';

export function startSeen(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
): boolean {
  try {
    return storage?.getItem(SEEN_KEY) === '1';
  } catch {
    return true; // storage closed to us: do not push the start view on every visit
  }
}

export function markStartSeen(
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(SEEN_KEY, '1');
  } catch {
    // Storage closed to us: the start view may show again next time, which does no harm.
  }
}
