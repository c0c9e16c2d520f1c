// The library composed of its real parts (store on fake-indexeddb, MiniSearch, the flat vector
// index) with a bag-of-words embedder: ingest, dedupe, cancel, search modes, restore, re-embed.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/lib/library/Library';
import type { IngestItem } from '../../../src/lib/library/protocol';
import type { SearchSettings } from '../../../src/lib/library/types';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { RagtuneError } from '../../../src/lib/errors';
import { fakeEmbedder } from './fakeEmbedder';

const chunking = { maxTokens: 40, overlapTokens: 5 };
const item = (name: string, text: string): IngestItem & { bytes: ArrayBuffer } => ({
  name,
  bytes: new TextEncoder().encode(text).buffer as ArrayBuffer,
  source: 'file',
});
const settings = (mode: SearchSettings['mode'], threshold = 0): SearchSettings => ({
  mode,
  topK: 5,
  threshold,
  rerank: false,
});
const docs = {
  keeper: item(
    'keeper.md',
    '# Keeper\n\nThe keeper rings the fog bell during storms.\n\n## Lamp\n\nThe lamp burns whale oil.',
  ),
  bees: item('bees.txt', 'The queen bee lays eggs in spring. Honey is harvested in autumn.'),
};
let n = 0;
const freshStore = () => openLibraryStore(`library-test-${++n}`);

