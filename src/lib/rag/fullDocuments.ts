// Whole documents as a prompt's sources (the 'full' context mode): the library's documents in the
// order of their best hit for the question, read whole. Shared by the chat and the lab.
import type { DocumentView } from '../library/protocol';
import type { DocumentMeta } from '../library/types';
import type { SearchHit } from '../search/searchHit';
import type { FullDocument } from './prompt';

/** Documents that matched first, in the order of their best hit; then the rest as listed. */
export function documentsByRelevance(
  documents: readonly DocumentMeta[],
  hits: readonly SearchHit[],
): DocumentMeta[] {
  const rank = new Map<string, number>();
  for (const hit of hits) if (!rank.has(hit.docId)) rank.set(hit.docId, rank.size);
  return [...documents].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
}

/** Reads the documents whole, most relevant first (one missing from the library is skipped). */
export async function loadFullDocuments(
  documents: readonly DocumentMeta[],
  hits: readonly SearchHit[],
  getDocument: (id: string) => Promise<DocumentView | undefined>,
): Promise<FullDocument[]> {
  const ordered = documentsByRelevance(documents, hits);
  const views = await Promise.all(ordered.map((d) => getDocument(d.id)));
  return views.flatMap((v) => (v ? [{ docId: v.meta.id, name: v.meta.name, text: v.text }] : []));
}
