// buildPrompt with stand-ins for the library client and the generator: RAG off asks the library
// nothing, RAG on numbers the hits as sources, and multi-query searches the question and rewrites.
import { describe, expect, it, vi } from 'vitest';
import { buildPrompt, type PromptRequest } from '../../../src/lib/state/ragFlow';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import type { LibraryClient } from '../../../src/lib/library/libraryClient';
import type { LibrarySettings, SearchResponse } from '../../../src/lib/library/protocol';
import type { SearchHit, SearchSettings } from '../../../src/lib/library/types';
import type { HistoryRecord, PromptMessage } from '../../../src/lib/chat/types';
import { NO_SOURCES_TEXT } from '../../../src/lib/rag/sources';

const QUESTION = 'When does the keeper ring the fog bell?';

const hit = (id: string, text: string, extra: Partial<SearchHit> = {}): SearchHit => ({
  chunkId: id,
  docId: id.split('#')[0]!,
  docName: `${id.split('#')[0]!}.md`,
  text,
  start: 0,
  end: text.length,
  headingPath: [],
  score: 1,
  matchedTerms: [],
  ...extra,
});

const HITS = [
  hit('keeper#0', 'The keeper rings the fog bell during storms.', {
    headingPath: ['Keeper'],
    score: 0.9,
  }),
  hit('lamp#2', 'The lamp burns whale oil every night.', { page: 3, score: 0.7 }),
  hit('bees#1', 'The queen bee lays eggs in spring.', { score: 0.2 }),
];

const response = (hits: SearchHit[]): SearchResponse => ({
  hits,
  mode: 'hybrid',
  timings: { embedMs: 0, keywordMs: 0, vectorMs: 0, fuseMs: 0, rerankMs: 0, totalMs: 0 },
});

/** A library whose search answers from a table of query → hits (default: none). */
function library(
  table: Record<string, SearchHit[]>,
  { settings }: { settings?: LibrarySettings } = { settings: DEFAULT_SETTINGS },
) {
  const search = vi.fn(async (query: string, _settings?: Partial<SearchSettings>) =>
    response(table[query] ?? []),
  );
  const client = { search } as unknown as LibraryClient;
  return { search, library: { client, settings } };
}

/** A rough word counter: enough for the budget, and no model needed. */
const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;

function request(overrides: Partial<PromptRequest> & Pick<PromptRequest, 'library'>) {
  return {
    question: QUESTION,
    turns: [],
    ragOn: true,
    generator: { contextWindow: 4096, countTokens },
    maxAnswerTokens: 256,
    ...overrides,
  } satisfies PromptRequest;
}

const record = (extra: Partial<HistoryRecord> = {}): HistoryRecord => ({
  included: 0,
  leftOutFromDocuments: 0,
  droppedToFit: 0,
  documentText: false,
  keepFull: false,
  ...extra,
});

const lastContent = (messages: PromptMessage[]) => messages[messages.length - 1]!.content;

