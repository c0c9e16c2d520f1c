// Editing a document's text (Library.updateText) with the library's real parts on fake-indexeddb:
// the new fact is found and the old one is gone in every mode, the chunks are replaced under the
// same id, and every refusal or failure leaves the old version whole.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/lib/library/Library';
import type { IngestItem } from '../../../src/lib/library/protocol';
import type { ChunkRecord, SearchSettings } from '../../../src/lib/library/types';
import { openLibraryStore, type LibraryStore } from '../../../src/lib/library/LibraryStore';
import { RagtuneError } from '../../../src/lib/errors';
import { fakeEmbedder } from './fakeEmbedder';

const chunking = { maxTokens: 40, overlapTokens: 5 };
const item = (name: string, text: string): IngestItem => ({
  name,
  bytes: new TextEncoder().encode(text).buffer as ArrayBuffer,
  source: 'file',
});
const settings = (mode: SearchSettings['mode']): SearchSettings => ({
  mode,
  topK: 5,
  threshold: 0,
  rerank: false,
});
const MODES = ['keyword', 'vector', 'hybrid'] as const;
const noop = () => {};

const ORIGINAL =
  '# Harbour\n\nThe ferry to Wexholm leaves at seven from pier nine.\n\n' +
  '## Lighthouse\n\nThe lighthouse keeper polishes the brass lantern every evening.';
const EDITED = ORIGINAL.replace('at seven from pier nine', 'at noon from quay twelve');
const OTHER = 'The orchard grows crisp apples and pears beside the river meadow.';

let n = 0;
async function setUp(): Promise<{
  name: string;
  store: LibraryStore;
  library: Library;
  id: string;
  embedder: ReturnType<typeof fakeEmbedder>;
}> {
  const name = `edit-test-${++n}`;
  const store = await openLibraryStore(name);
  const library = await Library.open(store);
  const embedder = fakeEmbedder();
  await library.setEmbedder(embedder);
  const outcome = await library.ingest(item('harbour.md', ORIGINAL), chunking, noop);
  await library.ingest(item('orchard.txt', OTHER), chunking, noop);
  await library.flush();
  return { name, store, library, id: outcome.docId!, embedder };
}

/** Every text the search returns for the query in this mode, joined. */
async function found(library: Library, query: string, mode: SearchSettings['mode']) {
  const { hits, mode: used } = await library.search(query, settings(mode));
  expect(used).toBe(mode);
  return hits.map((h) => h.text).join('\n');
}

async function expectOriginal(store: LibraryStore, library: Library, id: string) {
  expect(await store.getText(id)).toBe(ORIGINAL);
  const chunks = await store.getChunks(id);
  expect(chunks.map((c) => c.text).join(' ')).toContain('pier nine');
  expect(chunks.map((c) => c.text).join(' ')).not.toContain('quay twelve');
  expect((await store.getDocument(id))?.editedAt).toBeUndefined();
  expect(library.getDocument(id)?.chunkCount).toBe(chunks.length);
  for (const mode of MODES) {
    expect(await found(library, 'ferry pier nine', mode)).toContain('pier nine');
    expect(await found(library, 'ferry quay twelve', mode)).not.toContain('quay twelve');
  }
}

