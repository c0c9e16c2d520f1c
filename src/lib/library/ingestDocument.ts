// One document's way in: check, parse, dedupe, chunk, embed; and an edited text's way back in
// (normalise, dedupe, chunk, embed under the same id). Nothing is stored here: the caller writes
// the prepared document in one transaction, so a failure or cancel leaves nothing behind.
import { chunkText, estimateTokens } from '../ingest/chunk';
import { checkSize } from '../ingest/detect';
import { sha256Hex } from '../ingest/hash';
import { normaliseText } from '../ingest/normalise';
import { parseDocument } from '../ingest/parse';
import type { Embedder } from '../embed/Embedder';
import { RagtuneError, throwIfAborted } from '../errors';
import type { IngestItem, IngestStage } from './protocol';
import type { ChunkRecord, DocumentMeta, VectorBlock } from './types';
import type { ChunkingSettings, PageSpan } from '../ingest/types';

export const EMBED_BATCH = 16;

export interface PreparedDocument {
  meta: DocumentMeta;
  text: string;
  chunks: ChunkRecord[];
  vectors?: VectorBlock;
  /** A PDF's page spans, kept with the text so it can be chunked again with page numbers. */
  pages?: PageSpan[];
}

export interface PrepareContext {
  embedder: Embedder | null;
  chunking: ChunkingSettings;
  signal?: AbortSignal;
  report: (stage: IngestStage, fraction: number) => void;
  findByHash: (hash: string) => Promise<DocumentMeta | undefined>;
}

function byteSize(item: IngestItem): number {
  return item.bytes instanceof Blob ? item.bytes.size : item.bytes.byteLength;
}

/** The item's bytes; a File is read here, in the worker, off the page's main thread. */
async function readBytes(item: IngestItem): Promise<Uint8Array> {
  if (!(item.bytes instanceof Blob)) return new Uint8Array(item.bytes);
  try {
    return new Uint8Array(await item.bytes.arrayBuffer());
  } catch (error) {
    throw new RagtuneError(
      'unreadable-file',
      `${item.name} could not be read: it may have been moved, changed or deleted since you ` +
        'picked it. Pick it again.',
      { cause: error },
    );
  }
}

export type PrepareResult =
  { kind: 'prepared'; doc: PreparedDocument } | { kind: 'duplicate'; existing: DocumentMeta };

export async function prepareDocument(
  item: IngestItem,
  ctx: PrepareContext,
): Promise<PrepareResult> {
  const { signal, report } = ctx;
  report('reading', 0);
  checkSize(item.name, byteSize(item));
  const bytes = await readBytes(item);
  throwIfAborted(signal);
  const parsed = await parseDocument(bytes, item.name, { signal });
  throwIfAborted(signal);

  report('chunking', 0);
  const contentHash = await sha256Hex(parsed.text);
  const existing = await ctx.findByHash(contentHash);
  if (existing) return { kind: 'duplicate', existing };

  const id = crypto.randomUUID();
  const { chunks, vectors } = await chunkAndEmbed(id, parsed.text, parsed.pages, ctx);
  const now = Date.now();
  const meta: DocumentMeta = {
    id,
    name: item.name,
    format: parsed.format,
    bytes: bytes.byteLength,
    chars: parsed.text.length,
    contentHash,
    chunkCount: chunks.length,
    pageCount: parsed.pages?.length,
    addedAt: now,
    updatedAt: now,
    status: vectors ? 'indexed' : 'keyword-only',
    embeddingModel: vectors?.model,
    chunking: { ...ctx.chunking },
  };
  const pages = parsed.pages ? { pages: parsed.pages } : {};
  return { kind: 'prepared', doc: { meta, text: parsed.text, chunks, vectors, ...pages } };
}

/** Chunks a normalised text under a document id and embeds the chunks (when there is a model). */
async function chunkAndEmbed(
  id: string,
  text: string,
  pages: PageSpan[] | undefined,
  ctx: PrepareContext,
): Promise<{ chunks: ChunkRecord[]; vectors?: VectorBlock }> {
  const { embedder, signal, report } = ctx;
  const countTokens = embedder ? (s: string) => embedder.countTokens(s) : estimateTokens;
  const spans = chunkText(text, { ...ctx.chunking, countTokens, pages });
  throwIfAborted(signal);
  const chunks: ChunkRecord[] = spans.map((span) => ({
    ...span,
    id: `${id}#${span.ordinal}`,
    docId: id,
  }));
  const vectors = embedder
    ? await embedChunks(embedder, id, chunks, signal, (f) => report('embedding', f))
    : undefined;
  return { chunks, vectors };
}