describe('buildPrompt', () => {
  it('with RAG off, searches nothing and sends the question alone after the history', async () => {
    const { search, library: lib } = library({ [QUESTION]: HITS });
    const history: PromptMessage[] = [
      { role: 'user', content: 'Who keeps the light?' },
      { role: 'assistant', content: 'The keeper.' },
    ];
    const turns = [
      { question: 'Who keeps the light?', answer: 'The keeper.', fromDocuments: false },
    ];
    const built = await buildPrompt(
      request({ library: lib, ragOn: false, question: `  ${QUESTION} `, turns }),
    );
    expect(search).not.toHaveBeenCalled();
    expect(built.rag).toEqual({ on: false, sources: [], history: record({ included: 1 }) });
    expect(built.messages[built.messages.length - 1]).toEqual({ role: 'user', content: QUESTION });
    expect(built.messages.slice(-3, -1)).toEqual(history);
    expect(built.messages.some((m) => m.content.includes('fog bell during storms'))).toBe(false);
  });

  it('with RAG on, searches the question with the library’s settings and numbers the hits', async () => {
    const { search, library: lib } = library({ [QUESTION]: HITS });
    const built = await buildPrompt(request({ library: lib }));
    expect(search).toHaveBeenCalledTimes(1);
    expect(search).toHaveBeenCalledWith(QUESTION, DEFAULT_SETTINGS.search);
    expect(built.rag.on).toBe(true);
    expect(built.rag).not.toHaveProperty('noneFound');
    expect(built.rag).not.toHaveProperty('preRetrieval');
    expect(built.rag.sources.map((s) => [s.n, s.chunkId, s.score])).toEqual([
      [1, 'keeper#0', 0.9],
      [2, 'lamp#2', 0.7],
      [3, 'bees#1', 0.2],
    ]);
    expect(built.rag.sources[0]).toMatchObject({
      docId: 'keeper',
      docName: 'keeper.md',
      headingPath: ['Keeper'],
      text: HITS[0]!.text,
    });
    expect(built.rag.sources[1]!.page).toBe(3);
    expect(built.rag.sources[0]).not.toHaveProperty('page');

    const last = lastContent(built.messages);
    const at = (s: string) => last.indexOf(s);
    expect(at('[1] (keeper.md › Keeper)')).toBeGreaterThanOrEqual(0);
    expect(at('[1] (')).toBeLessThan(at('[2] (lamp.md, page 3)'));
    expect(at('[2] (')).toBeLessThan(at('[3] (bees.md)'));
    expect(at('[3] (')).toBeLessThan(at(QUESTION));
  });

  it('searches without settings when the library has not loaded them', async () => {
    const { search, library: lib } = library({ [QUESTION]: HITS.slice(0, 1) }, {});
    const built = await buildPrompt(request({ library: lib }));
    expect(search).toHaveBeenCalledWith(QUESTION, undefined);
    expect(built.rag.sources).toHaveLength(1);
  });

  it('marks noneFound and says the sources are empty when search finds nothing', async () => {
    const { search, library: lib } = library({});
    const built = await buildPrompt(request({ library: lib }));
    expect(search).toHaveBeenCalledTimes(1);
    expect(built.rag).toEqual({ on: true, sources: [], noneFound: true, history: record() });
    expect(lastContent(built.messages)).toContain(NO_SOURCES_TEXT);
    expect(lastContent(built.messages)).toContain(QUESTION);
  });

  it('keeps only the sources that fit a small context window, still numbered from 1', async () => {
    const long = (id: string) => hit(id, `${id} ${'word '.repeat(200)}`.trim());
    const hits = [long('a#0'), long('b#0'), long('c#0'), long('d#0')];
    const { library: lib } = library({ [QUESTION]: hits });
    const built = await buildPrompt(
      request({ library: lib, generator: { contextWindow: 800, countTokens } }),
    );
    const ids = built.rag.sources.map((s) => s.chunkId);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(hits.length);
    expect(ids).toEqual(hits.slice(0, ids.length).map((h) => h.chunkId));
    expect(built.rag.sources.map((s) => s.n)).toEqual(ids.map((_, i) => i + 1));
    expect(built.rag).not.toHaveProperty('noneFound');
  });

  it('with multi-query, searches the question and each rewrite and records the queries', async () => {
    const { search, library: lib } = library({
      [QUESTION]: [HITS[0]!],
      'fog bell schedule': [HITS[1]!, HITS[0]!],
      'when is the bell rung': [HITS[2]!],
    });
    const rewrite = vi.fn(async (_messages: PromptMessage[]) => ({
      text: '1. fog bell schedule\n2. when is the bell rung\n3. a third one not asked for',
      promptTokens: 30,
      completionTokens: 12,
    }));
    const built = await buildPrompt(
      request({
        library: lib,
        preRetrieval: { multiQuery: true, hyde: false, rewrites: 2 },
        rewrite,
      }),
    );
    expect(rewrite).toHaveBeenCalledTimes(1);
    expect(lastContent(rewrite.mock.calls[0]![0])).toBe(QUESTION);
    expect(search.mock.calls.length).toBeGreaterThan(1);
    expect(search.mock.calls.map((c) => c[0])).toEqual([
      QUESTION,
      'fog bell schedule',
      'when is the bell rung',
    ]);
    expect(search.mock.calls.every((c) => c[1] === DEFAULT_SETTINGS.search)).toBe(true);

    const pre = built.rag.preRetrieval!;
    expect(pre.queries[0]).toBe(QUESTION);
    expect(pre.queries).toEqual([QUESTION, 'fog bell schedule', 'when is the bell rung']);
    expect(pre.hypothetical).toBeUndefined();
    expect(pre.cost).toMatchObject({ promptTokens: 30, completionTokens: 12 });
    // The fused list: every distinct hit once, the one found twice first.
    expect(built.rag.sources.map((s) => s.chunkId).sort()).toEqual(
      ['bees#1', 'keeper#0', 'lamp#2'].sort(),
    );
    expect(built.rag.sources[0]!.chunkId).toBe('keeper#0');
    expect(built.rag.sources.map((s) => s.n)).toEqual([1, 2, 3]);
  });

  it('searches once when pre-retrieval is off or has no model to call', async () => {
    const table = { [QUESTION]: HITS };
    const off = library(table);
    const rewrite = vi.fn(async () => ({ text: 'x y z', promptTokens: 1, completionTokens: 1 }));
    const offBuilt = await buildPrompt(
      request({
        library: off.library,
        preRetrieval: { multiQuery: false, hyde: false, rewrites: 2 },
        rewrite,
      }),
    );
    expect(off.search).toHaveBeenCalledTimes(1);
    expect(rewrite).not.toHaveBeenCalled();
    expect(offBuilt.rag).not.toHaveProperty('preRetrieval');

    const noModel = library(table);
    const noModelBuilt = await buildPrompt(
      request({
        library: noModel.library,
        preRetrieval: { multiQuery: true, hyde: false, rewrites: 2 },
      }),
    );
    expect(noModel.search).toHaveBeenCalledTimes(1);
    expect(noModelBuilt.rag).not.toHaveProperty('preRetrieval');
    expect(noModelBuilt.rag.sources).toHaveLength(3);
  });
});
