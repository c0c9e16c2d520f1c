// The context every arm of one question shares: documents ordered by their best hit, one search
// only when an arm needs hits, and whole documents read from the library once, on first use.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import type { DocumentView, SearchResponse } from '../../../src/lib/library/protocol';
import type { DocumentMeta, SearchMode, SearchSettings } from '../../../src/lib/library/types';
import type { SearchHit } from '../../../src/lib/search/searchHit';
import { prepareShared, type LibraryAccess } from '../../../src/lib/lab/sharedContext';
import { documentsByRelevance } from '../../../src/lib/rag/fullDocuments';
import type { Arm } from '../../../src/lib/lab/types';
import { makeDoc } from '../store/fixtures';
import { hit } from '../rag/hits';
import { arm, QWEN, TINY } from './arms';

const QUESTION = 'What is the per diem abroad?';

const metas = (...ids: string[]): DocumentMeta[] => ids.map((id) => makeDoc(id).meta);
const hitIn = (docId: string, n: number): SearchHit =>
  hit(`${docId}-${n}`, `Passage ${n} of ${docId}.`, { docId, chunkId: `${docId}#${n}` });

const ids = (docs: readonly { id: string }[]) => docs.map((d) => d.id);

describe('documentsByRelevance', () => {
  it('puts documents in the order of their best hit, then the rest as listed', () => {
    const docs = metas('alpha', 'beta', 'gamma', 'delta', 'epsilon');
    const hits = [hitIn('gamma', 1), hitIn('alpha', 4), hitIn('gamma', 2), hitIn('delta', 0)];
    expect(ids(documentsByRelevance(docs, hits))).toEqual([
      'gamma',
      'alpha',
      'delta',
      'beta',
      'epsilon',
    ]);
  });

  it('keeps the listed order without hits and ignores hits of unknown documents', () => {
    const docs = metas('c', 'a', 'b');
    expect(ids(documentsByRelevance(docs, []))).toEqual(['c', 'a', 'b']);
    expect(ids(documentsByRelevance(docs, [hitIn('gone', 0), hitIn('b', 1)]))).toEqual([
      'b',
      'c',
      'a',
    ]);
  });

  it('does not change the list it was given', () => {
    const docs = metas('a', 'b');
    documentsByRelevance(docs, [hitIn('b', 0)]);
    expect(ids(docs)).toEqual(['a', 'b']);
  });
});

/** A library whose search returns `hits` and whose documents are `docs` (texts by id). */
function library(hits: SearchHit[], texts: Record<string, string>, ran: SearchMode = 'hybrid') {
  const search = vi.fn(
    async (_query: string, _settings?: Partial<SearchSettings>): Promise<SearchResponse> => ({
      hits,
      mode: ran,
      timings: { embedMs: 0, keywordMs: 0, vectorMs: 0, fuseMs: 0, rerankMs: 0, totalMs: 0 },
    }),
  );
  const getDocument = vi.fn(async (id: string): Promise<DocumentView | undefined> => {
    const text = texts[id];
    if (text === undefined) return undefined;
    const { meta, chunks } = makeDoc(id);
    return { meta: { ...meta, name: `${id}.md` }, text, chunks };
  });
  const access: LibraryAccess = { search, getDocument };
  return { search, getDocument, access };
}

const SEARCH = DEFAULT_SETTINGS.search;

