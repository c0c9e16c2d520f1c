// Saves work in progress as it changes: the first change at once, then at most every `ms`, and at
// once when the page is hidden or unloaded (a reload, a closed tab) so little is lost.

export interface ThrottledSave {
  /** Something changed: a save follows (now, or when the interval has passed). */
  touch(): void;
  /** Saves now if anything changed since the last save. */
  flush(): Promise<void>;
  /** No more saves; resolves when the one under way (if any) has ended. */
  stop(): Promise<void>;
}

export function throttledSave(write: () => Promise<unknown>, ms = 500): ThrottledSave {
  let dirty = false;
  let stopped = false;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const save = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty || stopped) return writing;
    dirty = false;
    last = performance.now();
    // One write at a time, in order: a late write never puts back older text.
    writing = writing
      .then(() => write())
      .then(
        () => undefined,
        () => undefined, // a failed partial save is retried by the next change or the final save
      );
    return writing;
  };
  const onHide = () => {
    if (document.visibilityState === 'hidden') void save();
  };
  const onPageHide = () => void save();
  const listening = typeof document !== 'undefined';
  if (listening) {
    document.addEventListener('visibilitychange', onHide);
    globalThis.addEventListener('pagehide', onPageHide);
  }

  return {
    touch() {
      if (stopped) return;
      dirty = true;
      const wait = last + ms - performance.now();
      if (wait <= 0) void save();
      else timer ??= setTimeout(() => void save(), wait);
    },
    flush: save,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (listening) {
        document.removeEventListener('visibilitychange', onHide);
        globalThis.removeEventListener('pagehide', onPageHide);
      }
      await writing;
    },
  };
}
