// Which documents the library list shows, and in what order: a name filter, a status filter and a
// sort, applied to the list the worker gives (pure, so the list and its tests share it).
import type { DocumentMeta } from './types';

export type DocumentSort = 'updated' | 'name' | 'size' | 'chunks';
export type DocumentStatusFilter = 'all' | 'indexed' | 'keyword-only' | 'edited';

export interface DocumentQuery {
  text: string;
  status: DocumentStatusFilter;
  sort: DocumentSort;
}

export const DEFAULT_QUERY: DocumentQuery = { text: '', status: 'all', sort: 'updated' };

export const SORT_LABELS: Record<DocumentSort, string> = {
  updated: 'Last changed',
  name: 'Name',
  size: 'Size',
  chunks: 'Chunks',
};

export const STATUS_LABELS: Record<DocumentStatusFilter, string> = {
  all: 'All',
  indexed: 'Indexed',
  'keyword-only': 'Keyword only',
  edited: 'Text edited',
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const ORDER: Record<DocumentSort, (a: DocumentMeta, b: DocumentMeta) => number> = {
  updated: (a, b) => b.updatedAt - a.updatedAt,
  name: (a, b) => collator.compare(a.name, b.name),
  size: (a, b) => b.bytes - a.bytes,
  chunks: (a, b) => b.chunkCount - a.chunkCount,
};

function keeps(doc: DocumentMeta, status: DocumentStatusFilter): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'edited':
      return doc.editedAt !== undefined;
    case 'indexed':
    case 'keyword-only':
      return doc.status === status;
  }
}

/** The documents matching `query`, sorted; ties keep the newest first, then the name. */
export function filterDocuments(
  docs: readonly DocumentMeta[],
  query: DocumentQuery,
): DocumentMeta[] {
  const words = query.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return docs
    .filter((doc) => keeps(doc, query.status))
    .filter((doc) => {
      const name = doc.name.toLocaleLowerCase();
      return words.every((w) => name.includes(w) || doc.format === w);
    })
    .sort((a, b) => ORDER[query.sort](a, b) || ORDER.updated(a, b) || ORDER.name(a, b));
}
