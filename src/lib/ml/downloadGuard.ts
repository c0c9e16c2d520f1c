// The fetch transformers.js downloads model files with, wrapped: counts the bytes that really come
// over the network per model, lets a cancel abort a model's downloads in flight, and turns a body
// that breaks off, or ends short of its Content-Length or of the size a range probe reported, into
// a DownloadInterruptedError. transformers.js caches a file only after reading all of it, so a file
// cut off this way is never cached, and ONNX Runtime never sees it.

export class DownloadInterruptedError extends Error {
  override readonly name = 'DownloadInterruptedError';

  constructor(
    readonly url: string,
    readonly received: number,
    readonly expected: number | undefined,
    options?: { cause?: unknown },
  ) {
    const of = expected === undefined ? '' : ` of ${expected}`;
    super(`The download of ${url} broke off after ${received}${of} bytes.`, options);
  }
}

export interface DownloadWatch {
  /** Bytes received over the network, since the watch opened, for URLs under its prefix. */
  readonly bytes: number;
  /** Stops counting and stops applying the signal to new requests. */
  close(): void;
}

/** The fetch transformers.js calls (a URL, never a Request). */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface DownloadGuard {
  fetch: FetchLike;
  /** Watches requests whose URL starts with `prefix`; aborting `signal` aborts those in flight. */
  watch(prefix: string, signal?: AbortSignal): DownloadWatch;
}

interface Watcher {
  prefix: string;
  bytes: number;
  signal: AbortSignal | undefined;
}

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

function declaredLength(response: Response): number | undefined {
  const length = Number(response.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * Whether the body must reach its Content-Length: not for encoded bodies (the header counts
 * compressed bytes) nor cross-origin ones (their Content-Encoding may be hidden; the browser itself
 * fails a body that ends short of what the server announced).
 */
function mustReachLength(response: Response): boolean {
  if (response.type === 'cors' || response.type === 'opaque') return false;
  const encoding = response.headers.get('content-encoding');
  return !encoding || encoding === 'identity';
}

/**
 * The whole file's size from the answer to a `Range: bytes=0-0` probe (transformers.js sends one per
 * file to size its progress bar): a 206's Content-Range total, or a plain 200's Content-Length.
 */
function probedSize(response: Response): number | undefined {
  if (response.status === 206) {
    const total = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1];
    return total === undefined ? undefined : Number(total);
  }
  return response.status === 200 && mustReachLength(response)
    ? declaredLength(response)
    : undefined;
}

/**
 * A copy of `response` whose body counts its bytes, fails as DownloadInterruptedError when it breaks
 * off or ends short of `mustReach` bytes, and calls `end` once it is finished, failed or cancelled.
 */
function guardBody(
  response: Response,
  url: string,
  mustReach: number | undefined,
  count: (bytes: number) => void,
  end: () => void,
): Response {
  const reader = response.body!.getReader();
  const size = mustReach ?? declaredLength(response);
  let received = 0;
  /** The size to name in the error, when the body fell short of it. */
  const expected = () => (size !== undefined && received < size ? size : undefined);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        end();
        controller.error(
          isAbort(error)
            ? error
            : new DownloadInterruptedError(url, received, expected(), { cause: error }),
        );
        return;
      }
      if (chunk.done) {
        end();
        if (mustReach !== undefined && received < mustReach) {
          controller.error(new DownloadInterruptedError(url, received, mustReach));
        } else controller.close();
        return;
      }
      received += chunk.value.byteLength;
      count(chunk.value.byteLength);
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

export function createDownloadGuard(base: FetchLike): DownloadGuard {
  const watchers = new Set<Watcher>();
  /** Sizes range probes reported, by URL: the next full download of that URL must reach them. */
  const probed = new Map<string, number>();

  const guarded: FetchLike = async (input, init) => {
    const url = typeof input === 'string' ? input : input.href;
    const mine = [...watchers].filter((w) => url.startsWith(w.prefix));
    const signals = [init?.signal, ...mine.map((w) => w.signal)].filter(
      (s): s is AbortSignal => s instanceof AbortSignal,
    );
    // A watch's signal aborts this request even after the watch closes: it was started for it.
    const controller = new AbortController();
    const abort = () =>
      controller.abort(new DOMException('The download was cancelled.', 'AbortError'));
    if (signals.some((s) => s.aborted)) abort();
    for (const s of signals) s.addEventListener('abort', abort, { once: true });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      for (const s of signals) s.removeEventListener('abort', abort);
    };
    let response: Response;
    try {
      response = await base(input, { ...init, signal: controller.signal });
    } catch (error) {
      end();
      throw error;
    }
    // Range probes (file sizes) and failures are passed on as they are.
    if (new Headers(init?.headers).has('range')) {
      const size = probedSize(response);
      if (size !== undefined && Number.isSafeInteger(size)) probed.set(url, size);
      end();
      return response;
    }
    if (response.status !== 200 || !response.body) {
      end();
      return response;
    }
    // A response that is whole by its own Content-Length can still be short of the file: compare
    // with the probe, once (a retry is not held to a size that may have changed on the host since).
    const sizes = [
      mustReachLength(response) ? declaredLength(response) : undefined,
      probed.get(url),
    ];
    probed.delete(url);
    const known = sizes.filter((n): n is number => n !== undefined);
    const mustReach = known.length > 0 ? Math.max(...known) : undefined;
    const count = (bytes: number) => {
      for (const w of mine) w.bytes += bytes;
    };
    return guardBody(response, url, mustReach, count, end);
  };

  return {
    fetch: guarded,
    watch(prefix, signal) {
      const watcher: Watcher = { prefix, bytes: 0, signal };
      watchers.add(watcher);
      return {
        get bytes() {
          return watcher.bytes;
        },
        close: () => void watchers.delete(watcher),
      };
    },
  };
}
