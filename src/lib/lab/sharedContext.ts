// What every arm of one question shares: one retrieval (so RAG arms see the same hits) and, for
// full-documents arms, the library's documents ordered by how well they match the question.
import type { FullDocument } from '../rag/prompt';
import type { DocumentMeta, SearchHit, SearchSettings } from '../library/types';
import type { SearchResponse, DocumentView } from '../library/protocol';
import type { Arm, SavedRetrieval } from './types';

export interface LibraryAccess {
  search(query: string, settings?: Partial<SearchSettings>): Promise<SearchResponse>;
  getDocument(id: string): Promise<DocumentView | undefined>;
}

export interface SharedContext {
  question: string;
  /** Retrieval's hits, best first (empty when no arm uses RAG). */
  hits: SearchHit[];
  /** Time the one retrieval took, ms (each RAG arm's prepareMs includes it). */
  retrievalMs: number;
  /** Whole documents, most relevant first; loaded once, on first use. */
  documents(): Promise<FullDocument[]>;
}

/** Documents that matched first, in the order of their best hit; then the rest as listed. */
export function documentsByRelevance(
  documents: readonly DocumentMeta[],
  hits: readonly SearchHit[],
): DocumentMeta[] {
  const rank = new Map<string, number>();
  for (const hit of hits) if (!rank.has(hit.docId)) rank.set(hit.docId, rank.size);
  return [...documents].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
}

/**
 * Retrieves once for the arms (or takes `saved`, the retrieval the comparison's earlier arms saw,
 * so a resumed run is fair to the arms that finished before it).
 */
export async function prepareShared(
  question: string,
  arms: readonly Arm[],
  library: LibraryAccess,
  documents: readonly DocumentMeta[],
  search: SearchSettings,
  saved?: SavedRetrieval,
): Promise<SharedContext> {
  const needsHits = arms.some((a) => a.context === 'rag' || a.context === 'full');
  const started = performance.now();
  const hits = saved?.hits ?? (needsHits ? (await library.search(question, search)).hits : []);
  const retrievalMs = saved?.retrievalMs ?? Math.round((performance.now() - started) * 10) / 10;
  let loaded: Promise<FullDocument[]> | undefined;
  const load = async (): Promise<FullDocument[]> => {
    const ordered = documentsByRelevance(documents, hits);
    const views = await Promise.all(ordered.map((d) => library.getDocument(d.id)));
    return views.flatMap((v) => (v ? [{ docId: v.meta.id, name: v.meta.name, text: v.text }] : []));
  };
  return { question, hits, retrievalMs, documents: () => (loaded ??= load()) };
}
