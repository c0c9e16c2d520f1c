// TwoLevelIndex: the heading path reaches every chunk's indexed text (not its shown text), a
// document's text is rebuilt from overlapping chunks, and chunk and document BM25 are fused.
import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../../src/lib/search/keywordIndex';
import {
  docWeightFor,
  documentText,
  indexText,
  TwoLevelIndex,
  type IndexChunk,
} from '../../../src/lib/search/twoLevel';
import { chunkText, estimateTokens } from '../../../src/lib/ingest/chunk';

const chunk = (docId: string, n: number, text: string, headingPath: string[] = []): IndexChunk => ({
  id: `${docId}#${n}`,
  docId,
  text,
  headingPath,
  start: n * 1000,
  end: n * 1000 + text.length,
});

describe('TwoLevelIndex', () => {
  it('prepends the heading path a chunk does not already show to its indexed text', () => {
    expect(indexText('The lamp burns oil.', ['Keeper', 'Lamp'])).toBe(
      'Keeper › Lamp\n\nThe lamp burns oil.',
    );
    // The first chunk of a section shows its heading: it is not counted twice.
    expect(indexText('## Lamp\n\nThe lamp burns oil.', ['Keeper', 'Lamp'])).toBe(
      'Keeper\n\n## Lamp\n\nThe lamp burns oil.',
    );
    expect(indexText('No headings here.', [])).toBe('No headings here.');
  });

  it('gives every chunk of a chunked Markdown document its heading path in the index', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence ${i} about valves.`);
    const markdown = `# Pump manual\n\n## Priming\n\n${sentences.join(' ')}`;
    const spans = chunkText(markdown, {
      maxTokens: 40,
      overlapTokens: 5,
      countTokens: estimateTokens,
    });
    expect(spans.length).toBeGreaterThan(3);
    const index = new TwoLevelIndex();
    index.add(spans.map((s) => ({ ...s, id: `pump#${s.ordinal}`, docId: 'pump' })));
    // "priming" is only in the heading, so every chunk must be found by it (docWeight 0: chunks alone).
    const hits = index.search('priming manual', 100, 0);
    expect(hits.map((h) => h.id).sort()).toEqual(spans.map((s) => `pump#${s.ordinal}`).sort());
    for (const s of spans) {
      expect(s.headingPath).toEqual(['Pump manual', 'Priming']);
      expect(indexText(s.text, s.headingPath)).toMatch(/Pump manual[\s\S]*Priming/);
    }
  });

  it('rebuilds a document from its chunks without repeating their overlap', () => {
    const text = 'Alpha beta. Gamma delta. Epsilon zeta.';
    const parts: IndexChunk[] = [
      { id: 'd#1', docId: 'd', text: text.slice(12, 38), headingPath: [], start: 12, end: 38 },
      { id: 'd#0', docId: 'd', text: text.slice(0, 24), headingPath: [], start: 0, end: 24 },
    ];
    expect(documentText(parts)).toBe('Alpha beta. Gamma delta.\n Epsilon zeta.');
  });

  it('weighs a short document’s score more than a long one’s, and 0 stays chunks alone', () => {
    // Up to three chunks long: 0.5 × 1.8 = 0.9; longer, the boost falls as 3 / length.
    expect(docWeightFor(0.5, 1)).toBeCloseTo(0.9, 12);
    expect(docWeightFor(0.5, 3)).toBeCloseTo(0.9, 12);
    expect(docWeightFor(0.5, 6)).toBeCloseTo(0.5 * (1 + 0.8 * 0.5), 12);
    expect(docWeightFor(0.5, 30)).toBeCloseTo(0.5 * (1 + 0.8 * 0.1), 12);
    expect(docWeightFor(0.5, Infinity)).toBe(0.5);
    expect(docWeightFor(0, 1)).toBe(0);
    expect(docWeightFor(0.8, 1)).toBe(1);
    expect(docWeightFor(0.5, 0)).toBeCloseTo(0.9, 12);
  });

  it('ranks a chunk by its max-normalised BM25 and its document’s, weighted by the document’s length', () => {
    const long = Array.from({ length: 12 }, (_, i) =>
      chunk('d', i, i === 5 ? 'harbour lantern keeper' : `quay boats ferry tide number ${i}`),
    );
    const chunks = [
      chunk('a', 0, 'harbour lantern lantern'),
      chunk('b', 0, 'harbour lantern'),
      chunk('b', 1, 'harbour quay boats ferry'),
      chunk('c', 0, 'lantern market stalls'),
      ...long,
    ];
    const index = new TwoLevelIndex();
    index.add(chunks);
    const query = 'harbour lantern';
    // The same numbers from the two plain indexes the fusion reads.
    const chunkIndex = new KeywordIndex();
    chunkIndex.add(chunks.map((c) => ({ id: c.id, text: c.text })));
    const docIndex = new KeywordIndex();
    docIndex.add([
      { id: 'a', text: 'harbour lantern lantern' },
      { id: 'b', text: 'harbour lantern\nharbour quay boats ferry' },
      { id: 'c', text: 'lantern market stalls' },
      { id: 'd', text: long.map((c) => c.text).join('\n') },
    ]);
    const chunkScores = chunkIndex.scores(query);
    const docScores = docIndex.scores(query);
    const maxChunk = Math.max(...chunkScores.values());
    const maxDoc = Math.max(...docScores.values());
    const weight = (docId: string) => {
      const chunksLong = (docIndex.lengthOf(docId) ?? NaN) / chunkIndex.meanLength;
      return docWeightFor(0.5, chunksLong);
    };
    // The long document's weight is near 0.5, the short ones' 0.9.
    expect(weight('d')).toBeLessThan(0.6);
    expect(weight('a')).toBeCloseTo(0.9, 12);
    const expected = [...chunkScores]
      .map(([id, s]) => {
        const docId = id.split('#')[0] ?? '';
        const w = weight(docId);
        const doc = docScores.get(docId) ?? 0;
        return { id, score: (1 - w) * (s / maxChunk) + w * (doc / maxDoc) };
      })
      .sort((x, y) => y.score - x.score);
    const hits = index.search(query, 10, 0.5);
    expect(hits.map((h) => h.id)).toEqual(expected.map((e) => e.id));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]?.score ?? NaN, 12));
    // Weight 0 is the chunk's own BM25; at weight 1 a chunk of the best document ranks first.
    expect(index.search(query, 10, 0).map((h) => h.id)).toEqual(
      chunkIndex.search(query, 10).map((h) => h.id),
    );
    const byDoc = index.search(query, 10, 1);
    const bestDoc = [...docScores].sort((x, y) => y[1] - x[1])[0]?.[0];
    expect(byDoc[0]?.id.startsWith(`${bestDoc}#`)).toBe(true);
  });

  it('forgets a removed document at both levels, and round-trips through JSON', () => {
    const index = new TwoLevelIndex();
    index.add([chunk('a', 0, 'harbour lantern'), chunk('b', 0, 'harbour quay')]);
    index.removeDocument('a', ['a#0']);
    expect(index.search('lantern', 10)).toEqual([]);
    expect(index.docs.scores('lantern').size).toBe(0);
    const restored = TwoLevelIndex.fromJSON(index.toJSON());
    expect(restored.size).toBe(1);
    expect(restored.search('harbour quay', 10)).toEqual(index.search('harbour quay', 10));
    expect(() => TwoLevelIndex.fromJSON('{"format":1,"index":{}}')).toThrow(/older version/);
  });
});
