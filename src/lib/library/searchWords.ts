// What the search modes and fusion methods are called, and the words a settings summary uses:
// one list for the playground, the Retrieval settings, the line under an answer and its export.
import type { FusionMethod, SearchMode, SearchSettings } from './types';
import { CANDIDATES } from './search';
import { DOC_WEIGHT } from '../search/twoLevel';

export const SEARCH_MODE_OPTIONS: readonly { value: SearchMode; label: string }[] = [
  { value: 'hybrid', label: 'Hybrid' },
  { value: 'keyword', label: 'Keyword (BM25)' },
  { value: 'vector', label: 'Vector' },
];

export const FUSION_OPTIONS: readonly { value: FusionMethod; label: string; detail: string }[] = [
  {
    value: 'rrf',
    label: 'Reciprocal rank fusion',
    detail: 'ranks only: a passage high in both lists wins (the default)',
  },
  {
    value: 'convex',
    label: 'Weighted scores',
    detail: 'each list’s scores scaled to 0–1 and summed with the vector weight below',
  },
];

const MODE_WORDS: Record<SearchMode, string> = {
  hybrid: 'hybrid',
  keyword: 'keyword',
  vector: 'vector',
};

/**
 * A search as one short phrase: "hybrid search (RRF), top 5" or "keyword search, top 3, reranked,
 * document weight 0.7, 800 candidates" — settings at their defaults are left unsaid.
 */
export function searchSummary(s: SearchSettings): string {
  const parts = [`${MODE_WORDS[s.mode]} search`];
  if (s.mode === 'hybrid') {
    parts[0] +=
      s.fusion === 'convex'
        ? ` (weighted scores, vector ${(s.fusionWeight ?? 0.5).toFixed(2)})`
        : ' (RRF)';
  }
  parts.push(`top ${s.topK}`);
  if (s.threshold > 0 && s.mode !== 'keyword') parts.push(`similarity ≥ ${s.threshold.toFixed(2)}`);
  if (s.rerank) parts.push('reranked');
  if (s.mode !== 'vector' && (s.docWeight ?? DOC_WEIGHT) !== DOC_WEIGHT) {
    parts.push(`document weight ${(s.docWeight ?? DOC_WEIGHT).toFixed(2)}`);
  }
  if ((s.candidates ?? CANDIDATES) !== CANDIDATES) parts.push(`${s.candidates} candidates`);
  return parts.join(', ');
}

/**
 * How a search ranks, whatever its mode and k: "reciprocal rank fusion, document weight 0.50,
 * 500 candidates" (the fusion joins hybrid search's lists; the document weight is keyword search's).
 */
export function rankingSummary(s: SearchSettings): string {
  const fusion =
    s.fusion === 'convex'
      ? `weighted scores (vector ${(s.fusionWeight ?? 0.5).toFixed(2)})`
      : 'reciprocal rank fusion';
  const doc = `document weight ${(s.docWeight ?? DOC_WEIGHT).toFixed(2)}`;
  return `${fusion}, ${doc}, ${s.candidates ?? CANDIDATES} candidates`;
}
