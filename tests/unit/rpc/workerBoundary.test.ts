// Each engine client against its worker's API over a real MessageChannel and Comlink (rpc.ts): an
// error raised asynchronously on the worker's side arrives typed, with its own wording, and a worker
// that dies mid-answer (its port closes, or a Worker fires 'error') rejects its calls, never hangs.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { createWebllmHost } from '../../../src/lib/generate/generatorClient';
import { createTransformersGeneratorClient } from '../../../src/lib/generate/transformers/client';
import { createTransformersWorkerApi } from '../../../src/lib/generate/transformers/workerApi';
import { createWebllmHostApi } from '../../../src/lib/generate/webllm/hostApi';
import { createLibraryApi } from '../../../src/lib/library/libraryApi';
import { createLibraryClient } from '../../../src/lib/library/libraryClient';
import type { LibraryEvent } from '../../../src/lib/library/protocol';
import { exposeApi, type WorkerEndpoint } from '../../../src/lib/rpc/rpc';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { fakeEmbedder } from '../library/fakeEmbedder';
import { REQUEST, standIn } from '../generate/webllm/webllmStandIn';

vi.mock('../../../src/lib/embed/transformersEmbedder', () => ({
  loadTransformersEmbedder: async () => fakeEmbedder(),
}));

/** A worker stand-in: `api` served on one end of a real MessageChannel, the client on the other. */
function channel(api: object) {
  const { port1, port2 } = new MessageChannel();
  exposeApi(api, port2 as unknown as WorkerEndpoint);
  const page = Object.assign(port1, { terminate: vi.fn() }) as MessagePort & WorkerEndpoint;
  return { page, worker: port2, start: () => page };
}

const open: MessagePort[] = [];
afterEach(() => {
  for (const port of open.splice(0)) port.close();
  vi.unstubAllGlobals();
});

/** What a call rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<RagtuneError> {
  const outcome = await promise.then(
    () => new Error('resolved'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(RagtuneError);
  return outcome as RagtuneError;
}

/** A worker side whose `name` call reports progress, then never answers (the worker dies). */
function hanging(name: string, progressArg: number) {
  let reached!: () => void;
  const started = new Promise<void>((resolve) => (reached = resolve));
  const api = {
    [name]: async (...args: unknown[]) => {
      const report = args[progressArg] as (value: unknown) => unknown;
      await report('first piece');
      reached();
      return new Promise(() => {});
    },
    configure: async () => {},
    init: async () => {},
  };
  return { api, started };
}

describe('transformers.js generator client over a MessageChannel', () => {
  it('brings the worker’s asynchronous error with its code and wording', async () => {
    const direct = await rejection(createTransformersWorkerApi().generate(REQUEST, () => {}));
    const { start, page } = channel(createTransformersWorkerApi());
    open.push(page);
    const client = await createTransformersGeneratorClient({}, start);
    const error = await rejection(client.generate(REQUEST, () => {}));
    expect(error.code).toBe('generation-failed');
    expect(error.message).toBe(direct.message);
    expect(error.message).toMatch(/No model is loaded/);
  });

  it('rejects a generation whose worker dies mid-answer as worker-died', async () => {
    const { api, started } = hanging('generate', 1);
    const { start, worker, page } = channel(api);
    const client = await createTransformersGeneratorClient({}, start);
    const tokens: string[] = [];
    const answer = rejection(client.generate(REQUEST, (t) => void tokens.push(t)));
    await started;
    worker.close();
    const error = await answer;
    expect(tokens).toEqual(['first piece']);
    expect(error.code).toBe('worker-died');
    expect(error.message).toMatch(/transformers\.js generator worker stopped.*reload the page/);
    // Later calls reject at once instead of waiting on a dead port.
    expect((await rejection(client.countTokens('x'))).code).toBe('worker-died');
    expect(page.terminate).toHaveBeenCalled();
  });
});

describe('WebLLM client over a MessageChannel', () => {
  it('brings the worker’s asynchronous error with its code and wording', async () => {
    const engine = standIn({ tokens: ['ok'] });
    const workerApi = () => createWebllmHostApi({ createEngine: engine.options.createEngine });
    const direct = await rejection(workerApi().load('No-Such-Model-q4f16_1-MLC', () => {}));
    const { start, page } = channel(workerApi());
    open.push(page);
    const host = createWebllmHost(start);
    const error = await rejection(host.engine.load('No-Such-Model-q4f16_1-MLC', () => {}));
    expect(error.code).toBe('model-unavailable');
    expect(error.message).toBe(direct.message);
    expect(error.message).toMatch(/not in this version of WebLLM’s model list/);
  });

  it('rejects a generation whose worker dies mid-answer as worker-died', async () => {
    const { api, started } = hanging('generate', 1);
    const { start, worker } = channel(api);
    const host = createWebllmHost(start);
    const answer = rejection(host.engine.generate(REQUEST, () => {}));
    await started;
    worker.close();
    const error = await answer;
    expect(error.code).toBe('worker-died');
    expect(error.message).toMatch(/WebLLM worker stopped \(its channel closed\)/);
  });
});

describe('library client over a MessageChannel', () => {
  it('brings the worker’s asynchronous refusal with its code and wording', async () => {
    const { start, page } = channel(createLibraryApi(() => openLibraryStore('boundary-1')));
    open.push(page);
    const client = createLibraryClient(start);
    let ready!: () => void;
    const modelReady = new Promise<void>((resolve) => (ready = resolve));
    await client.init((event: LibraryEvent) => {
      if (event.type === 'model' && event.status.state === 'ready') ready();
    });
    await modelReady;
    const text = 'The ferry leaves at seven.';
    const [outcome] = await client.ingest('job-1', [
      { name: 'ferry.txt', bytes: new TextEncoder().encode(text).buffer, source: 'paste' },
    ]);
    expect(outcome?.stage).toBe('done');
    const error = await rejection(client.updateDocumentText(outcome!.docId!, ' \n '));
    expect(error.code).toBe('empty');
    expect(error.message).toMatch(/The new text of “ferry.txt” is empty, so it was not saved/);
  });

  it('rejects an import whose worker dies mid-answer as worker-died', async () => {
    let onEvent: (event: unknown) => unknown = () => {};
    let reached!: () => void;
    const started = new Promise<void>((resolve) => (reached = resolve));
    const { start, worker } = channel({
      init: async (callback: typeof onEvent) => void (onEvent = callback),
      ingest: async () => {
        await onEvent({ type: 'changed' });
        reached();
        return new Promise(() => {});
      },
    });
    const client = createLibraryClient(start);
    const events: unknown[] = [];
    await client.init((event) => void events.push(event));
    const importing = rejection(client.ingest('job-2', []));
    await started;
    worker.close();
    expect((await importing).code).toBe('worker-died');
    expect(events).toEqual([{ type: 'changed' }]);
  });

  it('rejects every waiting call when a Worker fires error (its code failed to load)', async () => {
    const { start, page } = channel({ listDocuments: () => new Promise(() => {}) });
    open.push(page);
    const client = createLibraryClient(start);
    const listing = rejection(client.listDocuments());
    const searching = rejection(client.search('ferry'));
    page.dispatchEvent(new Event('error'));
    for (const error of [await listing, await searching]) {
      expect(error.code).toBe('worker-died');
      expect(error.message).toBe(
        'The library worker stopped (its code failed to load) before it answered: reload the page to start it again.',
      );
    }
    expect(page.terminate).toHaveBeenCalledTimes(1);
  });
});
