// One hit of a search, as the library's search returns it and the page shows it: the chunk, where
// it sits in its document, and the scores that ranked it.

export interface SearchHit {
  chunkId: string;
  docId: string;
  docName: string;
  text: string;
  start: number;
  end: number;
  /** A table header repeated at the start of `text` (see ChunkSpan.tableHeaderChars). */
  tableHeaderChars?: number;
  headingPath: string[];
  page?: number;
  /** The score used to rank: cosine for vector, BM25 for keyword, fused for hybrid, reranker when on. */
  score: number;
  keywordScore?: number;
  vectorScore?: number;
  fusedScore?: number;
  rerankScore?: number;
  keywordRank?: number;
  vectorRank?: number;
  /** Query terms (stemmed forms' surface words) that matched, for highlighting. */
  matchedTerms: string[];
}
