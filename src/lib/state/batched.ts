// Streamed text handed on in batches: tokens can arrive faster than a page should re-render
// Markdown, so pieces are gathered and applied at most every `ms` milliseconds (and on flush).
export interface Batcher {
  push(piece: string): void;
  /** Applies whatever is waiting, at once (call it when the stream ends). */
  flush(): void;
}

export function batched(apply: (text: string) => void, ms = 50): Batcher {
  let waiting = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!waiting) return;
    const text = waiting;
    waiting = '';
    apply(text);
  };
  return {
    push(piece) {
      waiting += piece;
      timer ??= setTimeout(flush, ms);
    },
    flush,
  };
}
