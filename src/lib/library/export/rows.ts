// From the library's stored records to the export's rows and documents: pure, so the export's
// shape is tested without a browser. A document's vectors are one block, a row per chunk.
import type { ChunkRecord, DocumentMeta, VectorBlock } from '../types';
import type { IndexDocument, IndexRow } from './format';

/** The rows of one document: its chunks in reading order, each with its vector. */
export function documentRows(
  meta: DocumentMeta,
  chunks: readonly ChunkRecord[],
  block: VectorBlock,
): IndexRow[] {
  const { dim, vectors } = block;
  if (vectors.length !== chunks.length * dim) {
    throw new Error(
      `“${meta.name}” has ${chunks.length} chunks but ${vectors.length / dim} vectors.`,
    );
  }
  return [...chunks]
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((chunk) => ({
      id: chunk.id,
      doc_id: meta.id,
      doc_name: meta.name,
      doc_hash: meta.contentHash,
      ordinal: chunk.ordinal,
      text: chunk.text,
      heading_path: [...chunk.headingPath],
      page: chunk.page ?? null,
      char_start: chunk.start,
      char_end: chunk.end,
      tokens: chunk.tokens,
      embedding_model: block.model,
      vector: vectors.slice(chunk.ordinal * dim, (chunk.ordinal + 1) * dim),
    }));
}

export function indexDocument(meta: DocumentMeta, text: string): IndexDocument {
  return {
    id: meta.id,
    name: meta.name,
    format: meta.format,
    bytes: meta.bytes,
    chars: meta.chars,
    content_hash: meta.contentHash,
    chunk_count: meta.chunkCount,
    page_count: meta.pageCount ?? null,
    added_at: meta.addedAt,
    updated_at: meta.updatedAt,
    edited_at: meta.editedAt ?? null,
    chunk_max_tokens: meta.chunking?.maxTokens ?? null,
    chunk_overlap_tokens: meta.chunking?.overlapTokens ?? null,
    text,
  };
}

/** How far the longest or shortest vector is from unit length. */
export function unitError(vectors: Float32Array, dim: number): number {
  let worst = 0;
  for (let row = 0; row < vectors.length; row += dim) {
    let sum = 0;
    for (const x of vectors.subarray(row, row + dim)) sum += x * x;
    worst = Math.max(worst, Math.abs(Math.sqrt(sum) - 1));
  }
  return worst;
}
