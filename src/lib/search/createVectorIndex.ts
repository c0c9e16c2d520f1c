// Builds the vector index a setting names (see vectorIndexKinds.ts): the exact flat scan, the
// int8 quantised scan with exact re-scoring, or Voy.
import { FlatIndex } from './flatIndex';
import { QuantisedIndex } from './quantisedIndex';
import type { VectorIndex } from './VectorIndex';
import { DEFAULT_VECTOR_INDEX, type VectorIndexKind } from './vectorIndexKinds';
import { VoyIndex } from './voyIndex';

export async function createVectorIndex(
  dim: number,
  kind: VectorIndexKind = DEFAULT_VECTOR_INDEX,
): Promise<VectorIndex> {
  switch (kind) {
    case 'flat':
      return new FlatIndex(dim);
    case 'quantised':
      return new QuantisedIndex(dim);
    case 'voy':
      return VoyIndex.create(dim);
  }
}
