// A re-embedding cut off by a closed tab (createLibraryApi, without the worker): on open it is
// reported with how far it got and waits; resumeReindex embeds only the rest; a finished one is
// not reported again. The embedder is the bag-of-words fake; its id follows the chosen model.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createLibraryApi } from '../../../src/lib/library/libraryApi';
import type { LibraryEvent, ReindexProgress } from '../../../src/lib/library/protocol';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { fakeEmbedder } from './fakeEmbedder';

vi.mock('../../../src/lib/embed/transformersEmbedder', () => ({
  loadTransformersEmbedder: async (spec: { id: string }) => fakeEmbedder(spec.id),
}));
vi.mock('../../../src/lib/rerank/transformersReranker', () => ({
  loadTransformersReranker: async () => {
    throw new Error('no reranker in unit tests');
  },
}));

const OLD = 'test/old-model';
const NEW = 'test/new-model';

async function openApi(name: string, modelId: string) {
  const events: LibraryEvent[] = [];
  let ready!: () => void;
  const modelReady = new Promise<void>((resolve) => (ready = resolve));
  const api = createLibraryApi(() => openLibraryStore(name));
  await api.init(
    (event) => {
      events.push(event);
      if (event.type === 'model' && event.status.state === 'ready') ready();
    },
    { modelId },
  );
  await modelReady;
  const reindex = () =>
    events.flatMap((e): ReindexProgress[] => (e.type === 'reindex' ? [e.progress] : []));
  return { api, reindex };
}

const file = (i: number) => ({
  name: `note-${i}.txt`,
  bytes: new TextEncoder().encode(`Note ${i} is about harbour ferry number ${i}.`).buffer,
  source: 'paste' as const,
});

describe('an interrupted re-embedding', () => {
  it('is reported on open and waits; resumeReindex finishes only the rest', async () => {
    const name = `reindex-${crypto.randomUUID()}`;
    const first = await openApi(name, OLD);
    await first.api.ingest('import', [file(1), file(2), file(3), file(4)]);
    // As a tab closed right after a switch to the new model leaves it: the note that the
    // re-embedding was under way is saved, no document has the new model's vectors yet.
    const store = await openLibraryStore(name);
    await store.setSetting('reindex-under-way', { modelId: NEW, total: 4 });
    store.close();

    const second = await openApi(name, NEW);
    await vi.waitFor(() => expect(second.reindex().length).toBeGreaterThan(0));
    // Reported, and nothing runs until resumeReindex is called.
    await new Promise((r) => setTimeout(r, 50));
    expect(second.reindex()).toEqual([
      { done: 0, total: 4, active: false, interrupted: { modelId: NEW } },
    ]);
    await second.api.resumeReindex();
    const after = second.reindex();
    expect(after.at(-1)).toEqual({ done: 4, total: 4, active: false });
    expect((await second.api.listDocuments()).every((d) => d.embeddingModel === NEW)).toBe(true);

    const third = await openApi(name, NEW);
    await new Promise((r) => setTimeout(r, 50));
    expect(third.reindex()).toEqual([]);
  });

  it('a new model re-embeds at once when nothing was cut off, and clears its note', async () => {
    const name = `reindex-${crypto.randomUUID()}`;
    const first = await openApi(name, OLD);
    await first.api.ingest('import', [file(1), file(2)]);
    const second = await openApi(name, NEW);
    await vi.waitFor(() => expect(second.reindex().at(-1)?.done).toBe(2));
    expect(second.reindex().some((p) => p.interrupted)).toBe(false);
    const store = await openLibraryStore(name);
    expect(await store.getSetting('reindex-under-way')).toBeNull();
    store.close();
  });
});
