// Tests of the chunker: invariants on realistic documents with two counters, heading paths and
// section rules, sentence overlap, over-long words, pages, and the time a 5 MB text takes.

import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, chunkText, estimateTokens } from '../../../src/lib/ingest/chunk';
import { expectChunkInvariants, makeMarkdown, wordPieceCount } from './chunkFixtures';

const sentences = (count: number, prefix = 'Sentence'): string =>
  Array.from(
    { length: count },
    (_, index) => `${prefix} number ${index + 1} has a few words in it.`,
  ).join(' ');

describe('chunkText invariants', () => {
  const counters = { estimateTokens, wordPieceCount };
  const settings = [
    { maxTokens: 16, overlapTokens: 4 },
    { maxTokens: 50, overlapTokens: 10 },
    DEFAULT_CHUNKING,
    { maxTokens: 512, overlapTokens: 0 },
  ];
  for (const [counterName, countTokens] of Object.entries(counters)) {
    for (const { maxTokens, overlapTokens } of settings) {
      it(`holds for ${counterName} at ${maxTokens}/${overlapTokens}`, () => {
        for (const seed of [1, 2, 3]) {
          const text = makeMarkdown(30_000, seed);
          const chunks = chunkText(text, { maxTokens, overlapTokens, countTokens });
          expect(chunks.length).toBeGreaterThan(0);
          expectChunkInvariants(text, chunks, maxTokens, countTokens);
        }
      });
    }
  }

  it('returns nothing for empty or blank text', () => {
    expect(chunkText('', { ...DEFAULT_CHUNKING, countTokens: estimateTokens })).toEqual([]);
    expect(chunkText(' \n\n\t', { ...DEFAULT_CHUNKING, countTokens: estimateTokens })).toEqual([]);
  });

  it('cuts a single over-long word into pieces that fit', () => {
    const text = `Before. ${'x'.repeat(5000)} after.`;
    const chunks = chunkText(text, {
      maxTokens: 30,
      overlapTokens: 5,
      countTokens: wordPieceCount,
    });
    expectChunkInvariants(text, chunks, 30, wordPieceCount);
    expect(chunks.length).toBeGreaterThan(5000 / 4 / 30);
  });

  it('fills chunks close to the limit with a counter that has a per-call overhead', () => {
    const text = sentences(400);
    const chunks = chunkText(text, {
      maxTokens: 100,
      overlapTokens: 0,
      countTokens: wordPieceCount,
    });
    const full = chunks.slice(0, -1).map((chunk) => chunk.tokens);
    expect(Math.min(...full)).toBeGreaterThan(85);
  });

  it('estimates tokens from words and CJK characters', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('one two three four five six seven eight nine ten')).toBe(13);
    expect(estimateTokens('河流是自然的水道')).toBe(8);
    expect(estimateTokens('x'.repeat(60))).toBeGreaterThan(5);
    expect(DEFAULT_CHUNKING).toEqual({ maxTokens: 200, overlapTokens: 40 });
  });
});

