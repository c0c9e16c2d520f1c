// A cheap fingerprint of the library's contents, stored beside the keyword-index snapshot so a
// stale snapshot (e.g. a tab closed between two writes) is detected and rebuilt on load.
import type { DocumentMeta } from './types';

export function libraryFingerprint(docs: DocumentMeta[]): string {
  const parts = docs.map((d) => `${d.id}:${d.chunkCount}:${d.updatedAt}`).sort();
  // FNV-1a over the joined parts: collisions only cost a needless rebuild.
  let hash = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      hash ^= part.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return `${docs.length}-${hash.toString(16)}`;
}
