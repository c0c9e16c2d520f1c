// Generated documents with text and unit vectors, for the scale benchmark: they go through the
// same store and indexes as real ones, minus parsing and embedding.
import type { PreparedDocument } from './ingestDocument';
import type { SyntheticOptions } from './protocol';
import type { ChunkRecord } from './types';
import { seededRandom as random } from '../seededRandom';

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'ta',
  'vo',
  'sel',
  'dor',
  'pu',
  'an',
  'qui',
  'mar',
  'est',
  'ol',
  'ni',
  'bra',
];

/** A vocabulary of pseudo-words drawn with a Zipf-like skew, like real text. */
function vocabulary(rand: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    words.add(
      Array.from({ length: n }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join(''),
    );
  }
  return [...words];
}

export function* syntheticDocuments(options: SyntheticOptions): Generator<PreparedDocument> {
  const { chunks: total, dim, model, chunksPerDoc = 100, wordsPerChunk = 120, seed = 1 } = options;
  const from = options.from ?? 0;
  const rand = random(seed);
  const vocab = vocabulary(rand, 20_000);
  const word = () => vocab[Math.floor(vocab.length * rand() ** 3)]!;
  for (let start = 0, d = 0; start < total; start += chunksPerDoc, d++) {
    const count = Math.min(chunksPerDoc, total - start);
    const id = `synthetic-${seed}-${d}`;
    const chunks: ChunkRecord[] = [];
    const texts: string[] = [];
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const text = `${Array.from({ length: wordsPerChunk }, word).join(' ')}.`;
      chunks.push({
        id: `${id}#${i}`,
        docId: id,
        ordinal: i,
        text,
        start: offset,
        end: offset + text.length,
        headingPath: [],
        tokens: wordsPerChunk,
      });
      texts.push(text);
      offset += text.length + 2;
    }
    const vectors = new Float32Array(count * dim);
    for (let i = 0; i < count; i++) {
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += (vectors[i * dim + j] = rand() * 2 - 1) ** 2;
      norm = Math.sqrt(norm);
      for (let j = 0; j < dim; j++) vectors[i * dim + j]! /= norm;
    }
    if (start < from) continue; // generated (the sequence stays the same), not stored
    const text = texts.join('\n\n');
    const now = Date.now();
    yield {
      meta: {
        id,
        name: `Synthetic ${d + 1}.txt`,
        format: 'txt',
        bytes: text.length,
        chars: text.length,
        contentHash: id,
        chunkCount: count,
        addedAt: now,
        updatedAt: now,
        status: 'indexed',
        embeddingModel: model,
      },
      text,
      chunks,
      vectors: { docId: id, model, dim, vectors },
    };
  }
}
