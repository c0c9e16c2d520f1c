// Test helpers for the chunker: a tokenizer-like counter, a seeded generator of realistic
// Markdown documents, and a checker of the invariants every chunking must keep.

import { seededRandom as random } from '../../../src/lib/seededRandom';
import { expect } from 'vitest';
import type { ChunkSpan } from '../../../src/lib/ingest/types';

/** Like WordPiece: words in pieces of ≤ 4 characters, punctuation alone, plus [CLS] and [SEP]. */
export function wordPieceCount(text: string): number {
  let count = 2;
  for (const match of text.matchAll(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)) {
    count += Math.ceil(match[0].length / 4);
  }
  return count;
}

const WORDS = (
  'the of and to in is that for it as with was on be by this are from or at an which river ' +
  'model vector search chunk document heron otter volcano lava tea kettle index page token ' +
  'embedding retrieval browser worker parse normalise Paris Oslo café naïve résumé 2026 42'
).split(' ');

/** A Markdown document of about `chars` characters with varied structure (deterministic). */
export function makeMarkdown(chars: number, seed = 1): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const sentence = (): string => {
    const words = Array.from({ length: 4 + Math.floor(next() * 26) }, () => pick(WORDS));
    const text = words.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${pick(['.', '.', '.', '?', '!', '."'])}`;
  };
  const blocks: string[] = [];
  let length = 0;
  while (length < chars) {
    const roll = next();
    let block: string;
    if (roll < 0.12) block = `${'#'.repeat(1 + Math.floor(next() * 3))} ${sentence().slice(0, 40)}`;
    else if (roll < 0.2)
      block = Array.from({ length: 3 + Math.floor(next() * 6) }, () => `- ${sentence()}`).join(
        '\n',
      );
    else if (roll < 0.23) block = '```\n# a comment, not a heading\nconst x = 1;\n\nx += 1;\n```';
    else if (roll < 0.25) block = `See https://example.com/${'path/'.repeat(40)}end for more.`;
    else if (roll < 0.27)
      block = '河流是自然的水道。它们流向海洋！水很清澈。'.repeat(1 + Math.floor(next() * 8));
    else if (roll < 0.29) block = Array.from({ length: 120 }, () => pick(WORDS)).join(' ');
    else block = Array.from({ length: 1 + Math.floor(next() * 7) }, sentence).join(' ');
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join('\n\n');
}

/** No repeated header, or one (ending in a line break) that stands whole above the chunk. */
function repeatsHeaderFromAbove(text: string, chunk: ChunkSpan): boolean {
  const header = chunk.text.slice(0, chunk.tableHeaderChars ?? 0);
  if (header === '') return chunk.tableHeaderChars === undefined;
  const at = text.lastIndexOf(header.slice(0, -1), chunk.start - header.length);
  return header.endsWith('\n') && at >= 0;
}

/** Checks slices (after a repeated table header), coverage, token limits, ordinals and order. */
export function expectChunkInvariants(
  text: string,
  chunks: readonly ChunkSpan[],
  maxTokens: number,
  countTokens: (text: string) => number,
  { recount = true } = {},
): void {
  const covered = new Int32Array(text.length + 1);
  let failures = 0;
  chunks.forEach((chunk, index) => {
    const ok =
      chunk.ordinal === index &&
      chunk.text.slice(chunk.tableHeaderChars ?? 0) === text.slice(chunk.start, chunk.end) &&
      repeatsHeaderFromAbove(text, chunk) &&
      chunk.tokens <= maxTokens &&
      (!recount || chunk.tokens === countTokens(chunk.text)) &&
      chunk.text.trim() === chunk.text &&
      chunk.text !== '' &&
      (index === 0 ||
        (chunk.start >= (chunks[index - 1]?.start ?? 0) &&
          chunk.end > (chunks[index - 1]?.end ?? 0)));
    if (!ok && failures++ < 3) expect(chunk, `chunk ${index} breaks an invariant`).toBeUndefined();
    covered[chunk.start] = (covered[chunk.start] ?? 0) + 1;
    covered[chunk.end] = (covered[chunk.end] ?? 0) - 1;
  });
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    depth += covered[index] ?? 0;
    if (depth === 0 && !/\s/.test(text.charAt(index))) {
      expect(
        index,
        `character ${index} (${JSON.stringify(text.slice(index, index + 20))}) is in no chunk`,
      ).toBe(-1);
    }
  }
  expect(failures).toBe(0);
}
