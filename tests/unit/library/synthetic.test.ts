// The scale benchmark's generated library: slices (`from`) of one seeded run add up to exactly
// the documents, text and vectors one call makes.
import { describe, expect, it } from 'vitest';
import { syntheticDocuments } from '../../../src/lib/library/synthetic';

const options = { dim: 8, model: 'm', chunksPerDoc: 10, wordsPerChunk: 5 };

describe('syntheticDocuments', () => {
  it('makes the same library in slices as in one call', () => {
    const whole = [...syntheticDocuments({ ...options, chunks: 45 })];
    const sliced = [0, 20, 40].flatMap((from) => [
      ...syntheticDocuments({ ...options, chunks: Math.min(45, from + 20), from }),
    ]);
    expect(whole.map((d) => d.meta.id)).toEqual(
      ['0', '1', '2', '3', '4'].map((d) => `synthetic-1-${d}`),
    );
    expect(sliced.map((d) => d.meta.id)).toEqual(whole.map((d) => d.meta.id));
    expect(sliced.map((d) => d.text)).toEqual(whole.map((d) => d.text));
    expect(sliced.map((d) => Array.from(d.vectors?.vectors ?? []))).toEqual(
      whole.map((d) => Array.from(d.vectors?.vectors ?? [])),
    );
    expect(whole.at(-1)?.meta.chunkCount).toBe(5);
  });
});
