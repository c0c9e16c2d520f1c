// KeywordIndex: BM25 with stop words and Porter stems, matched surface terms for highlighting,
// replacement and removal by id, a JSON round trip that searches the same, and classic BM25
// scores equal to a hand computation.
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
  it('scoresOf gives the asked documents’ scores and the best of all, as scores() does', () => {
    const index = new KeywordIndex();
    index.add(docs);
    index.remove(['trail']);
    for (const query of ['kettle descaling', 'kettle kettle cups', 'ridge', 'nothing here']) {
      const all = index.scores(query);
      const ids = ['kettle-once', 'run', 'trail', 'unknown', 'kettle'];
      const { scores, max } = index.scoresOf(query, ids);
      expect(scores).toEqual(ids.map((id) => all.get(id) ?? 0));
      expect(max).toBe(Math.max(0, ...all.values()));
    }
    // The scratch space is clean after each call: asking twice gives the same.
    expect(index.scoresOf('kettle', ['kettle'])).toEqual(index.scoresOf('kettle', ['kettle']));
  });

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

  it('counts a query word once, however often it is repeated (search and document scores)', () => {
    const index = build();
    expect(index.scores('kettle kettle kettle')).toEqual(index.scores('kettle'));
    expect(index.search('kettle kettle', 5)).toEqual(index.search('kettle', 5));
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
    restored.add([{ id: 'new', text: 'A new kettle arrived.' }]);
    expect(restored.search('arrived', 5).map((h) => h.id)).toEqual(['new']);
  });

  it('refuses unreadable or outdated snapshots with a storage error', async () => {
    // Format 1 was MiniSearch's JSON (before classic BM25): refused, so the library rebuilds.
    const miniSearch =
      '{"format":1,"index":{"documentCount":1,"nextId":1,"documentIds":{"0":"a"}}}';
    for (const json of ['not json', '{"format":0,"index":{}}', miniSearch, '{"format":2}']) {
      const error = (() => {
        try {
          KeywordIndex.fromJSON(json);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(RagtuneError);
      expect((error as RagtuneError).code).toBe('storage');
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

  it('scores classic BM25 (k1 0.9, b 0.4, Lucene idf, length in analysed terms) to 1e-9', () => {
    const index = new KeywordIndex();
    index.add([
      // Analysed terms: appl banana appl (3); banana cherri (2); cherri date elderberri fig (4).
      { id: 'd1', text: 'The apple and the banana, an apple.' },
      { id: 'd2', text: 'Banana with cherry' },
      { id: 'd3', text: 'cherry date elderberry fig' },
    ]);
    // N = 3, mean length 9 / 3 = 3. idf = ln(1 + (N − df + 0.5) / (df + 0.5)).
    const idfApple = Math.log(1 + 2.5 / 1.5); // df 1
    const idfBanana = Math.log(1 + 1.5 / 2.5); // df 2
    // d1: apple tf 2, len 3: 2 × 1.9 / (2 + 0.9 × (0.6 + 0.4 × 3/3)) = 3.8 / 2.9;
    //     banana tf 1: 1.9 / (1 + 0.9) = 1. d2: banana tf 1, len 2:
    //     1.9 / (1 + 0.9 × (0.6 + 0.4 × 2/3)) = 1.9 / 1.78.
    const d1 = idfApple * (3.8 / 2.9) + idfBanana * 1;
    const d2 = idfBanana * (1.9 / 1.78);
    // Stop words count neither in the query nor in the length; a repeated query word counts once.
    const hits = index.search('the apple apple and banana', 5);
    expect(hits.map((h) => h.id)).toEqual(['d1', 'd2']);
    expect(Math.abs((hits[0]?.score ?? 0) - d1)).toBeLessThan(1e-9);
    expect(Math.abs((hits[1]?.score ?? 0) - d2)).toBeLessThan(1e-9);
    // One matched rare word outranks one matched common word: no bonus per matched term.
    index.add([{ id: 'd4', text: 'banana cherry date' }]);
    expect(index.search('apple cherry', 5)[0]?.id).toBe('d1');
  });

  it('indexes hyphen- and slash-joined compounds whole as well as in parts', () => {
    const index = new KeywordIndex();
    index.add([
      { id: 'mail', text: 'Send an e-mail over TCP/IP.' },
      { id: 'parts', text: 'The mail came by e and by tcp.' },
    ]);
    expect(index.search('email', 5).map((h) => h.id)).toEqual(['mail']);
    expect(index.search('tcpip', 5).map((h) => h.id)).toEqual(['mail']);
    // The compound query matches its parts too, and ranks the whole compound first.
    const hits = index.search('e-mail', 5);
    expect(hits.map((h) => h.id)).toEqual(['mail', 'parts']);
    expect(hits[0]?.matchedTerms.sort()).toEqual(['e', 'e-mail', 'mail']);
  });

  it('gives the same rankings after deletes, compaction and a round trip as a fresh build', () => {
    const texts = Array.from({ length: 60 }, (_, i) => ({
      id: `c${i}`,
      text: `harbour ${'lantern '.repeat(i % 4)} quay ${i % 3 === 0 ? 'boats' : 'ferry'} ${i}`,
    }));
    const index = new KeywordIndex();
    index.add(texts);
    const gone = texts.filter((_, i) => i % 5 === 0).map((t) => t.id);
    index.remove(gone);
    const fresh = new KeywordIndex();
    fresh.add(texts.filter((t) => !gone.includes(t.id)));
    const restored = KeywordIndex.fromJSON(index.toJSON()); // toJSON compacts
    for (const q of ['harbour lantern', 'boats', 'quay ferry lantern']) {
      expect(index.search(q, 100)).toEqual(fresh.search(q, 100));
      expect(restored.search(q, 100)).toEqual(fresh.search(q, 100));
    }
  });
});
