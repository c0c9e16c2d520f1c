// The split by chunk over many random libraries: no chunk on both sides, nothing lost, the stated
// share, at least one chunk each side, and the same split from the same seed in any input order.
import { describe, expect, it } from 'vitest';
import {
  TEST_SHARE,
  seededRandom,
  shuffle,
  splitByChunk,
  testChunkCount,
} from '../../../src/lib/finetune/split';
import type { TrainingPair } from '../../../src/lib/finetune/types';

function randomPairs(random: () => number, fewest = 2): TrainingPair[] {
  const chunks = fewest + Math.floor(random() * 40);
  const pairs: TrainingPair[] = [];
  for (let c = 0; c < chunks; c++) {
    const n = 1 + Math.floor(random() * 4);
    for (let q = 0; q < n; q++) {
      pairs.push({
        id: `c${c}-q${q}`,
        question: `Question ${q} about chunk ${c}?`,
        answer: `answer ${c}.${q}`,
        chunkId: `doc${c % 5}#${c}`,
        docName: `doc${c % 5}.md`,
        passage: `Passage ${c}.`,
        headingPath: [],
      });
    }
  }
  return shuffle(pairs, random);
}

describe('splitByChunk', () => {
  it('never puts a chunk on both sides, over 300 random libraries, shares and seeds', () => {
    const random = seededRandom(20261205);
    for (let run = 0; run < 300; run++) {
      const pairs = randomPairs(random);
      const testShare = TEST_SHARE.min + random() * (TEST_SHARE.max - TEST_SHARE.min);
      const seed = Math.floor(random() * 2 ** 31);
      const split = splitByChunk(pairs, { testShare, seed });
      const trainChunks = new Set(split.train.map((p) => p.chunkId));
      const testChunks = new Set(split.test.map((p) => p.chunkId));
      const shared = [...trainChunks].filter((c) => testChunks.has(c));
      expect(shared, `run ${run}`).toEqual([]);
      expect(split.train.length + split.test.length).toBe(pairs.length);
      const chunks = new Set(pairs.map((p) => p.chunkId)).size;
      expect(testChunks.size).toBe(testChunkCount(chunks, testShare));
      expect(split.testChunks).toBe(testChunks.size);
      expect(split.trainChunks).toBe(trainChunks.size);
      expect(trainChunks.size).toBeGreaterThanOrEqual(1);
      expect(testChunks.size).toBeGreaterThanOrEqual(1);
      // The same seed on the pairs in another order holds out the same chunks.
      const again = splitByChunk(shuffle(pairs, random), { testShare, seed });
      expect(new Set(again.test.map((p) => p.chunkId))).toEqual(testChunks);
    }
  });

  it('rounds the stated share of chunks, keeping one chunk on each side', () => {
    expect(testChunkCount(10, 0.2)).toBe(2);
    expect(testChunkCount(10, 0.25)).toBe(3);
    expect(testChunkCount(2, 0.05)).toBe(1);
    expect(testChunkCount(3, 0.5)).toBe(2);
  });

  it('keeps the pairs’ order within each side, and another seed gives another split', () => {
    const pairs = randomPairs(seededRandom(7), 20);
    const a = splitByChunk(pairs, { testShare: 0.3, seed: 1 });
    const order = (list: TrainingPair[]) => list.map((p) => pairs.indexOf(p));
    expect(order(a.train)).toEqual([...order(a.train)].sort((x, y) => x - y));
    const seeds = [2, 3, 4, 5, 6].map((seed) =>
      splitByChunk(pairs, { testShare: 0.3, seed })
        .test.map((p) => p.chunkId)
        .join(),
    );
    expect(seeds.some((s) => s !== a.test.map((p) => p.chunkId).join())).toBe(true);
  });

  it('refuses a library of one chunk and a share outside 5–50 %, in words', () => {
    const one = randomPairs(seededRandom(3)).map((p) => ({ ...p, chunkId: 'only#0' }));
    expect(() => splitByChunk(one, { testShare: 0.2, seed: 1 })).toThrow(/at least two/);
    const pairs = randomPairs(seededRandom(3));
    expect(() => splitByChunk(pairs, { testShare: 0.6, seed: 1 })).toThrow(/between 5 % and 50 %/);
    expect(() => splitByChunk(pairs, { testShare: Number.NaN, seed: 1 })).toThrow(/between/);
  });
});
