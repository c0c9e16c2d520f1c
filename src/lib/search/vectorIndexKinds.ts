// The vector indexes the library can use, in one list that settings, Settings' options and the
// factory (createVectorIndex.ts) derive from. No imports: the page reads it without the indexes.

/** Every vector index, in the order Settings shows them. Adding one: a name here, a case there. */
export const VECTOR_INDEX_KINDS = ['flat', 'quantised', 'voy'] as const;
export type VectorIndexKind = (typeof VECTOR_INDEX_KINDS)[number];
/**
 * The int8 scan: on bench:scale its top-10 equalled the exact scan's (recall@10 1.0 at 10k and
 * 100k chunks) with the vector search twice as fast at 100k; scores are exact cosines either way.
 */
export const DEFAULT_VECTOR_INDEX: VectorIndexKind = 'quantised';

export function isVectorIndexKind(value: unknown): value is VectorIndexKind {
  return (VECTOR_INDEX_KINDS as readonly unknown[]).includes(value);
}
