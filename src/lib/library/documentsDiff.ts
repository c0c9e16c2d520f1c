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

/** The fields that change when a document's chunks or vectors change. */
const contentKey = (d: DocumentMeta): string =>
  JSON.stringify([d.contentHash, d.chunkCount, d.embeddingModel, d.status, d.editedAt]);

function sameMeta(a: DocumentMeta, b: DocumentMeta): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DocumentMeta>;
  for (const key of keys) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
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
    if (!old) diff.added.push(meta);
    else if (contentKey(old) !== contentKey(meta)) diff.contentChanged.push(meta);
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
