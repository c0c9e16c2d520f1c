// The fetch wrapper model downloads go through: a body that breaks off or ends short fails as
// DownloadInterruptedError, network bytes are counted per model, and a cancel aborts them.
import { describe, expect, it } from 'vitest';
import {
  DownloadInterruptedError,
  createDownloadGuard,
  type FetchLike,
} from '../../../src/lib/ml/downloadGuard';

const HOST = 'http://models.test/';

/** A body of `chunks`, then an end, a failure, or nothing (it waits to be aborted). */
function body(chunks: number[], end: 'close' | Error | 'hang' = 'close', signal?: AbortSignal) {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) return controller.enqueue(new Uint8Array(chunks[i++]!));
      if (end === 'close') return controller.close();
      if (end instanceof Error) return controller.error(end);
      return new Promise<void>((_, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
    },
  });
}

/** A fetch that answers every URL from `routes` (path → response maker) and logs requests. */
function fakeFetch(routes: Record<string, (init?: RequestInit) => Response>) {
  const seen: { url: string; init?: RequestInit }[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = String(input);
    seen.push({ url, init });
    init?.signal?.throwIfAborted();
    const route = routes[url.slice(HOST.length)];
    return route ? route(init) : new Response('not found', { status: 404 });
  };
  return { fetch, seen };
}

const sized = (length: number, headers: Record<string, string> = {}) => ({
  'content-length': String(length),
  ...headers,
});

async function read(response: Response): Promise<number> {
  return (await response.arrayBuffer()).byteLength;
}

describe('createDownloadGuard', () => {
  it('passes a whole body through unchanged, with its status and headers', async () => {
    const { fetch } = fakeFetch({
      'm/a.bin': () => new Response(body([3, 4]), { headers: sized(7, { 'x-kind': 'a' }) }),
    });
    const guard = createDownloadGuard(fetch);
    const response = await guard.fetch(`${HOST}m/a.bin`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-kind')).toBe('a');
    expect(await read(response)).toBe(7);
  });

  it('fails a body that ends short of its Content-Length (cut off, or zero-filled later)', async () => {
    const { fetch } = fakeFetch({
      'm/a.bin': () => new Response(body([3, 4]), { headers: sized(100) }),
    });
    const guard = createDownloadGuard(fetch);
    const error = await read(await guard.fetch(`${HOST}m/a.bin`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect(error).toMatchObject({ received: 7, expected: 100, url: `${HOST}m/a.bin` });
  });

  it('turns a connection that breaks mid-body into DownloadInterruptedError, with the cause', async () => {
    const dropped = new TypeError('network error');
    const { fetch } = fakeFetch({
      'm/a.bin': () => new Response(body([5], dropped), { headers: sized(50) }),
    });
    const guard = createDownloadGuard(fetch);
    const error = await read(await guard.fetch(`${HOST}m/a.bin`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect(error).toMatchObject({ received: 5, expected: 50, cause: dropped });
  });

  it('holds a body whole by its own Content-Length to the size a range probe reported, once', async () => {
    const { fetch } = fakeFetch({
      'm/a.bin': (init) =>
        new Headers(init?.headers).has('range')
          ? new Response(body([1]), { status: 206, headers: { 'content-range': 'bytes 0-0/90' } })
          : new Response(body([30]), { headers: sized(30) }),
    });
    const guard = createDownloadGuard(fetch);
    await read(await guard.fetch(`${HOST}m/a.bin`, { headers: { Range: 'bytes=0-0' } }));
    const error = await read(await guard.fetch(`${HOST}m/a.bin`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect(error).toMatchObject({ received: 30, expected: 90 });
    // Not held to it again: the file may have changed on the host since the probe.
    expect(await read(await guard.fetch(`${HOST}m/a.bin`))).toBe(30);
  });

  it('trusts no Content-Length of an encoded body (the header counts compressed bytes)', async () => {
    const { fetch } = fakeFetch({
      'm/a.json': () =>
        new Response(body([10]), { headers: sized(40, { 'content-encoding': 'gzip' }) }),
    });
    const guard = createDownloadGuard(fetch);
    expect(await read(await guard.fetch(`${HOST}m/a.json`))).toBe(10);
  });

  it('passes range probes and failed responses on untouched', async () => {
    const { fetch } = fakeFetch({
      'm/a.bin': (init) =>
        new Headers(init?.headers).has('range')
          ? new Response(body([1]), { status: 206, headers: { 'content-range': 'bytes 0-0/9' } })
          : new Response(body([9]), { headers: sized(9) }),
    });
    const guard = createDownloadGuard(fetch);
    const watch = guard.watch(`${HOST}m/`);
    const probe = await guard.fetch(`${HOST}m/a.bin`, { headers: { Range: 'bytes=0-0' } });
    expect(probe.status).toBe(206);
    expect(await read(probe)).toBe(1);
    expect((await guard.fetch(`${HOST}m/missing`)).status).toBe(404);
    expect(watch.bytes).toBe(0);
  });

  it('counts the network bytes of each watched model, and stops counting when closed', async () => {
    const { fetch } = fakeFetch({
      'a/x.bin': () => new Response(body([100, 50]), { headers: sized(150) }),
      'b/x.bin': () => new Response(body([7]), { headers: sized(7) }),
    });
    const guard = createDownloadGuard(fetch);
    const a = guard.watch(`${HOST}a/`);
    const b = guard.watch(`${HOST}b/`);
    await read(await guard.fetch(`${HOST}a/x.bin`));
    await read(await guard.fetch(`${HOST}b/x.bin`));
    expect([a.bytes, b.bytes]).toEqual([150, 7]);
    a.close();
    await read(await guard.fetch(`${HOST}a/x.bin`));
    expect(a.bytes).toBe(150);
  });

  it("aborts a watched model's downloads in flight, but no other model's", async () => {
    const { fetch, seen } = fakeFetch({
      'a/x.bin': (init) => new Response(body([10], 'hang', init?.signal ?? undefined)),
      'b/x.bin': () => new Response(body([4]), { headers: sized(4) }),
    });
    const guard = createDownloadGuard(fetch);
    const controller = new AbortController();
    guard.watch(`${HOST}a/`, controller.signal);
    const reading = guard.fetch(`${HOST}a/x.bin`).then(read);
    const other = guard.fetch(`${HOST}b/x.bin`);
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(await read(await other)).toBe(4);
    // A request for the model after the cancel is refused at once while the watch is open.
    await expect(guard.fetch(`${HOST}a/x.bin`)).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.map((s) => s.url.slice(HOST.length))).toEqual(['a/x.bin', 'b/x.bin', 'a/x.bin']);
  });
});
