// A small library as the store holds it (documents, chunks cut from their text, unit vectors from
// a seeded generator) behind the ExportSource the export reads, for the export's tests.
import { sha256Hex } from '../../../../src/lib/ingest/hash';
import { seededRandom } from '../../../../src/lib/seededRandom';
import type { ExportSource } from '../../../../src/lib/library/export/writeExport';
import type { ChunkRecord, DocumentMeta, VectorBlock } from '../../../../src/lib/library/types';

export const MODEL = 'ragtune-test/tiny-bert';

export interface SampleDocument {
  meta: DocumentMeta;
  chunks: ChunkRecord[];
  block: VectorBlock;
  text: string;
}

export function unitVectors(count: number, dim: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(count * dim);
  for (let row = 0; row < count; row++) {
    const v = out.subarray(row * dim, (row + 1) * dim);
    let sum = 0;
    for (let i = 0; i < dim; i++) {
      v[i] = random() * 2 - 1;
      sum += v[i]! * v[i]!;
    }
    const norm = Math.sqrt(sum);
    for (let i = 0; i < dim; i++) v[i]! /= norm;
  }
  return out;
}

/** A document whose chunks are its paragraphs (split on blank lines), offsets into its text. */
export async function sampleDocument(
  id: string,
  name: string,
  paragraphs: string[],
  dim: number,
  seed: number,
  extra: Partial<DocumentMeta> = {},
): Promise<SampleDocument> {
  const text = paragraphs.join('\n\n');
  let at = 0;
  const chunks: ChunkRecord[] = paragraphs.map((p, ordinal) => {
    const start = text.indexOf(p, at);
    at = start + p.length;
    return {
      id: `${id}#${ordinal}`,
      docId: id,
      ordinal,
      text: p,
      start,
      end: start + p.length,
      headingPath: ordinal === 0 ? [] : [name, `Part ${ordinal}`],
      tokens: p.split(/\s+/).length,
      ...(ordinal === 1 ? { page: 2 } : {}),
    };
  });
  const meta: DocumentMeta = {
    id,
    name,
    format: 'md',
    bytes: text.length,
    chars: text.length,
    contentHash: await sha256Hex(text),
    chunkCount: chunks.length,
    addedAt: 1_700_000_000_000 + seed,
    updatedAt: 1_700_000_000_000 + seed,
    status: 'indexed',
    embeddingModel: MODEL,
    ...extra,
  };
  const block = { docId: id, model: MODEL, dim, vectors: unitVectors(chunks.length, dim, seed) };
  return { meta, chunks, block, text };
}

export async function sampleLibrary(dim = 16, docs = 3): Promise<SampleDocument[]> {
  const out: SampleDocument[] = [];
  for (let d = 0; d < docs; d++) {
    out.push(
      await sampleDocument(
        `doc-${d}`,
        `Notes ${d} — «ünïcode» 📎.md`,
        [
          `# Heading ${d}`,
          `Lighthouse ${d} keepers ring the fog bell in storms.`,
          `The lamp burns oil number ${d * 7} every night, "quoted" \\ backslash.`,
        ],
        dim,
        d + 1,
        d === 1 ? { pageCount: 3, editedAt: 1_700_000_500_000, format: 'pdf' } : {},
      ),
    );
  }
  return out;
}

export function sourceOf(docs: SampleDocument[]): ExportSource {
  return {
    documents: async () => docs.map((d) => d.meta),
    read: async (ids) => docs.filter((d) => ids.includes(d.meta.id)),
  };
}
