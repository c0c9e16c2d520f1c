// KeywordIndex: BM25 with stop words and Porter stems, matched surface terms for highlighting,
// replacement and removal by id, and a JSON round trip that searches the same.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { KeywordIndex, termKey } from '../../../src/lib/search/keywordIndex';

const docs = [
  { id: 'run', text: 'She runs every morning before work.' },
  {
    id: 'kettle',
    text: 'Descale the kettle monthly; the kettle light blinks when it needs descaling.',
  },
  { id: 'kettle-once', text: 'A kettle, a teapot and some cups are in the kitchen cupboard.' },
  { id: 'trail', text: 'The Pinewood trail climbs to the ridge through old forest.' },
  { id: 'the', text: 'The the the of and to is it was.' },
];

function build(): KeywordIndex {
  const index = new KeywordIndex();
  index.add(docs);
  return index;
}

describe('KeywordIndex', () => {
  it('stems: “running” finds “runs”, and reports the query word that matched', () => {
    const hits = build().search('Running', 5);
    expect(hits.map((h) => h.id)).toEqual(['run']);
    expect(hits[0]?.matchedTerms).toEqual(['running']);
    expect(termKey('Running')).toBe(termKey('runs'));
    expect(
      build()
        .search('descale', 5)
        .map((h) => h.id),
    ).toEqual(['kettle']);
  });

  it('ignores stop words in queries and documents', () => {
    const index = build();
    expect(index.search('the and of', 5)).toEqual([]);
    expect(termKey('The')).toBeNull();
    const hits = index.search('the trail to the ridge', 5);
    expect(hits.map((h) => h.id)).toEqual(['trail']);
    expect(hits[0]?.matchedTerms.sort()).toEqual(['ridge', 'trail']);
  });

  it('ranks by BM25: more occurrences and more matched terms rank higher', () => {
    const index = build();
    const kettle = index.search('kettle', 5);
    expect(kettle.map((h) => h.id)).toEqual(['kettle', 'kettle-once']);
    expect(kettle[0]?.score).toBeGreaterThan(kettle[1]?.score ?? Infinity);
    const both = index.search('kettle cupboard', 5);
    expect(both[0]?.id).toBe('kettle-once');
    expect(both[0]?.matchedTerms.sort()).toEqual(['cupboard', 'kettle']);
    expect(index.search('kettle', 1).length).toBe(1);
    expect(index.search('kettle', 0)).toEqual([]);
  });

  it('matches any query term, not all: words found in different chunks return each chunk', () => {
    const index = build();
    // No chunk holds both words; an all-terms search would find nothing.
    const hits = index.search('descale pinewood', 5);
    expect(hits.map((h) => h.id).sort()).toEqual(['kettle', 'trail']);
    expect(hits.find((h) => h.id === 'kettle')?.matchedTerms).toEqual(['descale']);
    expect(hits.find((h) => h.id === 'trail')?.matchedTerms).toEqual(['pinewood']);
    // A chunk with both of the query's words still ranks above those with one.
    expect(index.search('kettle cupboard teapot', 5).map((h) => h.id)).toEqual([
      'kettle-once',
      'kettle',
    ]);
  });

  it('round-trips through JSON with identical results', async () => {
    const index = build();
    const restored = KeywordIndex.fromJSON(index.toJSON());
    expect(restored.size).toBe(index.size);
    for (const query of ['kettle', 'running trail', 'forest ridge descaling']) {
      expect(restored.search(query, 5)).toEqual(index.search(query, 5));
    }
    const loadedAsync = await KeywordIndex.fromJSONAsync(index.toJSON());
    expect(loadedAsync.search('kettle descale', 5)).toEqual(index.search('kettle descale', 5));
    restored.add([{ id: 'new', text: 'A new kettle arrived.' }]);
    expect(restored.search('arrived', 5).map((h) => h.id)).toEqual(['new']);
  });

  it('refuses unreadable or outdated snapshots with a storage error', async () => {
    for (const json of ['not json', '{"format":0,"index":{}}', '{"format":1,"index":{}}']) {
      const error = (() => {
        try {
          KeywordIndex.fromJSON(json);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(RagtuneError);
      expect((error as RagtuneError).code).toBe('storage');
      await expect(KeywordIndex.fromJSONAsync(json)).rejects.toMatchObject({ code: 'storage' });
    }
  });

  it('removes and replaces chunks by id, before and after a round trip', () => {
    const index = build();
    index.remove(['kettle', 'missing']);
    expect(index.size).toBe(4);
    expect(index.search('kettle', 5).map((h) => h.id)).toEqual(['kettle-once']);
    index.add([{ id: 'trail', text: 'The trail is closed for repairs.' }]);
    expect(index.size).toBe(4);
    expect(index.search('forest', 5)).toEqual([]);
    expect(index.search('repairs', 5).map((h) => h.id)).toEqual(['trail']);
    const restored = KeywordIndex.fromJSON(index.toJSON());
    restored.remove(['trail']);
    expect(restored.search('repairs', 5)).toEqual([]);
    restored.clear();
    expect(restored.size).toBe(0);
  });
});
