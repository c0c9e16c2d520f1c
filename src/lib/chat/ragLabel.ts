// The words on an answer's RAG pill, derived from what its prompt actually held (sources, and the
// history record): shown in the chat and written into Markdown exports.
import type { ContextMode } from '../rag/contextModes';
import type { RagInfo } from './types';

/** The mode that built an answer's prompt (answers saved before the mode was recorded: RAG or none). */
export function contextModeOf(rag: RagInfo): ContextMode {
  return rag.mode ?? (rag.on ? 'rag' : 'none');
}

/** "3 documents", "2 of 3 documents (1 did not fit)": what a full-documents prompt held. */
export function documentsCount(rag: RagInfo): string {
  const used = rag.sources.length;
  const dropped = rag.droppedDocuments ?? 0;
  const plural = (n: number) => `document${n === 1 ? '' : 's'}`;
  if (dropped === 0) return `${used} ${plural(used)}`;
  return `${used} of ${used + dropped} ${plural(used + dropped)} (${dropped} did not fit)`;
}

/** What the earlier turns in a RAG-off prompt say about documents. */
export type HistoryNote = 'document-text' | 'left-out' | 'none';

export function historyNote(rag: RagInfo): HistoryNote {
  if (rag.history?.documentText) return 'document-text';
  if ((rag.history?.leftOutFromDocuments ?? 0) > 0) return 'left-out';
  return 'none';
}

const OFF_TEXT: Record<HistoryNote, string> = {
  'document-text': 'RAG off · history holds document text',
  'left-out': 'RAG off · earlier answers from documents left out',
  none: 'RAG off · no documents used',
};

/**
 * "RAG on · 2 sources", "RAG off · no documents used", "RAG off · history holds document text",
 * "Full documents · 2 of 3 documents (1 did not fit)"…
 */
export function ragLabel(rag: RagInfo | undefined): string {
  if (!rag) return 'RAG not recorded';
  // Exhaustive: a new context mode needs its own words on the pill.
  switch (contextModeOf(rag)) {
    case 'none':
      return OFF_TEXT[historyNote(rag)];
    case 'full':
      return `Full documents · ${documentsCount(rag)}`;
    case 'rag':
      break;
  }
  const count = rag.sources.length;
  return count > 0 ? `RAG on · ${count} source${count === 1 ? '' : 's'}` : 'RAG on · no sources';
}