describe('prepareShared', () => {
  it('searches nothing when every arm goes without documents', async () => {
    const lib = library([hitIn('a', 0)], { a: 'A' });
    const arms: Arm[] = [arm(QWEN, 'none'), arm(TINY, 'none')];
    // A clock that moves 40 ms between its readings: what is measured is the code's, not the machine's.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 40));
    const shared = await prepareShared(QUESTION, arms, lib.access, metas('a'), SEARCH);
    now.mockRestore();
    expect(lib.search).not.toHaveBeenCalled();
    expect(shared.question).toBe(QUESTION);
    expect(shared.hits).toEqual([]);
    expect(shared.retrievalMs).toBe(40);
  });

  it('searches once, with the comparison’s settings, however many arms need the hits', async () => {
    const hits = [hitIn('b', 0), hitIn('a', 1)];
    const lib = library(hits, { a: 'A', b: 'B' });
    const arms: Arm[] = [arm(QWEN, 'rag'), arm(TINY, 'rag'), arm(QWEN, 'full'), arm(TINY)];
    const search = { ...SEARCH, topK: 3 };
    const shared = await prepareShared(QUESTION, arms, lib.access, metas('a', 'b'), search);
    expect(lib.search).toHaveBeenCalledTimes(1);
    expect(lib.search).toHaveBeenCalledWith(QUESTION, search);
    expect(shared.hits).toEqual(hits);
    expect(shared.mode).toBe('hybrid');
  });

  it('records the mode the search ran, not the one asked for (keyword without a model)', async () => {
    const lib = library([hitIn('a', 0)], { a: 'A' }, 'keyword');
    const shared = await prepareShared(
      QUESTION,
      [arm(QWEN, 'rag')],
      lib.access,
      metas('a'),
      SEARCH,
    );
    expect(SEARCH.mode).toBe('hybrid');
    expect(shared.mode).toBe('keyword');
    // A saved retrieval keeps the mode it ran with; no search, no mode.
    const saved = { hits: [hitIn('a', 0)], retrievalMs: 3, mode: 'vector' as const };
    const resumed = await prepareShared(
      QUESTION,
      [arm(QWEN, 'rag')],
      lib.access,
      [],
      SEARCH,
      saved,
    );
    expect(resumed.mode).toBe('vector');
    const none = await prepareShared(QUESTION, [arm(QWEN, 'none')], lib.access, [], SEARCH);
    expect(none.mode).toBeUndefined();
  });

  it('takes a saved retrieval instead of searching again (a resumed run is fair to finished arms)', async () => {
    const lib = library([hitIn('a', 0)], { a: 'A', b: 'B' });
    const saved = { hits: [hitIn('b', 3), hitIn('a', 1)], retrievalMs: 12.5 };
    const shared = await prepareShared(
      QUESTION,
      [arm(QWEN, 'rag'), arm(TINY, 'full')],
      lib.access,
      metas('a', 'b'),
      SEARCH,
      saved,
    );
    expect(lib.search).not.toHaveBeenCalled();
    expect(shared.hits).toEqual(saved.hits);
    expect(shared.retrievalMs).toBe(12.5);
    expect((await shared.documents()).map((d) => d.docId)).toEqual(['b', 'a']);
  });

  it('searches for a full-documents arm alone (the hits order its documents)', async () => {
    const lib = library([hitIn('b', 0)], { a: 'Text of a.', b: 'Text of b.' });
    const shared = await prepareShared(
      QUESTION,
      [arm(QWEN, 'full')],
      lib.access,
      metas('a', 'b'),
      SEARCH,
    );
    expect(lib.search).toHaveBeenCalledTimes(1);
    expect(await shared.documents()).toEqual([
      { docId: 'b', name: 'b.md', text: 'Text of b.' },
      { docId: 'a', name: 'a.md', text: 'Text of a.' },
    ]);
  });

  it('reads whole documents only when asked, once, and skips those gone from the library', async () => {
    const lib = library([hitIn('c', 0)], { a: 'Text of a.', c: 'Text of c.' });
    const shared = await prepareShared(
      QUESTION,
      [arm(QWEN, 'rag'), arm(TINY, 'full')],
      lib.access,
      metas('a', 'b', 'c'),
      SEARCH,
    );
    expect(lib.getDocument).not.toHaveBeenCalled();
    const [first, second] = await Promise.all([shared.documents(), shared.documents()]);
    const third = await shared.documents();
    expect(first).toBe(second);
    expect(third).toBe(first);
    expect(lib.getDocument.mock.calls.map(([id]) => id)).toEqual(['c', 'a', 'b']);
    expect(first.map((d) => d.docId)).toEqual(['c', 'a']);
  });

  it('gives the builder the shared search for the question and real searches for other queries', async () => {
    const hits = [hitIn('a', 0)];
    const lib = library(hits, { a: 'A' });
    const arms: Arm[] = [arm(QWEN, 'rag'), { ...arm(TINY, 'rag'), preRetrieval: PRE }];
    const shared = await prepareShared(QUESTION, arms, lib.access, metas('a'), SEARCH);
    expect(lib.search).toHaveBeenCalledTimes(1);
    // Every arm asking for the question gets the one retrieval: no second search.
    expect((await shared.library.search(QUESTION)).hits).toBe(hits);
    expect((await shared.library.search(QUESTION)).hits).toBe(hits);
    expect(lib.search).toHaveBeenCalledTimes(1);
    // A rewrite or a hypothetical answer is searched for real, with the comparison's settings.
    await shared.library.search('a hypothetical answer');
    expect(lib.search).toHaveBeenCalledTimes(2);
    expect(lib.search).toHaveBeenLastCalledWith('a hypothetical answer', SEARCH);
    expect(shared.library.topK).toBe(SEARCH.topK);
    expect(await shared.library.documents(hits)).toBe(await shared.documents());
  });
});

const PRE = { multiQuery: false, hyde: true };
