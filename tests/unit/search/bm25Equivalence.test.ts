// The optimised BM25 scan (reused score array, cached length norms, heap selection of the best
// `limit`) against a straightforward one written from the formula: same ids in the same order and
// the same scores, on a few hundred queries over a generated Zipf corpus with many equal scores,
// frequent-word queries included, before and after deletions, replacements and compaction.
import { describe, expect, it } from 'vitest';
import { Bm25, idf, termScore } from '../../../src/lib/search/bm25';
import { bestIndexes } from '../../../src/lib/search/topK';
import { seededRandom } from '../../../src/lib/seededRandom';

interface Doc {
  id: string;
  keys: string[];
}

/** BM25 as the formula says, over the living documents in insertion order; a full sort. */
function reference(docs: readonly Doc[], query: readonly string[]) {
  const n = docs.length;
  const avg = docs.reduce((sum, d) => sum + d.keys.length, 0) / n || 1;
  const scores = docs.map(() => 0);
  const matched = docs.map(() => false);
  const tfs = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const k of d.keys) tf.set(k, (tf.get(k) ?? 0) + 1);
    return tf;
  });
  for (const key of new Set(query)) {
    const df = tfs.filter((tf) => tf.has(key)).length;
    if (df === 0) continue;
    const w = idf(n, df);
    docs.forEach((d, i) => {
      const tf = tfs[i]?.get(key) ?? 0;
      if (tf === 0) return;
      matched[i] = true;
      scores[i] = (scores[i] as number) + termScore(tf, d.keys.length, avg, w);
    });
  }
  return docs
    .map((d, i) => ({ id: d.id, score: scores[i] as number, i }))
    .filter((_, i) => matched[i])
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ id, score }) => ({ id, score }));
}

const rand = seededRandom(13);
const vocab = Array.from({ length: 400 }, (_, i) => `t${i}`);
/** Zipf-like: t0 is in nearly every document, most words are rare. */
const word = () => vocab[Math.floor(vocab.length * rand() ** 3)] as string;
/** Few distinct lengths, so equal scores (ties) are common, also at the cut-off. */
const makeDoc = (id: string): Doc => ({
  id,
  keys: Array.from({ length: 8 + 4 * Math.floor(rand() * 3) }, word),
});
const queries = Array.from({ length: 300 }, (_, q) =>
  q % 3 === 0
    ? [vocab[q % 5] as string] // one frequent word: thousands of equal scores
    : Array.from({ length: 1 + (q % 4) }, word),
);

function expectSame(index: Bm25, docs: readonly Doc[], limits: readonly number[]) {
  let tiesAtCut = 0;
  for (const query of queries) {
    const all = reference(docs, query);
    for (const limit of limits) {
      const got = index.score(query, limit);
      const want = all.slice(0, limit);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      const worst = got.reduce((m, h, i) => Math.max(m, Math.abs(h.score - want[i]!.score)), 0);
      expect(worst).toBeLessThan(1e-9);
      const cut = all[limit - 1];
      if (cut && all[limit]?.score === cut.score) tiesAtCut++;
    }
  }
  return tiesAtCut;
}

describe('BM25 scan: optimised equals straightforward', () => {
  const docs = Array.from({ length: 1500 }, (_, i) => makeDoc(`d${i}`));
  const index = new Bm25();
  for (const d of docs) index.add(d.id, d.keys);

  it('gives the same top-k (ids, order, scores) as a full sort, ties at the cut-off included', () => {
    const ties = expectSame(index, docs, [1, 10, 500, Infinity]);
    expect(ties).toBeGreaterThan(50); // the data does test equal scores at the cut-off
  });

  it('stays the same after deletions and replacements (stale norms, dead slots) and compaction', () => {
    let living = [...docs];
    for (let i = 0; i < 300; i++) {
      const victim = living[Math.floor(rand() * living.length)] as Doc;
      index.remove(victim.id);
      living = living.filter((d) => d !== victim);
    }
    for (let i = 0; i < 100; i++) {
      // Replacing moves a document to the end (a new slot): insertion order changes.
      const at = Math.floor(rand() * living.length);
      const next = makeDoc((living[at] as Doc).id);
      index.add(next.id, next.keys);
      living = [...living.slice(0, at), ...living.slice(at + 1), next];
    }
    for (let i = 0; i < 50; i++) {
      const d = makeDoc(`new${i}`);
      index.add(d.id, d.keys);
      living.push(d);
    }
    expectSame(index, living, [10, 500]);
    index.compact();
    expectSame(index, living, [10, 500]);
  });
});

describe('bestIndexes', () => {
  it('equals sort by score descending, then index, for any candidate order and k', () => {
    const r = seededRandom(5);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(r() * 300);
      const scores = Float64Array.from({ length: n }, () => Math.floor(r() * 6)); // many ties
      const candidates = [...Array(n).keys()].filter(() => r() < 0.7);
      candidates.sort(() => r() - 0.5);
      const k = Math.floor(r() * (n + 5));
      const want = [...candidates].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, k);
      expect(bestIndexes(scores, candidates, k)).toEqual(want);
    }
  });
});