export type EditResult =
  { kind: 'prepared'; doc: PreparedDocument } | { kind: 'unchanged'; meta: DocumentMeta };

/**
 * A new text for an existing document: normalised, then chunked and embedded under the same id
 * with the current settings and model. The result keeps the id, name, format and addedAt and
 * records `editedAt`; page spans are dropped (an edited PDF's text no longer maps to its pages)
 * and `bytes` becomes the UTF-8 size of the new text. Refuses an empty text and a text that is
 * already another document's (the library stores each text once, as ingest does).
 */
export async function prepareEdit(
  meta: DocumentMeta,
  input: string,
  ctx: PrepareContext,
): Promise<EditResult> {
  const { signal, report } = ctx;
  report('reading', 0);
  const text = normaliseText(input);
  if (!text) {
    throw new RagtuneError(
      'empty',
      `The new text of “${meta.name}” is empty, so it was not saved and the document is ` +
        'unchanged. Type some text, or delete the document from the library instead.',
    );
  }
  const bytes = new TextEncoder().encode(text).byteLength;
  checkSize(meta.name, bytes);
  throwIfAborted(signal);
  report('chunking', 0);
  const contentHash = await sha256Hex(text);
  if (contentHash === meta.contentHash) return { kind: 'unchanged', meta };
  const existing = await ctx.findByHash(contentHash);
  if (existing && existing.id !== meta.id) {
    throw new RagtuneError(
      'duplicate',
      `The new text of “${meta.name}” is exactly the text of “${existing.name}”, and the library ` +
        'keeps each text once, so it was not saved and the document is unchanged. Change the ' +
        'text, or delete one of the two documents.',
    );
  }
  const { chunks, vectors } = await chunkAndEmbed(meta.id, text, undefined, ctx);
  throwIfAborted(signal);
  const now = Date.now();
  const { pageCount: _pages, embeddingModel: _model, ...kept } = meta;
  const edited: DocumentMeta = {
    ...kept,
    bytes,
    chars: text.length,
    contentHash,
    chunkCount: chunks.length,
    updatedAt: now,
    editedAt: now,
    status: vectors ? 'indexed' : 'keyword-only',
    ...(vectors ? { embeddingModel: vectors.model } : {}),
    chunking: { ...ctx.chunking },
  };
  return { kind: 'prepared', doc: { meta: edited, text, chunks, vectors } };
}

/**
 * The same text cut again with the current chunking (and embedded with the current model), under
 * the same id: a PDF keeps its page numbers through the page spans kept with its text. Nothing
 * else about the document changes (it is not marked edited).
 */
export async function prepareRechunk(
  meta: DocumentMeta,
  stored: { text: string; pages?: PageSpan[] },
  ctx: PrepareContext,
): Promise<PreparedDocument> {
  ctx.report('chunking', 0);
  const { chunks, vectors } = await chunkAndEmbed(meta.id, stored.text, stored.pages, ctx);
  throwIfAborted(ctx.signal);
  const { embeddingModel: _model, ...kept } = meta;
  const rechunked: DocumentMeta = {
    ...kept,
    chunkCount: chunks.length,
    updatedAt: Date.now(),
    status: vectors ? 'indexed' : 'keyword-only',
    ...(vectors ? { embeddingModel: vectors.model } : {}),
    chunking: { ...ctx.chunking },
  };
  const pages = stored.pages ? { pages: stored.pages } : {};
  return { meta: rechunked, text: stored.text, chunks, vectors, ...pages };
}

/** Lets the worker handle queued messages (a MessageChannel turn: no timer clamping). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Embeds a document's chunks in batches, checking for cancel between batches. */
export async function embedChunks(
  embedder: Embedder,
  docId: string,
  chunks: Pick<ChunkRecord, 'text'>[],
  signal: AbortSignal | undefined,
  onFraction: (fraction: number) => void,
): Promise<VectorBlock> {
  let dim = 0;
  let vectors = new Float32Array(0);
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    // Inference resolves through microtasks only: without a macrotask turn here the worker
    // would not read a cancel (or a search) until the whole document was embedded.
    await yieldToEventLoop();
    throwIfAborted(signal);
    onFraction(i / chunks.length);
    const batch = await embedder.embed(
      chunks.slice(i, i + EMBED_BATCH).map((c) => c.text),
      'passage',
    );
    if (dim === 0) {
      dim = embedder.spec.dim || batch.length / Math.min(EMBED_BATCH, chunks.length - i);
      vectors = new Float32Array(chunks.length * dim);
    }
    vectors.set(batch, i * dim);
  }
  throwIfAborted(signal);
  onFraction(1);
  return { docId, model: embedder.spec.id, dim: dim || embedder.spec.dim, vectors };
}