describe('Library.updateText', () => {
  it('replaces text, chunks and vectors: the new fact is found and the old one is gone', async () => {
    const { name, store, library, id } = await setUp();
    const before = library.getDocument(id)!;
    const oldChunks = await store.getChunks(id);
    const oldVectors = (await store.allVectorBlocks()).find((b) => b.docId === id)!;
    // Search finds the old fact first, so the checks below can fail.
    expect(await found(library, 'ferry pier nine', 'keyword')).toContain('pier nine');

    const stages: string[] = [];
    const outcome = await library.updateText(
      id,
      `${EDITED}\n\nA new section.\n\n## Tides\n\nHigh tide floods the slipway at dusk.`,
      chunking,
      (s) => stages.push(s),
    );
    expect(outcome.changed).toBe(true);
    expect(stages).toEqual(
      expect.arrayContaining(['reading', 'chunking', 'embedding', 'indexing', 'done']),
    );

    const meta = outcome.meta;
    expect(meta).toMatchObject({ id, name: 'harbour.md', format: 'md', addedAt: before.addedAt });
    expect(meta.contentHash).not.toBe(before.contentHash);
    expect(meta.updatedAt).toBeGreaterThanOrEqual(before.updatedAt);
    expect(meta.editedAt).toBe(meta.updatedAt);
    expect(meta.status).toBe('indexed');
    expect(await store.getDocument(id)).toEqual(meta);
    expect(library.getDocument(id)).toEqual(meta);
    expect(library.documents).toHaveLength(2);

    const text = (await store.getText(id))!;
    expect(text).toContain('at noon from quay twelve');
    expect(text).not.toContain('pier nine');
    const chunks = await store.getChunks(id);
    expect(chunks.length).toBe(meta.chunkCount);
    expect(chunks.length).toBeGreaterThan(oldChunks.length);
    expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => `${id}#${i}`));
    for (const c of chunks) expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(chunks.map((c) => c.text).join(' ')).not.toContain('pier nine');
    const vectors = (await store.allVectorBlocks()).filter((b) => b.docId === id);
    expect(vectors).toHaveLength(1);
    expect(vectors[0]!.vectors.length).toBe(chunks.length * vectors[0]!.dim);
    expect(vectors[0]!.vectors).not.toEqual(oldVectors.vectors);

    for (const mode of MODES) {
      expect(await found(library, 'ferry quay twelve noon', mode)).toContain('quay twelve');
      expect(await found(library, 'ferry pier nine seven', mode)).not.toContain('pier nine');
      expect(await found(library, 'slipway tide', mode)).toContain('slipway');
      // The other document is untouched.
      expect(await found(library, 'orchard apples', mode)).toContain('orchard');
    }

    // A reopen restores the same state from storage (keyword snapshot and vectors).
    const reopened = await Library.open(await openLibraryStore(name));
    const embedder = fakeEmbedder();
    await reopened.setEmbedder(embedder);
    expect(embedder.calls).toBe(0);
    expect(reopened.getDocument(id)).toEqual(meta);
    for (const mode of MODES) {
      expect(await found(reopened, 'ferry quay twelve', mode)).toContain('quay twelve');
      expect(await found(reopened, 'ferry pier nine', mode)).not.toContain('pier nine');
    }
  });

  it('a shorter text drops the chunks it no longer has, from the store and both indexes', async () => {
    const { store, library, id } = await setUp();
    expect((await store.getChunks(id)).length).toBeGreaterThan(1);
    const { meta } = await library.updateText(id, 'The ferry leaves at noon.', chunking, noop);
    expect(meta.chunkCount).toBe(1);
    const total = library.documents.reduce((sum, d) => sum + d.chunkCount, 0);
    expect(library.keywordCount).toBe(total);
    expect(library.vectorCount).toBe(total);
    expect((await store.getChunks(id)).map((c) => c.id)).toEqual([`${id}#0`]);
    for (const mode of MODES) {
      expect(await found(library, 'lighthouse keeper brass lantern', mode)).not.toContain(
        'lantern',
      );
    }
  });

  it('leaves the old version whole when the embedder fails or the edit is cancelled', async () => {
    const { store, library, id, embedder } = await setUp();
    const before = library.getDocument(id);
    const original = embedder.embed;
    // Passages fail (the edit's chunks); queries still embed, so vector search can be checked.
    embedder.embed = async (texts, kind) => {
      if (kind === 'passage') throw new RagtuneError('model-unavailable', 'model crashed');
      return original(texts, kind);
    };
    await expect(library.updateText(id, EDITED, chunking, noop)).rejects.toThrow('model crashed');
    expect(library.getDocument(id)).toEqual(before);
    await expectOriginal(store, library, id);

    embedder.embed = original;
    const controller = new AbortController();
    const cancelled = library.updateText(
      id,
      EDITED,
      chunking,
      (stage) => stage === 'embedding' && controller.abort(),
      controller.signal,
    );
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(library.getDocument(id)).toEqual(before);
    await expectOriginal(store, library, id);
  });

  it('a write that fails inside the transaction keeps the old text, chunks and vectors', async () => {
    const { store, library, id } = await setUp();
    const meta = library.getDocument(id)!;
    const oldVectors = (await store.allVectorBlocks()).find((b) => b.docId === id);
    // A chunk IndexedDB cannot store (a function does not clone): the put fails after the old
    // content's deletes were queued in the same transaction, so the whole swap must roll back.
    const bad = {
      id: `${id}#0`,
      docId: id,
      ordinal: 0,
      text: 'The ferry leaves at noon.',
      start: 0,
      end: 25,
      headingPath: [],
      tokens: 5,
      unclonable: () => {},
    } as unknown as ChunkRecord;
    await expect(
      store.updateDocument({ ...meta, chunkCount: 1 }, 'The ferry leaves at noon.', [bad]),
    ).rejects.toBeInstanceOf(RagtuneError);
    expect((await store.allVectorBlocks()).find((b) => b.docId === id)).toEqual(oldVectors);
    await expectOriginal(store, library, id);
  });

  it('refuses an empty text and another document’s text, changing nothing', async () => {
    const { store, library, id, embedder } = await setUp();
    const before = library.getDocument(id);
    const calls = embedder.calls;
    for (const empty of ['', '  \n\n\t  ']) {
      const error = await library.updateText(id, empty, chunking, noop).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RagtuneError);
      expect(error).toMatchObject({ code: 'empty' });
      expect((error as Error).message).toMatch(/empty.*harbour\.md|harbour\.md.*empty/);
    }
    const duplicate = library.updateText(id, `${OTHER}\n`, chunking, noop);
    await expect(duplicate).rejects.toMatchObject({ code: 'duplicate' });
    await expect(duplicate).rejects.toThrow('orchard.txt');
    expect(embedder.calls).toBe(calls);
    expect(library.getDocument(id)).toEqual(before);
    await expectOriginal(store, library, id);
  });

  it('a text that normalises to the stored one changes nothing and embeds nothing', async () => {
    const { store, library, id, embedder } = await setUp();
    const before = library.getDocument(id);
    const calls = embedder.calls;
    const outcome = await library.updateText(id, `\r\n${ORIGINAL}   \r\n\r\n`, chunking, noop);
    expect(outcome).toEqual({ meta: before, changed: false });
    expect(embedder.calls).toBe(calls);
    await expectOriginal(store, library, id);
  });

  it('without a model the edit is keyword-only and its stale vectors go, to be re-embedded later', async () => {
    const { store, library, id } = await setUp();
    await library.setEmbedder(null);
    const { meta } = await library.updateText(id, EDITED, chunking, noop);
    expect(meta.status).toBe('keyword-only');
    expect(meta.embeddingModel).toBeUndefined();
    expect((await store.allVectorBlocks()).some((b) => b.docId === id)).toBe(false);
    expect(await found(library, 'quay twelve', 'keyword')).toContain('quay twelve');

    await library.setEmbedder(fakeEmbedder());
    expect(library.staleDocuments.map((d) => d.id)).toEqual([id]);
    await library.reembed(id);
    expect(await found(library, 'ferry quay twelve', 'vector')).toContain('quay twelve');
    expect(await found(library, 'ferry pier nine', 'vector')).not.toContain('pier nine');
  });

  it('an edited PDF keeps its format, is marked edited and loses its page numbers', async () => {
    const store = await openLibraryStore(`edit-test-${++n}`);
    const library = await Library.open(store);
    const text = 'Glacier report.\n\nThe glacier retreats forty metres each summer.';
    await library.addPrepared({
      meta: {
        id: 'pdf1',
        name: 'glacier.pdf',
        format: 'pdf',
        bytes: 9000,
        chars: text.length,
        contentHash: 'h',
        chunkCount: 1,
        pageCount: 2,
        addedAt: 1,
        updatedAt: 1,
        status: 'keyword-only',
      },
      text,
      chunks: [
        {
          id: 'pdf1#0',
          docId: 'pdf1',
          ordinal: 0,
          text,
          start: 0,
          end: text.length,
          headingPath: [],
          page: 1,
          tokens: 9,
        },
      ],
    });
    const edited = text.replace('forty', 'sixty');
    const { meta } = await library.updateText('pdf1', edited, chunking, noop);
    expect(meta).toMatchObject({ format: 'pdf', name: 'glacier.pdf', addedAt: 1 });
    expect(meta.editedAt).toBeGreaterThan(1);
    expect(meta.pageCount).toBeUndefined();
    expect(meta.bytes).toBe(new TextEncoder().encode(edited).byteLength);
    expect((await store.getChunks('pdf1')).every((c) => c.page === undefined)).toBe(true);
    expect(await found(library, 'glacier sixty', 'keyword')).toContain('sixty metres');
  });

  it('says so when the document is gone', async () => {
    const { library, id } = await setUp();
    await library.delete(id);
    await expect(library.updateText(id, EDITED, chunking, noop)).rejects.toThrow(/no longer/);
  });
});
