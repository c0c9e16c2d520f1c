// Export's work in the library worker: reads the library a few documents at a time, turns them
// into rows (Parquet and JSONL in one pass, documents' text beside them) and packs the zip.
// Nothing is held twice: rows become Parquet row groups and JSONL Blob parts as they are read.
import { RagtuneError, throwIfAborted } from '../../errors';
import type { ChunkRecord, DocumentMeta, VectorBlock } from '../types';
import { INDEX_FILES, indexMeta, type IndexMeta, type IndexRow } from './format';
import { jsonLine, rowLine } from './jsonl';
import { writeParquet } from './parquet';
import { documentRows, indexDocument, unitError } from './rows';
import { createZip } from './zipWriter';

/** Documents read per batch (one IndexedDB transaction each). */
export const EXPORT_BATCH = 25;
const UNIT_TOLERANCE = 1e-3;

export interface ExportSource {
  /** Every document, oldest first. */
  documents(): Promise<DocumentMeta[]>;
  /** These documents with their chunks, vectors and text, in one consistent read. */
  read(
    ids: readonly string[],
  ): Promise<{ meta: DocumentMeta; chunks: ChunkRecord[]; block?: VectorBlock; text: string }[]>;
}

/** Lines gathered into Blob parts a thousand at a time, so no long list of strings builds up. */
class LineParts {
  readonly #parts: Blob[] = [];
  #lines: string[] = [];

  push(line: string): void {
    this.#lines.push(line, '\n');
    if (this.#lines.length >= 2000) this.#move();
  }

  #move(): void {
    this.#parts.push(new Blob(this.#lines));
    this.#lines = [];
  }

  blob(): Blob {
    this.#move();
    return new Blob(this.#parts);
  }
}

export type ExportStage = 'reading' | 'packing';

export interface ExportOptions {
  /** The library's embedding model: every document must have its vectors. */
  modelId: string;
  signal?: AbortSignal;
  onProgress?: (stage: ExportStage, done: number, total: number) => void;
  now?: () => Date;
}

export interface ExportResult {
  zip: Blob;
  meta: IndexMeta;
}

/** Refuses an export that would leave documents out, saying which and what to do. */
function checkEmbedded(docs: readonly DocumentMeta[], modelId: string): void {
  if (docs.length === 0) {
    throw new RagtuneError('empty', 'The library is empty: add documents before exporting.');
  }
  const missing = docs.filter((d) => d.embeddingModel !== modelId);
  if (missing.length > 0) {
    throw new RagtuneError(
      'model-unavailable',
      `${missing.length} of ${docs.length} documents (first: “${missing[0]!.name}”) have no ` +
        `vectors from ${modelId} yet. Wait until the embedding model is ready and the library ` +
        'is embedded with it, then export again.',
    );
  }
}

export async function writeIndexExport(
  source: ExportSource,
  options: ExportOptions,
): Promise<ExportResult> {
  const { modelId, signal, onProgress = () => {}, now = () => new Date() } = options;
  const docs = await source.documents();
  checkEmbedded(docs, modelId);
  const jsonlParts = new LineParts();
  const documentParts = new LineParts();
  let dim = 0;
  let chunks = 0;
  let worstUnit = 0;
  let done = 0;
  onProgress('reading', 0, docs.length);

  async function* rows(): AsyncGenerator<IndexRow> {
    for (let from = 0; from < docs.length; from += EXPORT_BATCH) {
      throwIfAborted(signal);
      const ids = docs.slice(from, from + EXPORT_BATCH).map((d) => d.id);
      for (const { meta, chunks: stored, block, text } of await source.read(ids)) {
        if (!block || block.model !== modelId) checkEmbedded([meta], modelId);
        if (dim === 0) dim = block!.dim;
        if (block!.dim !== dim) {
          throw new RagtuneError(
            'internal',
            `“${meta.name}” has ${block!.dim}-dimensional vectors, the rest ${dim}.`,
          );
        }
        worstUnit = Math.max(worstUnit, unitError(block!.vectors, dim));
        const docRows = documentRows(meta, stored, block!);
        documentParts.push(jsonLine(indexDocument(meta, text)));
        for (const row of docRows) {
          jsonlParts.push(rowLine(row));
          yield row;
        }
        chunks += docRows.length;
        onProgress('reading', ++done, docs.length);
      }
    }
  }

  const created = now().toISOString();
  const parquet = await writeParquet(rows(), { 'ragtune:embedding_model': modelId });
  throwIfAborted(signal);
  if (done !== docs.length) {
    throw new RagtuneError('storage', 'Documents were deleted during the export: export again.');
  }
  const meta = indexMeta({
    embedding_model: modelId,
    dimension: dim,
    normalized: worstUnit <= UNIT_TOLERANCE,
    documents: docs.length,
    chunks,
    created,
  });
  const files = [
    { name: INDEX_FILES.meta, data: new Blob([JSON.stringify(meta, null, 2)]), deflate: true },
    { name: INDEX_FILES.parquet, data: parquet, deflate: false },
    { name: INDEX_FILES.jsonl, data: jsonlParts.blob(), deflate: true },
    { name: INDEX_FILES.documents, data: documentParts.blob(), deflate: true },
  ];
  let packed = 0;
  onProgress('packing', 0, files.length);
  const zip = await createZip(files, () => {
    throwIfAborted(signal);
    onProgress('packing', ++packed, files.length);
  });
  return { zip, meta };
}
