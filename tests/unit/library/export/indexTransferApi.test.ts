// Export and import through the worker's API as the page calls them (createLibraryApi, without
// the worker, on fake-indexeddb): a cleared library restored from its export answers searches as
// before without embedding anything; another model's export and a broken file change nothing.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createLibraryApi } from '../../../../src/lib/library/libraryApi';
import type { IndexJobProgress, LibraryApi } from '../../../../src/lib/library/protocol';
import { writeIndexExport } from '../../../../src/lib/library/export/writeExport';
import { openLibraryStore } from '../../../../src/lib/library/LibraryStore';
import { fakeEmbedder } from '../fakeEmbedder';
import { sampleLibrary, sourceOf } from './sampleLibrary';

const embedders: ReturnType<typeof fakeEmbedder>[] = [];
vi.mock('../../../../src/lib/embed/transformersEmbedder', () => ({
  loadTransformersEmbedder: async (spec: { id: string }) => {
    const embedder = fakeEmbedder(spec.id);
    embedders.push(embedder);
    return embedder;
  },
}));
vi.mock('../../../../src/lib/rerank/transformersReranker', () => ({
  loadTransformersReranker: async () => {
    throw new Error('no reranker in unit tests');
  },
}));

const DOCS = {
  'ferry.md':
    '# Ferry\n\nThe Wexholm ferry leaves at seven from pier nine.\n\n## Fares\n\nAdults pay four crowns.',
  'bees.txt':
    'The queen bee lays eggs in the spring.\n\nHoney is harvested in autumn by the keepers.',
  'lamps.md': '# Lighthouse\n\nThe lamp burns whale oil every night.\n\nStorms bring the fog bell.',
};
const QUERIES = ['when does the ferry leave', 'honey harvest autumn', 'fog bell storms', 'fares'];
let n = 0;

async function openApi(modelId = 'fake/bow'): Promise<LibraryApi> {
  let ready!: () => void;
  const modelReady = new Promise<void>((resolve) => (ready = resolve));
  const api = createLibraryApi(() => openLibraryStore(`index-transfer-${++n}`));
  await api.init(
    (event) => {
      if (event.type === 'model' && event.status.state === 'ready') ready();
    },
    { modelId },
  );
  await modelReady;
  return api;
}

async function results(api: LibraryApi) {
  const out: string[][] = [];
  for (const query of QUERIES) {
    for (const mode of ['vector', 'keyword', 'hybrid'] as const) {
      const { hits } = await api.search(query, { mode, topK: 5 });
      out.push(hits.map((h) => `${h.docName}#${h.chunkId.split('#')[1]} ${h.score.toFixed(5)}`));
    }
  }
  return out;
}

async function filled(modelId?: string) {
  const api = await openApi(modelId);
  const items = Object.entries(DOCS).map(([name, text]) => ({
    name,
    bytes: new TextEncoder().encode(text).buffer,
    source: 'file' as const,
  }));
  const outcomes = await api.ingest('add', items);
  expect(outcomes.map((o) => o.stage)).toEqual(['done', 'done', 'done']);
  return api;
}

describe('index export and import through the API', () => {
  it('restores a cleared library: same documents, same search results, nothing embedded', async () => {
    const api = await filled();
    const before = await results(api);
    expect(before.flat().length).toBeGreaterThan(QUERIES.length * 3); // real hits to compare
    const documents = await api.listDocuments();
    const progress: IndexJobProgress[] = [];
    const exported = await api.exportIndex('export-1', (p) => progress.push(p));
    expect(exported).toMatchObject({ documents: 3, model: 'fake/bow' });
    expect(exported.fileName).toMatch(/^ragtune-index-\d{4}-\d\d-\d\d\.zip$/);
    expect(progress.at(-1)).toEqual({ stage: 'packing', done: 4, total: 4 });

    await api.clearLibrary();
    expect(await api.listDocuments()).toEqual([]);
    const embedder = embedders.at(-1)!;
    const calls = embedder.calls;
    const outcome = await api.importIndex('import-1', exported.zip, exported.fileName, () => {});
    expect(outcome).toEqual({
      added: 3,
      chunks: exported.chunks,
      duplicates: [],
      model: 'fake/bow',
    });
    expect(embedder.calls).toBe(calls); // no chunk was embedded again
    expect(await api.listDocuments()).toEqual(documents);
    expect(await results(api)).toEqual(before);

    // Into a fresh library (another database) too, and a second import adds nothing.
    const fresh = await openApi();
    await fresh.importIndex('import-2', exported.zip, exported.fileName, () => {});
    expect(await results(fresh)).toEqual(before);
    const again = await fresh.importIndex('import-3', exported.zip, exported.fileName, () => {});
    expect(again.added).toBe(0);
    expect(again.duplicates.sort()).toEqual(Object.keys(DOCS).sort());
  });

  it('refuses another model’s export by name, and a broken file, changing nothing', async () => {
    const source = await filled('fake/other');
    const exported = await source.exportIndex('export-2', () => {});
    const api = await filled();
    const before = await results(api);
    await expect(api.importIndex('import-4', exported.zip, 'other.zip', () => {})).rejects.toThrow(
      /embedded with fake\/other, but this library uses fake\/bow\. To import it, choose fake\/other/,
    );
    const broken = new Blob([(await exported.zip.arrayBuffer()).slice(0, 200)]);
    await expect(api.importIndex('import-5', broken, 'cut.zip', () => {})).rejects.toThrow(
      /“cut\.zip” cannot be imported: This is not a zip file.*Nothing was imported\./,
    );
    expect(await api.listDocuments()).toHaveLength(3);
    expect(await results(api)).toEqual(before);
  });

  it('refuses vectors of another dimension than the model makes, under the same name', async () => {
    const api = await filled();
    const docs = await sampleLibrary(16, 2);
    for (const d of docs) {
      d.meta = { ...d.meta, embeddingModel: 'fake/bow' };
      d.block = { ...d.block, model: 'fake/bow' };
    }
    const { zip } = await writeIndexExport(sourceOf(docs), { modelId: 'fake/bow' });
    await expect(api.importIndex('import-6', zip, 'small.zip', () => {})).rejects.toThrow(
      'This export’s vectors have 16 dimensions, but fake/bow makes 64.',
    );
    expect(await api.listDocuments()).toHaveLength(3);
  });

  it('cancel(jobId) while storing stops between documents; what was stored is whole', async () => {
    const exported = await (await filled()).exportIndex('export-3', () => {});
    const api = await openApi();
    const cancelled = api.importIndex('import-7', exported.zip, 'index.zip', (p) => {
      if (p.stage === 'storing' && p.done === 1) void api.cancel('import-7');
    });
    await expect(cancelled).rejects.toThrow('Cancelled');
    const kept = await api.listDocuments();
    expect(kept).toHaveLength(1);
    const view = await api.getDocument(kept[0]!.id);
    expect(view?.chunks).toHaveLength(kept[0]!.chunkCount);
    const { hits } = await api.search(view!.chunks[0]!.text, { mode: 'vector', topK: 1 });
    expect(hits[0]?.docId).toBe(kept[0]!.id);
    // Importing again adds the rest and names the one already there.
    const rest = await api.importIndex('import-8', exported.zip, 'index.zip', () => {});
    expect(rest).toMatchObject({ added: 2, duplicates: [kept[0]!.name] });
  });
});
