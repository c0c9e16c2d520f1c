// The words on an answer's RAG pill, derived from what its prompt actually held (sources, and the
// history record): shown in the chat and written into Markdown exports.
import type { RagInfo } from './types';

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

/** "RAG on · 2 sources", "RAG off · no documents used", "RAG off · history holds document text"… */
export function ragLabel(rag: RagInfo | undefined): string {
  if (!rag) return 'RAG not recorded';
  if (!rag.on) return OFF_TEXT[historyNote(rag)];
  const count = rag.sources.length;
  return count > 0 ? `RAG on · ${count} source${count === 1 ? '' : 's'}` : 'RAG on · no sources';
}