describe('Library', () => {
  it('ingests, dedupes and finds the right chunk in every mode', async () => {
    const store = await freshStore();
    const library = await Library.open(store);
    await library.setEmbedder(fakeEmbedder());
    const stages: string[] = [];
    const outcome = await library.ingest(docs.keeper, chunking, (s) => stages.push(s));
    expect(outcome.stage).toBe('done');
    expect(stages).toEqual(
      expect.arrayContaining(['reading', 'chunking', 'embedding', 'indexing', 'done']),
    );
    await library.ingest(docs.bees, chunking, () => {});
    const again = await library.ingest(
      item('copy.md', `${new TextDecoder().decode(docs.keeper.bytes)}\n\n`),
      chunking,
      () => {},
    );
    expect(again.stage).toBe('duplicate');
    expect(again.message).toContain('keeper.md');
    expect(library.documents).toHaveLength(2);

    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      const { hits, mode: used } = await library.search(
        'when are storms and the fog bell',
        settings(mode),
      );
      expect(used).toBe(mode);
      expect(hits[0]?.docName).toBe('keeper.md');
      expect(hits[0]?.headingPath).toEqual(['Keeper']);
    }
    const hybrid = await library.search('fog bell', settings('hybrid'));
    expect(hybrid.hits[0]?.keywordScore).toBeGreaterThan(0);
    expect(hybrid.hits[0]?.vectorScore).toBeGreaterThan(0);
    expect(hybrid.hits[0]?.matchedTerms).toEqual(expect.arrayContaining(['fog', 'bell']));
  });

  it('reads a picked file (a Blob) itself, as the worker does for the page', async () => {
    const library = await Library.open(await freshStore());
    await library.setEmbedder(fakeEmbedder());
    const file = new File(['# Tide\n\nThe tide turns twice a day.'], 'tide.md');
    const outcome = await library.ingest(
      { name: 'tide.md', bytes: file, source: 'file' },
      chunking,
      () => {},
    );
    expect(outcome.stage).toBe('done');
    expect(library.documents.find((d) => d.name === 'tide.md')?.bytes).toBe(file.size);
  });

  it('drops results under the cosine threshold and says what mode answered without a model', async () => {
    const store = await freshStore();
    const library = await Library.open(store);
    await library.setEmbedder(fakeEmbedder());
    await library.ingest(docs.bees, chunking, () => {});
    expect((await library.search('queen bee eggs', settings('vector', 0.99))).hits).toHaveLength(0);
    expect((await library.search('queen bee eggs', settings('vector', 0.1))).hits).toHaveLength(1);
    await library.setEmbedder(null);
    const fallback = await library.search('queen bee', settings('vector'));
    expect(fallback.mode).toBe('keyword');
    expect(fallback.notice).toMatch(/No embedding model/);
    expect(fallback.hits[0]?.docName).toBe('bees.txt');
  });

  it('stores nothing when an import is cancelled or fails while embedding', async () => {
    const store = await freshStore();
    const library = await Library.open(store);
    const embedder = fakeEmbedder();
    await library.setEmbedder(embedder);
    const controller = new AbortController();
    const cancelled = library.ingest(
      docs.keeper,
      chunking,
      (stage) => stage === 'embedding' && controller.abort(),
      controller.signal,
    );
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    embedder.embed = async () => {
      throw new RagtuneError('model-unavailable', 'model crashed');
    };
    await expect(library.ingest(docs.bees, chunking, () => {})).rejects.toThrow('model crashed');
    expect(library.documents).toHaveLength(0);
    expect(await store.listDocuments()).toHaveLength(0);
    expect(await store.allChunksForIndex()).toHaveLength(0);
  });

  it('restores both indexes after a reopen and rebuilds a stale keyword snapshot', async () => {
    const name = `library-test-${++n}`;
    const first = await Library.open(await openLibraryStore(name));
    await first.setEmbedder(fakeEmbedder());
    await first.ingest(docs.keeper, chunking, () => {});
    await first.ingest(docs.bees, chunking, () => {});
    await first.flush();

    const store = await openLibraryStore(name);
    const reopened = await Library.open(store);
    const embedder = fakeEmbedder();
    await reopened.setEmbedder(embedder);
    expect(reopened.vectorCount).toBeGreaterThan(0);
    expect(embedder.calls).toBe(0);
    expect((await reopened.search('fog bell', settings('keyword'))).hits[0]?.docName).toBe(
      'keeper.md',
    );
    expect((await reopened.search('queen eggs honey', settings('vector'))).hits[0]?.docName).toBe(
      'bees.txt',
    );

    // A document deleted behind the snapshot's back (as by a tab closed between two writes).
    const keeper = reopened.documents.find((d) => d.name === 'keeper.md')!;
    await store.deleteDocument(keeper.id);
    const rebuilt = await Library.open(store);
    expect((await rebuilt.search('fog bell', settings('keyword'))).hits).toHaveLength(0);
  });

  it('re-embeds stale documents when the model changes, and forgets deleted ones', async () => {
    const store = await freshStore();
    const library = await Library.open(store);
    await library.setEmbedder(fakeEmbedder('fake/a', 32));
    await library.ingest(docs.keeper, chunking, () => {});
    await library.ingest(docs.bees, chunking, () => {});
    await library.setEmbedder(fakeEmbedder('fake/b', 48));
    expect(library.staleDocuments).toHaveLength(2);
    expect(library.vectorCount).toBe(0);
    for (const doc of library.staleDocuments) await library.reembed(doc.id);
    expect(library.staleDocuments).toHaveLength(0);
    expect((await store.allVectorBlocks()).every((b) => b.model === 'fake/b' && b.dim === 48)).toBe(
      true,
    );
    expect((await library.search('fog bell storms', settings('vector'))).hits[0]?.docName).toBe(
      'keeper.md',
    );

    const keeper = library.documents.find((d) => d.name === 'keeper.md')!;
    await library.delete(keeper.id);
    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      const { hits } = await library.search('fog bell storms keeper', settings(mode));
      expect(hits.every((h) => h.docName !== 'keeper.md')).toBe(true);
    }
    await library.clear();
    expect(await store.listDocuments()).toHaveLength(0);
    expect((await library.search('queen', settings('keyword'))).hits).toHaveLength(0);
  });

  it.each(['voy', 'quantised'] as const)(
    'gives the same ranking with the %s index as with the exact scan',
    async (kind) => {
      const store = await freshStore();
      const library = await Library.open(store);
      await library.setEmbedder(fakeEmbedder());
      for (const [i, text] of [
        'fog bell storms',
        'queen bee honey',
        'whale oil lamp',
        'glacier ice summer',
      ].entries()) {
        await library.ingest(
          item(`doc${i}.txt`, `${text} ${text} number ${i}`),
          chunking,
          () => {},
        );
      }
      const flat = await library.search('bee honey lamp', settings('vector'));
      await library.setIndexKind(kind);
      expect(library.indexKind).toBe(kind);
      const voy = await library.search('bee honey lamp', settings('vector'));
      // Equal scores (here the two unrelated documents, both 0) may come in either order.
      const ranked = (hits: typeof flat.hits) =>
        [...hits].sort(
          (a, b) => b.vectorScore! - a.vectorScore! || (a.chunkId < b.chunkId ? -1 : 1),
        );
      expect(flat.hits.length).toBe(4);
      expect(ranked(voy.hits).map((h) => h.chunkId)).toEqual(
        ranked(flat.hits).map((h) => h.chunkId),
      );
      expect(voy.hits[0]!.vectorScore).toBeGreaterThan(0.3);
      // Scores agree to float32 precision (the flat scan sums in SIMD lanes, the others in order).
      ranked(voy.hits).forEach((h, i) =>
        expect(h.vectorScore).toBeCloseTo(ranked(flat.hits)[i]!.vectorScore!, 6),
      );
    },
  );
});
