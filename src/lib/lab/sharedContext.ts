// What every arm of one question shares: one retrieval (so RAG arms see the same hits) and, for
// full-documents arms, the library's documents ordered by how well they match the question.
// An arm with multi-query or HyDE searches its own extra queries through the same library.
import type { ContextLibrary } from '../rag/buildPrompt';
import { CONTEXT_MODE_ENTRIES } from '../rag/contextModes';
import { loadFullDocuments } from '../rag/fullDocuments';
import type { FullDocument } from '../rag/prompt';
import type { DocumentMeta, SearchMode, SearchSettings } from '../library/types';
import type { SearchHit } from '../search/searchHit';
import type { SearchResponse, DocumentView } from '../library/protocol';
import type { Arm, SavedRetrieval } from './types';

export interface LibraryAccess {
  search(query: string, settings?: Partial<SearchSettings>): Promise<SearchResponse>;
  getDocument(id: string): Promise<DocumentView | undefined>;
}

export interface SharedContext {
  question: string;
  /** Retrieval's hits, best first (empty when no arm searches). */
  hits: SearchHit[];
  /** Time the one retrieval took, ms (each arm that searches counts it in its prepareMs). */
  retrievalMs: number;
  /** The search mode that ran (keyword when no embedding model was ready); absent if none did. */
  mode?: SearchMode;
  /** Whole documents, most relevant first; loaded once, on first use. */
  documents(): Promise<FullDocument[]>;
  /**
   * The library as the prompt builder reads it: the question's search is the shared one (never
   * run again); other queries (an arm's rewrites, a hypothetical answer) are searched for real.
   */
  library: ContextLibrary;
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
  const needsHits = arms.some((a) => CONTEXT_MODE_ENTRIES[a.context].needsSearch);
  const started = performance.now();
  let hits = saved?.hits;
  let mode = saved?.mode;
  if (!hits) {
    const response = needsHits ? await library.search(question, search) : undefined;
    hits = response?.hits ?? [];
    mode = response?.mode;
  }
  const retrievalMs = saved?.retrievalMs ?? Math.round((performance.now() - started) * 10) / 10;
  let loaded: Promise<FullDocument[]> | undefined;
  const load = () =>
    (loaded ??= loadFullDocuments(documents, hits, (id) => library.getDocument(id)));
  return {
    question,
    hits,
    retrievalMs,
    ...(mode ? { mode } : {}),
    documents: load,
    library: {
      search: async (query) =>
        query === question ? { hits } : { hits: (await library.search(query, search)).hits },
      topK: search.topK,
      documents: () => load(),
    },
  };
}
