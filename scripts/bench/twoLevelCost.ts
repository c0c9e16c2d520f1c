// `npx tsx scripts/bench/twoLevelCost.ts [--chunks 100000] [--per-doc 100] [--queries 300]`: the
// two-level keyword search as the app runs it against the fusion as it was before (one document
// weight, and every matching document scored into a map and ranked). The same index answers each
// query both ways, in alternating order, so a loaded machine slows both alike. Few chunks per
// document means many documents: there the old full ranking of documents dominated.
import { arg, machine } from './harness';
import { TwoLevelIndex, type IndexChunk } from '../../src/lib/search/twoLevel';

const total = Number(arg('chunks', '100000'));
const perDoc = Number(arg('per-doc', '100'));
const queries = Number(arg('queries', '300'));
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const vocab = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}x`);
/** Zipf-like pseudo-words, as in bench:scale and keywordSegments. */
const word = () => vocab[Math.floor(vocab.length * rand() ** 3)]!;
const index = new TwoLevelIndex();
for (let d = 0; d < total / perDoc; d++) {
  const chunks: IndexChunk[] = Array.from({ length: perDoc }, (_, i) => {
    const text = Array.from({ length: 120 }, word).join(' ');
    return { id: `d${d}#${i}`, docId: `d${d}`, text, headingPath: [], start: i, end: i + 1 };
  });
  index.add(chunks);
}

/** The fusion before: one weight for every document, every matching document ranked. */
function fixedWeight(query: string, depth: number, w: number) {
  const hits = index.chunks.rank(query, depth);
  const docScores = index.docs.scores(query);
  let maxDoc = 0;
  for (const s of docScores.values()) maxDoc = Math.max(maxDoc, s);
  const maxChunk = hits[0]?.score ?? 1;
  return hits
    .map((h) => {
      const doc = (docScores.get(h.id.slice(0, h.id.lastIndexOf('#'))) ?? 0) / (maxDoc || 1);
      return { ...h, score: (1 - w) * (h.score / maxChunk) + w * doc };
    })
    .sort((a, b) => b.score - a.score);
}

const texts = Array.from({ length: queries }, () => `${word()} ${word()} ${word()}`);
const now: number[] = [];
const before: number[] = [];
texts.forEach((q, i) => {
  const runs: [number[], () => unknown][] = [
    [now, () => index.search(q, 500, 0.5, false)],
    [before, () => fixedWeight(q, 500, 0.5)],
  ];
  if (i % 2) runs.reverse();
  for (const [times, run] of runs) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
});
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
};
console.log(
  JSON.stringify({
    chunks: total,
    chunks_per_document: perDoc,
    queries,
    search_p50_ms: pct(now, 0.5),
    search_p95_ms: pct(now, 0.95),
    before_p50_ms: pct(before, 0.5),
    before_p95_ms: pct(before, 0.95),
    machine: machine(),
  }),
);
