// The library worker's index export and import: the export reads the store under the write lock
// and packs the zip (export/writeExport); the import checks the whole file first (export/
// readPackage), refuses another embedding model by name, then stores each document whole. The
// Parquet and zip code loads only when one of them runs (it is most of the worker's size).
import { findEmbeddingModel } from '../embed/catalog';
import { RagtuneError, throwIfAborted } from '../errors';
import { formatBytes } from '../ingest/detect';
import type { LibraryStore } from './LibraryStore';
import { InvalidIndexFile } from './export/fields';
import type { IndexPackage } from './export/readPackage';
import { IMPORT_MAX_BYTES } from './export/validate';
import type { PreparedDocument } from './ingestDocument';
import type { Library } from './Library';
import type { IndexExport, IndexImportOutcome, IndexJobProgress } from './protocol';

type OnProgress = (progress: IndexJobProgress) => void;

export async function exportIndex(
  store: LibraryStore,
  modelId: string,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<IndexExport> {
  const { writeIndexExport } = await import('./export/writeExport');
  const { zip, meta } = await writeIndexExport(
    {
      documents: () => store.listDocuments(),
      read: (ids) => store.readDocumentsWithText(ids),
    },
    { modelId, signal, onProgress: (stage, done, total) => onProgress({ stage, done, total }) },
  );
  const day = meta.ragtune.created.slice(0, 10);
  return {
    zip,
    fileName: `ragtune-index-${day}.zip`,
    documents: meta.ragtune.documents,
    chunks: meta.ragtune.chunks,
    model: modelId,
  };
}

/** Reads and checks the file; any fault becomes one 'invalid-index' error saying what it was. */
async function readFile(file: Blob, name: string, signal: AbortSignal): Promise<IndexPackage> {
  if (file.size > IMPORT_MAX_BYTES) {
    throw new RagtuneError(
      'too-large',
      `“${name}” is ${formatBytes(file.size)}; ragtune imports index exports up to ` +
        `${formatBytes(IMPORT_MAX_BYTES)}. Nothing was imported.`,
    );
  }
  try {
    const { readIndexPackage } = await import('./export/readPackage');
    const bytes = new Uint8Array(await file.arrayBuffer());
    return await readIndexPackage(bytes, { signal });
  } catch (error) {
    if (!(error instanceof InvalidIndexFile)) throw error;
    throw new RagtuneError(
      'invalid-index',
      `“${name}” cannot be imported: ${error.message} Nothing was imported.`,
    );
  }
}

/** Refuses vectors from another model (by name) or of another dimension than the library's. */
function checkModel(pkg: IndexPackage, modelId: string, loadedDim: number | undefined): void {
  const theirs = pkg.meta.embedding_model;
  if (theirs !== modelId) {
    throw new RagtuneError(
      'model-mismatch',
      `This export was embedded with ${theirs}, but this library uses ${modelId}. ` +
        `To import it, choose ${theirs} as the embedding model in Settings (the library is ` +
        `re-embedded with it), then import again; or export again from a library that uses ` +
        `${modelId}. Nothing was imported.`,
    );
  }
  const dim = loadedDim || findEmbeddingModel(modelId)?.dim;
  if (dim && dim !== pkg.meta.dimension) {
    throw new RagtuneError(
      'model-mismatch',
      `This export’s vectors have ${pkg.meta.dimension} dimensions, but ${modelId} makes ` +
        `${dim}. The file is not what its meta file says. Nothing was imported.`,
    );
  }
}

/** The dimension of the model's vectors this library holds or makes now, when known. */
async function libraryDimension(
  library: Library,
  store: LibraryStore,
  modelId: string,
): Promise<number | undefined> {
  if (library.embedder?.spec.id === modelId) return library.embedder.spec.dim;
  const embedded = library.documents.find((d) => d.embeddingModel === modelId);
  if (!embedded) return undefined;
  const [stored] = await store.readDocuments([embedded.id]);
  return stored?.block?.dim;
}

/** The document under a fresh id (its chunks' and vectors' ids follow). */
function renamedId(doc: PreparedDocument, id: string): PreparedDocument {
  return {
    ...doc,
    meta: { ...doc.meta, id },
    chunks: doc.chunks.map((c) => ({ ...c, id: `${id}#${c.ordinal}`, docId: id })),
    vectors: doc.vectors && { ...doc.vectors, docId: id },
  };
}

export interface ImportContext {
  library: Library;
  store: LibraryStore;
  modelId: string;
  /** Runs the storing under the library's write lock. */
  write: <T>(task: () => Promise<T>) => Promise<T>;
  signal: AbortSignal;
  onProgress: OnProgress;
}

export async function importIndex(
  file: Blob,
  name: string,
  ctx: ImportContext,
): Promise<IndexImportOutcome> {
  const { library, store, signal, onProgress } = ctx;
  onProgress({ stage: 'checking', done: 0, total: 1 });
  const pkg = await readFile(file, name, signal);
  checkModel(pkg, ctx.modelId, await libraryDimension(library, store, ctx.modelId));
  throwIfAborted(signal);
  return ctx.write(async () => {
    const outcome: IndexImportOutcome = { added: 0, chunks: 0, duplicates: [], model: ctx.modelId };
    const total = pkg.documents.length;
    try {
      for (const [i, doc] of pkg.documents.entries()) {
        onProgress({ stage: 'storing', done: i, total });
        throwIfAborted(signal);
        const existing = await store.findByHash(doc.meta.contentHash);
        if (existing) {
          outcome.duplicates.push(doc.meta.name);
          continue;
        }
        const free = !library.getDocument(doc.meta.id);
        await library.addPrepared(free ? doc : renamedId(doc, crypto.randomUUID()));
        outcome.added++;
        outcome.chunks += doc.chunks.length;
      }
      onProgress({ stage: 'storing', done: total, total });
    } finally {
      // What was stored is whole (one transaction per document); its keyword entries are saved.
      await library.flush();
    }
    return outcome;
  });
}
