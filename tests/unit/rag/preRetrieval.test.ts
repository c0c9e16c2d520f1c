// Multi-query and HyDE around a stand-in model and search: which queries are searched, how the
// lists are fused, what the extra calls cost, and that nothing extra runs when both are off.
import { describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../../src/lib/library/protocol';
import type { SearchHit } from '../../../src/lib/search/searchHit';
import { parseRewrites, retrieveWithOptions } from '../../../src/lib/rag/preRetrieval';

const hit = (id: string): SearchHit => ({
  chunkId: id,
  docId: id.split('#')[0]!,
  docName: `${id}.md`,
  text: id,
  start: 0,
  end: 1,
  headingPath: [],
  score: 1,
  matchedTerms: [],
});
const response = (ids: string[]): SearchResponse => ({
  hits: ids.map(hit),
  mode: 'hybrid',
  timings: { embedMs: 0, keywordMs: 0, vectorMs: 0, fuseMs: 0, rerankMs: 0, totalMs: 0 },
});
const index: Record<string, string[]> = {
  'what is the per diem': ['a#0', 'b#0'],
  'daily meal allowance': ['c#0', 'a#0'],
  'per diem amount': ['a#0'],
  'The per diem is 62 euros a day.': ['c#0', 'd#0'],
};

function deps(rewrites: string, hyde = 'The per diem is 62 euros a day.') {
  const searched: string[] = [];
  const prompts: string[] = [];
  return {
    searched,
    prompts,
    generate: async (messages: { role: string; content: string }[]) => {
      prompts.push(messages[0]!.content);
      const text = messages[0]!.content.startsWith('Rewrite') ? rewrites : hyde;
      return { text, promptTokens: 10, completionTokens: 5 };
    },
    search: async (q: string) => {
      searched.push(q);
      return response(index[q] ?? []);
    },
  };
}

describe('pre-retrieval', () => {
  it('parses rewrites: strips numbering and bullets, drops repeats and the question itself', () => {
    expect(
      parseRewrites(
        '1. daily meal allowance\n- per diem amount\n\nwhat is the per diem\n2) per diem amount\n"food money"',
        'What is the per diem',
        5,
      ),
    ).toEqual(['daily meal allowance', 'per diem amount', 'food money']);
  });

  it('searches only the question, with no model call, when both options are off', async () => {
    const d = deps('');
    const r = await retrieveWithOptions(
      'what is the per diem',
      { multiQuery: false, hyde: false, rewrites: 3 },
      d,
      5,
    );
    expect(d.searched).toEqual(['what is the per diem']);
    expect(d.prompts).toEqual([]);
    expect(r.hits.map((h) => h.chunkId)).toEqual(['a#0', 'b#0']);
    expect(r.cost.promptTokens).toBe(0);
  });

  it('fuses the question, its rewrites and a hypothetical answer by RRF and reports the cost', async () => {
    const d = deps('daily meal allowance\nper diem amount');
    const r = await retrieveWithOptions(
      'what is the per diem',
      { multiQuery: true, hyde: true, rewrites: 2 },
      d,
      3,
    );
    expect(r.queries).toEqual([
      'what is the per diem',
      'daily meal allowance',
      'per diem amount',
      'The per diem is 62 euros a day.',
    ]);
    expect(d.searched).toEqual(r.queries);
    // a#0 is in three lists, c#0 in two (first in both), b#0 and d#0 in one each.
    expect(r.hits.map((h) => h.chunkId)).toEqual(['a#0', 'c#0', 'b#0']);
    expect(r.hits[0]!.fusedScore).toBeCloseTo(1 / 61 + 1 / 62 + 1 / 61, 10);
    expect(r.hypothetical).toBe('The per diem is 62 euros a day.');
    expect(r.cost).toMatchObject({ promptTokens: 20, completionTokens: 10 });
    expect(r.cost.generateMs).toBeGreaterThanOrEqual(0);
  });
});
