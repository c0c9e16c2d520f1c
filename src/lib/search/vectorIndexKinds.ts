// The vector indexes the library can use, in one list that settings, Settings' options and the
// factory (createVectorIndex.ts) derive from. No imports: the page reads it without the indexes.

/** Every vector index, in the order Settings shows them. Adding one: a name here, a case there. */
export const VECTOR_INDEX_KINDS = ['flat', 'quantised', 'voy'] as const;
export type VectorIndexKind = (typeof VECTOR_INDEX_KINDS)[number];
/** The exact flat scan (WebAssembly SIMD); see BENCHMARKS.md for the measurements. */
export const DEFAULT_VECTOR_INDEX: VectorIndexKind = 'flat';

export function isVectorIndexKind(value: unknown): value is VectorIndexKind {
  return (VECTOR_INDEX_KINDS as readonly unknown[]).includes(value);
}
