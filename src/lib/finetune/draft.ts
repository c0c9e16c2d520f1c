// Drafts training pairs per chunk with a model, through the lab's question drafting: passages
// spread over the documents, one to three questions each (later ones asked to differ), every
// draft tied to its chunk so the split can keep a chunk's questions together.
import type { ReadyModel } from '../lab/enginePool';
import { draftQuestions, spreadPassages, type Passage } from '../lab/generateQuestions';
import type { ChunkRecord } from '../library/types';
import type { NumberRange } from '../settings/ranges';
import type { TrainingPair } from './types';

export const FINETUNE_RANGES = {
  chunks: { min: 1, max: 2000, step: 1, label: 'Chunks', integer: true },
  perChunk: { min: 1, max: 3, step: 1, label: 'Questions per chunk', integer: true },
  testPercent: { min: 5, max: 50, step: 1, label: 'Held out (%)', integer: true },
  seed: { min: 0, max: 4_294_967_295, step: 1, label: 'Split seed', integer: true },
} as const satisfies Record<string, NumberRange>;

/** A drafted pair under review: its text is edited in place; `parsed` flags an odd reply. */
export interface FinetuneDraft extends TrainingPair {
  parsed: boolean;
}

export interface DocumentChunks {
  name: string;
  chunks: readonly ChunkRecord[];
}

/** Up to `count` chunks spread over the documents, each with what its label and record need. */
export function pickChunks(documents: readonly DocumentChunks[], count: number): ChunkRecord[] {
  const byDoc = documents.map((d) =>
    d.chunks.map((c) => ({ docName: d.name, text: c.text, chunk: c })),
  );
  return spreadPassages(byDoc, count).map((p) => p.chunk);
}

/** Document names by id, for the drafts' labels. */
export function documentNames(
  documents: readonly { meta: { id: string; name: string } }[],
): ReadonlyMap<string, string> {
  return new Map(documents.map((d) => [d.meta.id, d.meta.name]));
}

export async function draftPairs(
  chunks: readonly ChunkRecord[],
  docNames: ReadonlyMap<string, string>,
  model: ReadyModel,
  options: {
    perChunk: number;
    seed: number;
    signal?: AbortSignal;
    onDraft?: (done: number, total: number) => void;
  },
): Promise<FinetuneDraft[]> {
  const total = chunks.length * options.perChunk;
  const drafts: FinetuneDraft[] = [];
  const byChunk = new Map(chunks.map((c) => [c.id, c]));
  for (let round = 0; round < options.perChunk && !options.signal?.aborted; round++) {
    const passages: Passage[] = chunks.map((c) => ({
      docName: docNames.get(c.docId) ?? c.docId,
      text: c.text,
      chunkId: c.id,
      avoid: drafts.filter((d) => d.chunkId === c.id).map((d) => d.question),
    }));
    const done = drafts.length;
    const items = await draftQuestions(passages, model, {
      seed: options.seed,
      ...(options.signal ? { signal: options.signal } : {}),
      onDraft: (n) => options.onDraft?.(done + n, total),
    });
    for (const item of items) {
      const chunk = byChunk.get(item.chunkId ?? '');
      if (!chunk) continue;
      drafts.push({
        id: `${chunk.id}~${round + 1}`,
        question: item.question,
        answer: item.answers[0] ?? '',
        chunkId: chunk.id,
        docName: docNames.get(chunk.docId) ?? chunk.docId,
        passage: chunk.text,
        headingPath: chunk.headingPath,
        ...(chunk.page === undefined ? {} : { page: chunk.page }),
        parsed: item.parsed,
      });
    }
  }
  // A chunk's questions side by side, for review.
  const order = new Map(chunks.map((c, i) => [c.id, i]));
  return drafts.sort(
    (a, b) => order.get(a.chunkId)! - order.get(b.chunkId)! || a.id.localeCompare(b.id),
  );
}
