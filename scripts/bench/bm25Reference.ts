// A reference BM25 (Lucene's formula with Pyserini's defaults k1 = 0.9, b = 0.4) over the same
// analysis as the app (stop-words, Porter stems), ranking whole corpus entries, for comparison.
import { termKey } from '../../src/lib/search/keywordIndex';
import type { BeirDataset } from '../../src/lib/eval/beir';
import { mean, ndcgAtK, recallAtK } from '../../src/lib/eval/metrics';

const terms = (text: string) =>
  (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(termKey).filter((t): t is string => t !== null);

export function referenceBm25(
  data: BeirDataset,
  maxQueries?: number,
  k1 = 0.9,
  b = 0.4,
  /** Called with each query's nDCG@10, for per-query comparisons. */
  onQuery?: (queryId: string, ndcg: number) => void,
) {
  const postings = new Map<string, Map<number, number>>();
  const lengths: number[] = [];
  data.corpus.forEach((doc, d) => {
    const ts = terms(`${doc.title} ${doc.text}`);
    lengths.push(ts.length);
    for (const t of ts) {
      let p = postings.get(t);
      if (!p) postings.set(t, (p = new Map()));
      p.set(d, (p.get(d) ?? 0) + 1);
    }
  });
  const n = data.corpus.length;
  const avg = lengths.reduce((a, v) => a + v, 0) / n;
  const queries = data.queries.filter((q) => data.qrels.has(q.id)).slice(0, maxQueries);
  const ndcg: number[] = [];
  const r10: number[] = [];
  const r100: number[] = [];
  for (const q of queries) {
    const scores = new Map<number, number>();
    for (const t of new Set(terms(q.text))) {
      const p = postings.get(t);
      if (!p) continue;
      const idf = Math.log(1 + (n - p.size + 0.5) / (p.size + 0.5));
      for (const [d, tf] of p) {
        const s = (idf * tf) / (tf + k1 * (1 - b + (b * lengths[d]!) / avg));
        scores.set(d, (scores.get(d) ?? 0) + s);
      }
    }
    const ranked = [...scores]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 100)
      .map(([d]) => data.corpus[d]!.id);
    const rel = data.qrels.get(q.id)!;
    ndcg.push(ndcgAtK(ranked, rel, 10));
    onQuery?.(q.id, ndcg.at(-1)!);
    r10.push(recallAtK(ranked, rel, 10));
    r100.push(recallAtK(ranked, rel, 100));
  }
  return {
    queries: queries.length,
    'ndcg@10': mean(ndcg),
    'recall@10': mean(r10),
    'recall@100': mean(r100),
  };
}
