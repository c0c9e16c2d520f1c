// The context modes: what reaches the model besides the question. One entry per mode, shared by
// the chat and the lab; rag/buildPrompt.ts switches on the mode exhaustively, so a new mode does
// not compile until the builder says what its prompt holds.

/** What reaches the model besides the question. */
export type ContextMode = 'none' | 'rag' | 'full';

export interface ContextModeEntry {
  /** Short words for pills, menus and labels ("RAG", "full documents"). */
  label: string;
  /** The library is searched for the question (RAG: the passages; full: the documents' order). */
  needsSearch: boolean;
  /** Whole documents are read from the library. */
  needsDocuments: boolean;
  /** Multi-query and HyDE may feed the search (they change which passages are given). */
  allowsPreRetrieval: boolean;
  /** Document text goes into the prompt: earlier answers from documents add nothing new. */
  documentsInPrompt: boolean;
}

export const CONTEXT_MODE_ENTRIES: Record<ContextMode, ContextModeEntry> = {
  none: {
    label: 'no documents',
    needsSearch: false,
    needsDocuments: false,
    allowsPreRetrieval: false,
    documentsInPrompt: false,
  },
  rag: {
    label: 'RAG',
    needsSearch: true,
    needsDocuments: false,
    allowsPreRetrieval: true,
    documentsInPrompt: true,
  },
  full: {
    label: 'full documents',
    needsSearch: true,
    needsDocuments: true,
    allowsPreRetrieval: false,
    documentsInPrompt: true,
  },
};

/** Every mode, in the order menus list them. */
export const CONTEXT_MODES: readonly ContextMode[] = ['none', 'rag', 'full'];

export const CONTEXT_LABELS: Record<ContextMode, string> = {
  none: CONTEXT_MODE_ENTRIES.none.label,
  rag: CONTEXT_MODE_ENTRIES.rag.label,
  full: CONTEXT_MODE_ENTRIES.full.label,
};

/** Which pre-retrieval steps ran (or are asked for): multi-query, HyDE, both or neither. */
export interface PreRetrievalChoice {
  multiQuery: boolean;
  hyde: boolean;
}

/**
 * Each pre-retrieval step: its label (in arm labels and an arm's checkbox), the chat's sentence
 * for its checkbox, and what it does.
 */
export const PRE_RETRIEVAL_STEPS: readonly {
  key: keyof PreRetrievalChoice;
  label: string;
  sentence: string;
  help: string;
}[] = [
  {
    key: 'multiQuery',
    label: 'multi-query',
    sentence: 'Rewrite the question into several searches (multi-query)',
    help: "The arm's model rewrites the question into several searches (fused by rank) before the question's shared search is used",
  },
  {
    key: 'hyde',
    label: 'HyDE',
    sentence: 'Also search with a hypothetical answer (HyDE)',
    help: "The arm's model writes a hypothetical answer, searched beside the question",
  },
];

/** "RAG", "RAG + HyDE", "RAG + multi-query + HyDE"… (pre-retrieval only where the mode allows it). */
export function contextLabel(mode: ContextMode, pre?: Partial<PreRetrievalChoice>): string {
  const parts = [CONTEXT_LABELS[mode]];
  if (CONTEXT_MODE_ENTRIES[mode].allowsPreRetrieval) {
    for (const step of PRE_RETRIEVAL_STEPS) if (pre?.[step.key]) parts.push(step.label);
  }
  return parts.join(' + ');
}
