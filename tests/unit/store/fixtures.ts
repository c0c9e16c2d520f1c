// Builders of small, consistent documents (meta, text, chunks, vectors) for the store tests.
// Each call gets its own content so hashes and ids never collide by accident.
import type { ChunkRecord, DocumentMeta, VectorBlock } from '../../../src/lib/library/types';

export interface DocFixture {
  meta: DocumentMeta;
  text: string;
  chunks: ChunkRecord[];
  vectors: VectorBlock;
}

let counter = 0;

export function uniqueDbName(): string {
  counter += 1;
  return `ragtune-test-${counter}-${Math.random().toString(36).slice(2)}`;
}

export function makeDoc(id: string, chunkCount = 3, dim = 4): DocFixture {
  const parts = Array.from({ length: chunkCount }, (_, i) => `Part ${i} of ${id}.`);
  const text = parts.join(' ');
  let start = 0;
  const chunks = parts.map((part, ordinal): ChunkRecord => {
    const chunk = {
      id: `${id}#${ordinal}`,
      docId: id,
      ordinal,
      text: part,
      start,
      end: start + part.length,
      headingPath: ['Intro'],
      tokens: 4,
    };
    start += part.length + 1;
    return chunk;
  });
  const vectors = new Float32Array(chunkCount * dim);
  for (let i = 0; i < vectors.length; i++) vectors[i] = (i + 1) / 10;
  const meta: DocumentMeta = {
    id,
    name: `${id}.txt`,
    format: 'txt',
    bytes: text.length,
    chars: text.length,
    contentHash: `hash-${id}`,
    chunkCount,
    addedAt: Date.now() + counter++,
    updatedAt: Date.now(),
    status: 'indexed',
    embeddingModel: 'test-model',
  };
  return { meta, text, chunks, vectors: { docId: id, model: 'test-model', dim, vectors } };
}
