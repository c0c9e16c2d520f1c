// What differs between two views of the library's documents: how a tab catches up with what
// another tab stored, and how a write works out which ids to announce. Pure, unit-tested.
import type { DocumentsChange } from '../sync/tabMessages';
import type { DocumentMeta } from './types';

export interface DocumentsDiff {
  /** In `next` only: load their chunks and vectors. */
  added: DocumentMeta[];
  /** In `before` only: drop them from the indexes. */
  deleted: string[];
  /** Text, chunks or vectors differ (edited, re-embedded): reload them. */
  contentChanged: DocumentMeta[];
  /** Only the record differs (renamed): swap the meta, the indexes stay. */
  metaChanged: DocumentMeta[];
}

/** Whether the fields that change with a document's chunks or vectors are equal. */
const sameContent = (a: DocumentMeta, b: DocumentMeta): boolean =>
  a.contentHash === b.contentHash &&
  a.chunkCount === b.chunkCount &&
  a.embeddingModel === b.embeddingModel &&
  a.status === b.status &&
  a.editedAt === b.editedAt;

/** Field by field; the fields are plain values, so this is cheap for 10k records. */
function sameMeta(a: DocumentMeta, b: DocumentMeta): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const key in x) {
    if (x[key] !== y[key] && JSON.stringify(x[key]) !== JSON.stringify(y[key])) return false;
  }
  for (const key in y) if (!(key in x)) return false;
  return true;
}

export function diffDocuments(
  before: ReadonlyMap<string, DocumentMeta>,
  next: Iterable<DocumentMeta>,
): DocumentsDiff {
  const diff: DocumentsDiff = { added: [], deleted: [], contentChanged: [], metaChanged: [] };
  const seen = new Set<string>();
  for (const meta of next) {
    seen.add(meta.id);
    const old = before.get(meta.id);
    if (old === meta) continue; // the same record: a write's own snapshot shares unchanged ones
    if (!old) diff.added.push(meta);
    else if (!sameContent(old, meta)) diff.contentChanged.push(meta);
    else if (!sameMeta(old, meta)) diff.metaChanged.push(meta);
  }
  for (const id of before.keys()) if (!seen.has(id)) diff.deleted.push(id);
  return diff;
}

/** The ids a diff announces to other tabs. */
export function changeOf(diff: DocumentsDiff): DocumentsChange {
  return {
    added: diff.added.map((d) => d.id),
    deleted: [...diff.deleted],
    edited: [...diff.contentChanged, ...diff.metaChanged].map((d) => d.id),
  };
}
