// buildPrompt (the one builder of chat and lab) with stand-ins for the library and the generator:
// no documents asks the library nothing, RAG numbers the hits as sources, full documents sends
// whole documents fitted to the window, and multi-query / HyDE search what the model wrote.
import { describe, expect, it, vi } from 'vitest';
import { buildPrompt, type PromptRequest } from '../../../src/lib/rag/buildPrompt';
import type { FullDocument } from '../../../src/lib/rag/prompt';
import type { SearchHit } from '../../../src/lib/search/searchHit';
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

/** A library whose search answers from a table of query → hits (default: none). */
function library(table: Record<string, SearchHit[]>, docs: FullDocument[] = []) {
  const search = vi.fn(async (query: string) => ({ hits: table[query] ?? [] }));
  const documents = vi.fn(async (_hits: readonly SearchHit[]) => docs);
  return { search, documents, library: { search, topK: 5, documents } };
}

/** A rough word counter: enough for the budget, and no model needed. */
const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;

function request(overrides: Partial<PromptRequest> & Pick<PromptRequest, 'library'>) {
  return {
    question: QUESTION,
    turns: [],
    mode: 'rag',
    contextWindow: 4096,
    countTokens,
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
  it('with no documents, searches nothing and sends the question alone after the history', async () => {
    const { search, documents, library: lib } = library({ [QUESTION]: HITS });
    const history: PromptMessage[] = [
      { role: 'user', content: 'Who keeps the light?' },
      { role: 'assistant', content: 'The keeper.' },
    ];
    const turns = [
      { question: 'Who keeps the light?', answer: 'The keeper.', fromDocuments: false },
    ];
    const built = await buildPrompt(
      request({ library: lib, mode: 'none', question: `  ${QUESTION} `, turns }),
    );
    expect(search).not.toHaveBeenCalled();
    expect(documents).not.toHaveBeenCalled();
    expect(built).toMatchObject({ mode: 'none', sources: [], history: record({ included: 1 }) });
    expect(built).not.toHaveProperty('noneFound');
    expect(built.messages[built.messages.length - 1]).toEqual({ role: 'user', content: QUESTION });
    expect(built.messages.slice(-3, -1)).toEqual(history);
    expect(built.messages.some((m) => m.content.includes('fog bell during storms'))).toBe(false);
  });

  it('with RAG, searches the question once and numbers the hits', async () => {
    const { search, documents, library: lib } = library({ [QUESTION]: HITS });
    const built = await buildPrompt(request({ library: lib }));
    expect(search).toHaveBeenCalledTimes(1);
    expect(search).toHaveBeenCalledWith(QUESTION);
    expect(documents).not.toHaveBeenCalled();
    expect(built.mode).toBe('rag');
    expect(built).not.toHaveProperty('noneFound');
    expect(built).not.toHaveProperty('preRetrieval');
    expect(built.sources.map((s) => [s.n, s.chunkId, s.score])).toEqual([
      [1, 'keeper#0', 0.9],
      [2, 'lamp#2', 0.7],
      [3, 'bees#1', 0.2],
    ]);
    expect(built.sources[0]).toMatchObject({
      docId: 'keeper',
      docName: 'keeper.md',
      headingPath: ['Keeper'],
      text: HITS[0]!.text,
    });
    expect(built.sources[1]!.page).toBe(3);
    expect(built.sources[0]).not.toHaveProperty('page');

    const last = lastContent(built.messages);
    const at = (s: string) => last.indexOf(s);
    expect(at('[1] (keeper.md › Keeper)')).toBeGreaterThanOrEqual(0);
    expect(at('[1] (')).toBeLessThan(at('[2] (lamp.md, page 3)'));
    expect(at('[2] (')).toBeLessThan(at('[3] (bees.md)'));
    expect(at('[3] (')).toBeLessThan(at(QUESTION));
  });

  it('marks noneFound and says the sources are empty when search finds nothing', async () => {
    const { search, library: lib } = library({});
    const built = await buildPrompt(request({ library: lib }));
    expect(search).toHaveBeenCalledTimes(1);
    expect(built).toMatchObject({ mode: 'rag', sources: [], noneFound: true, history: record() });
    expect(lastContent(built.messages)).toContain(NO_SOURCES_TEXT);
    expect(lastContent(built.messages)).toContain(QUESTION);
  });

  it('keeps only the sources that fit a small context window, still numbered from 1', async () => {
    const long = (id: string) => hit(id, `${id} ${'word '.repeat(200)}`.trim());
    const hits = [long('a#0'), long('b#0'), long('c#0'), long('d#0')];
    const { library: lib } = library({ [QUESTION]: hits });
    const built = await buildPrompt(request({ library: lib, contextWindow: 800 }));
    const ids = built.sources.map((s) => s.chunkId);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(hits.length);
    expect(ids).toEqual(hits.slice(0, ids.length).map((h) => h.chunkId));
    expect(built.sources.map((s) => s.n)).toEqual(ids.map((_, i) => i + 1));
    expect(built).not.toHaveProperty('noneFound');
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
        preRetrieval: {
          options: { multiQuery: true, hyde: false, rewrites: 2 },
          generate: rewrite,
        },
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

    const pre = built.preRetrieval!;
    expect(pre.queries[0]).toBe(QUESTION);
    expect(pre.queries).toEqual([QUESTION, 'fog bell schedule', 'when is the bell rung']);
    expect(pre.hypothetical).toBeUndefined();
    expect(pre.cost).toMatchObject({ promptTokens: 30, completionTokens: 12 });
    // The fused list: every distinct hit once, the one found twice first.
    expect(built.sources.map((s) => s.chunkId).sort()).toEqual(
      ['bees#1', 'keeper#0', 'lamp#2'].sort(),
    );
    expect(built.sources[0]!.chunkId).toBe('keeper#0');
    expect(built.sources.map((s) => s.n)).toEqual([1, 2, 3]);
  });

  it('searches once when pre-retrieval is off', async () => {
    const table = { [QUESTION]: HITS };
    const off = library(table);
    const rewrite = vi.fn(async () => ({ text: 'x y z', promptTokens: 1, completionTokens: 1 }));
    const offBuilt = await buildPrompt(
      request({
        library: off.library,
        preRetrieval: {
          options: { multiQuery: false, hyde: false, rewrites: 2 },
          generate: rewrite,
        },
      }),
    );
    expect(off.search).toHaveBeenCalledTimes(1);
    expect(rewrite).not.toHaveBeenCalled();
    expect(offBuilt).not.toHaveProperty('preRetrieval');
  });

  it('with HyDE, asks the model once for a passage and searches it beside the question', async () => {
    const passage = 'The keeper rings the bell whenever fog rolls in.';
    const { search, library: lib } = library({
      [QUESTION]: [HITS[1]!],
      [passage]: [HITS[0]!],
    });
    const generate = vi.fn(async (_messages: PromptMessage[]) => ({
      text: ` ${passage} `,
      promptTokens: 20,
      completionTokens: 10,
    }));
    const built = await buildPrompt(
      request({
        library: lib,
        preRetrieval: { options: { multiQuery: false, hyde: true, rewrites: 3 }, generate },
      }),
    );
    expect(generate).toHaveBeenCalledTimes(1);
    expect(search.mock.calls.map((c) => c[0])).toEqual([QUESTION, passage]);
    expect(built.preRetrieval).toMatchObject({
      queries: [QUESTION, passage],
      hypothetical: passage,
    });
    // Fused: the hit only HyDE found is among the sources.
    expect(built.sources.map((s) => s.chunkId).sort()).toEqual(['keeper#0', 'lamp#2']);
  });

  it('calls no rewrite with no documents or full documents, whatever the options', async () => {
    const docs = [{ docId: 'keeper', name: 'keeper.md', text: HITS[0]!.text }];
    for (const mode of ['none', 'full'] as const) {
      const { search, library: lib } = library({ [QUESTION]: HITS }, docs);
      const generate = vi.fn(async () => ({ text: 'x', promptTokens: 1, completionTokens: 1 }));
      const options = { multiQuery: true, hyde: true, rewrites: 2 };
      const built = await buildPrompt(
        request({ library: lib, mode, preRetrieval: { options, generate } }),
      );
      expect(generate).not.toHaveBeenCalled();
      expect(search).toHaveBeenCalledTimes(mode === 'full' ? 1 : 0);
      expect(built).not.toHaveProperty('preRetrieval');
    }
  });

  it('with full documents, sends the documents whole in the order given, numbered from 1', async () => {
    const docs: FullDocument[] = [
      { docId: 'keeper', name: 'keeper.md', text: 'The keeper rings the fog bell. He lives here.' },
      { docId: 'lamp', name: 'lamp.md', text: 'The lamp burns whale oil every night.' },
    ];
    const { search, documents, library: lib } = library({ [QUESTION]: HITS }, docs);
    const built = await buildPrompt(request({ library: lib, mode: 'full' }));
    // One search, only to order the documents (its hits are handed to the loader).
    expect(search).toHaveBeenCalledTimes(1);
    expect(documents).toHaveBeenCalledWith(HITS);
    expect(built.mode).toBe('full');
    expect(built.sources.map((s) => [s.n, s.docId, s.docName, s.chunkId])).toEqual([
      [1, 'keeper', 'keeper.md', ''],
      [2, 'lamp', 'lamp.md', ''],
    ]);
    expect(built.sources[0]!.text).toBe(docs[0]!.text);
    expect(built).not.toHaveProperty('droppedDocuments');
    const last = lastContent(built.messages);
    expect(last).toContain(`[1] (keeper.md)\n${docs[0]!.text}`);
    expect(last.indexOf('[2] (lamp.md)')).toBeLessThan(last.indexOf(QUESTION));
  });

  it('with full documents in a small window, keeps the ones that fit whole and counts the rest', async () => {
    const big = (id: string, n: number): FullDocument => ({
      docId: id,
      name: `${id}.md`,
      text: `${id} ${'word '.repeat(n)}`.trim(),
    });
    const docs = [big('huge', 900), big('small', 50), big('medium', 200), big('tiny', 10)];
    const { library: lib } = library({}, docs);
    const built = await buildPrompt(request({ library: lib, mode: 'full', contextWindow: 700 }));
    // The huge one is skipped, not cut; later ones that fit still go in, renumbered from 1.
    expect(built.sources.map((s) => s.docId)).toEqual(['small', 'medium', 'tiny']);
    expect(built.sources.map((s) => s.n)).toEqual([1, 2, 3]);
    expect(built.droppedDocuments).toBe(1);
    expect(built.promptTokens).toBeLessThanOrEqual(700 - 256);
  });
});
