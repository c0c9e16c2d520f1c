// A large import crosses to the library worker in slices (one per task), so the page never posts
// thousands of files in one long task; the worker still ingests them as one job, in order, and a
// cancel that arrives while the slices are still coming stores nothing.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLibraryApi } from '../../../src/lib/library/libraryApi';
import { createLibraryClient, INGEST_SLICE } from '../../../src/lib/library/libraryClient';
import type { IngestItem, LibraryApi, LibraryEvent } from '../../../src/lib/library/protocol';
import { exposeApi, type WorkerEndpoint } from '../../../src/lib/rpc/rpc';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { fakeEmbedder } from './fakeEmbedder';

vi.mock('../../../src/lib/embed/transformersEmbedder', () => ({
  loadTransformersEmbedder: async () => fakeEmbedder(),
}));

const open: MessagePort[] = [];
afterEach(() => void open.splice(0).forEach((port) => port.close()));

/** The real library API behind a MessageChannel, with every call it receives recorded in order. */
function served(name: string) {
  const api = createLibraryApi(() => openLibraryStore(name));
  const calls: { method: string; count: number }[] = [];
  const recorded = new Proxy(api, {
    get(target, key: keyof LibraryApi) {
      const method = target[key] as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const items = args[1];
        if (Array.isArray(items)) calls.push({ method: String(key), count: items.length });
        return method(...args);
      };
    },
  });
  const { port1, port2 } = new MessageChannel();
  exposeApi(recorded, port2 as unknown as WorkerEndpoint);
  open.push(port1, port2);
  const page = Object.assign(port1, { terminate: vi.fn() }) as MessagePort & WorkerEndpoint;
  return { client: createLibraryClient(() => page), calls };
}

const files = (count: number): IngestItem[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `note-${i}.txt`,
    bytes: new TextEncoder().encode(`Note ${i} says the lighthouse number ${i} is lit.`).buffer,
    source: 'paste' as const,
  }));

async function started(client: ReturnType<typeof createLibraryClient>) {
  let ready!: () => void;
  const modelReady = new Promise<void>((resolve) => (ready = resolve));
  await client.init((event: LibraryEvent) => {
    if (event.type === 'model' && event.status.state === 'ready') ready();
  });
  await modelReady;
}

describe('a large import crosses to the worker in slices', () => {
  it('posts at most INGEST_SLICE items per call and ingests all of them as one job, in order', async () => {
    const { client, calls } = served('sliced-1');
    await started(client);
    const count = INGEST_SLICE * 2 + 7;
    const outcomes = await client.ingest('big', files(count));
    expect(outcomes.map((o) => o.name)).toEqual(files(count).map((f) => f.name));
    expect(outcomes.every((o) => o.stage === 'done')).toBe(true);
    expect(calls).toEqual([
      { method: 'stageIngest', count: INGEST_SLICE },
      { method: 'stageIngest', count: INGEST_SLICE },
      { method: 'ingest', count: 7 },
    ]);
    expect(await client.listDocuments()).toHaveLength(count);
  });

  it('sends a small import in one call', async () => {
    const { client, calls } = served('sliced-2');
    await started(client);
    await client.ingest('small', files(3));
    expect(calls).toEqual([{ method: 'ingest', count: 3 }]);
  });

  it('stores nothing when cancelled while the slices are still arriving', async () => {
    const { client } = served('sliced-3');
    await started(client);
    const importing = client.ingest('cut', files(INGEST_SLICE * 3));
    await client.cancel('cut');
    const outcomes = await importing;
    expect(outcomes).toHaveLength(INGEST_SLICE * 3);
    expect(new Set(outcomes.map((o) => o.stage))).toEqual(new Set(['cancelled']));
    expect(await client.listDocuments()).toHaveLength(0);
  });
});