describe('chunkText structure', () => {
  const doc = [
    'Preface text before any heading.',
    '# Guide',
    '## Install',
    sentences(30, 'Install'),
    '## Use',
    'Short use note.',
    '## FAQ',
    'Short answer.',
    '```\n# not a heading\n```',
    '# Reference',
    '### Deep',
    sentences(3, 'Deep'),
    '## Tiny',
    'Tiny note.',
  ].join('\n\n');
  const chunks = chunkText(doc, { maxTokens: 60, overlapTokens: 12, countTokens: estimateTokens });
  const pathOf = (needle: string): string[] | undefined =>
    chunks.find((chunk) => chunk.text.includes(needle))?.headingPath;

  it('gives each chunk its enclosing headings, outermost first', () => {
    expectChunkInvariants(doc, chunks, 60, estimateTokens);
    expect(pathOf('Preface')).toEqual([]);
    expect(pathOf('Install number 30')).toEqual(['Guide', 'Install']);
    expect(pathOf('Deep number 1')).toEqual(['Reference', 'Deep']);
    expect(chunks.some((chunk) => chunk.headingPath.includes('not a heading'))).toBe(false);
  });

  it('joins a heading-only section to its sub-section', () => {
    const first = chunks.find((chunk) => chunk.text.startsWith('# Guide'));
    expect(first?.text).toMatch(/^# Guide\n\n## Install\n\nInstall number 1 /);
    expect(first?.headingPath).toEqual(['Guide', 'Install']);
  });

  it('lets tiny sections share a chunk, but never across a top-level heading', () => {
    const shared = chunks.find((chunk) => chunk.text.includes('Short use note.'));
    expect(shared?.text).toContain('Short answer.');
    expect(shared?.headingPath).toEqual(['Guide']);
    const tiny = chunks.find((chunk) => chunk.text.includes('Tiny note.'));
    expect(tiny?.text).not.toContain('# Guide');
    expect(
      chunks.filter((chunk) => chunk.text.includes('# Reference') && chunk.text.includes('FAQ')),
    ).toEqual([]);
  });

  it('never starts a section inside the previous section’s chunk or overlap', () => {
    for (const heading of ['## Use', '# Reference']) {
      const index = chunks.findIndex((chunk) => chunk.text.includes(heading));
      expect(chunks[index]?.start).toBeGreaterThanOrEqual(chunks[index - 1]?.end ?? 0);
    }
  });
});

describe('chunkText overlap', () => {
  const text = sentences(60);

  it('repeats whole trailing sentences worth up to overlapTokens', () => {
    const chunks = chunkText(text, {
      maxTokens: 60,
      overlapTokens: 20,
      countTokens: estimateTokens,
    });
    expectChunkInvariants(text, chunks, 60, estimateTokens);
    for (let index = 1; index < chunks.length; index++) {
      const previous = chunks[index - 1];
      const chunk = chunks[index];
      if (!previous || !chunk) continue;
      expect(chunk.start).toBeLessThan(previous.end);
      const repeated = text.slice(chunk.start, previous.end);
      expect(repeated).toMatch(/^Sentence number \d+ .*\.$/);
      expect(text.slice(chunk.start - 2, chunk.start)).toBe('. ');
      expect(estimateTokens(repeated)).toBeLessThanOrEqual(20);
    }
  });

  it('has no overlap when overlapTokens is 0', () => {
    const chunks = chunkText(text, {
      maxTokens: 60,
      overlapTokens: 0,
      countTokens: estimateTokens,
    });
    for (let index = 1; index < chunks.length; index++) {
      expect(chunks[index]?.start).toBeGreaterThanOrEqual(chunks[index - 1]?.end ?? 0);
    }
  });
});

describe('chunkText pages', () => {
  it('sets the page each chunk starts on', () => {
    const pageTexts = [sentences(10, 'One'), sentences(10, 'Two'), sentences(10, 'Three')];
    const text = pageTexts.join('\n\n');
    let offset = 0;
    const pages = pageTexts.map((pageText, index) => {
      const span = { page: index + 1, start: offset, end: offset + pageText.length };
      offset += pageText.length + 2;
      return span;
    });
    const chunks = chunkText(text, {
      maxTokens: 40,
      overlapTokens: 10,
      countTokens: estimateTokens,
      pages,
    });
    for (const chunk of chunks) {
      const expected = pages.find((span) => span.start <= chunk.start && chunk.start < span.end);
      expect(chunk.page).toBe(expected?.page);
    }
    expect(chunks.at(-1)?.page).toBe(3);
    expect(
      chunkText(text, { ...DEFAULT_CHUNKING, countTokens: estimateTokens })[0]?.page,
    ).toBeUndefined();
  });
});

describe('chunkText speed', () => {
  it('chunks a 5 MB text (time printed, not asserted)', () => {
    const text = makeMarkdown(5 * 1024 * 1024, 7);
    for (const [name, countTokens] of Object.entries({ wordPieceCount, estimateTokens })) {
      let calls = 0;
      let counted = 0;
      const counting = (slice: string): number => {
        calls++;
        counted += slice.length;
        return countTokens(slice);
      };
      const started = performance.now();
      const chunks = chunkText(text, { ...DEFAULT_CHUNKING, countTokens: counting });
      const ms = performance.now() - started;
      console.log(
        `5 MB (${text.length} chars) with ${name}: ${chunks.length} chunks in ${ms.toFixed(0)} ms; ` +
          `${calls} counter calls over ${(counted / text.length).toFixed(2)}× the text`,
      );
      expectChunkInvariants(text, chunks, DEFAULT_CHUNKING.maxTokens, countTokens, {
        recount: false,
      });
    }
  });
});
