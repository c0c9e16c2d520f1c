// Lets a caller give up on a model load that cannot itself be interrupted: rejects at once with an
// AbortError when the signal fires, and disposes the result if the load finishes after that.

/** Resolves with `promise`, or rejects with an AbortError (DOMException) when `signal` fires. */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  dispose: (late: T) => void,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('The model load was cancelled.', 'AbortError'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) dispose(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
