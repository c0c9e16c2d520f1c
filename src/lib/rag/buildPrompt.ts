// The one prompt builder of the chat and the lab: a question, a context mode (rag/contextModes.ts)
// and what that mode needs (a search function, whole documents), earlier turns under the history
// rule, and multi-query / HyDE before the search; fitted to the generator's context window.
import { afterFitting, selectHistory, type Turn } from '../chat/history';
import { toChatSources } from '../chat/messages';
import type { ChatSource, HistoryRecord, RagInfo } from '../chat/types';
import type { ChatMessage, CountTokens } from '../generate/Generator';
import type { SearchHit } from '../search/searchHit';
import { CONTEXT_MODE_ENTRIES, type ContextMode } from './contextModes';
import {
  retrieveWithOptions,
  type PreRetrievalDeps,
  type PreRetrievalOptions,
} from './preRetrieval';
import {
  buildFullDocumentsMessages,
  buildPlainMessages,
  buildRagMessages,
  type FullDocument,
} from './prompt';

/** Searches the library for one query, best hits first (the caller's search settings applied). */
export type SearchFunction = (query: string) => Promise<{ hits: SearchHit[] }>;

/** What the modes read from the library: a search, and (full documents) the documents whole. */
export interface ContextLibrary {
  search: SearchFunction;
  /** How many hits a RAG prompt is offered (the search settings' topK). */
  topK: number;
  /** The library's documents whole, ordered by `hits` (documents matched first). */
  documents(hits: readonly SearchHit[]): Promise<FullDocument[]>;
}

export interface PromptRequest {
  question: string;
  mode: ContextMode;
  library: ContextLibrary;
  contextWindow: number;
  countTokens: CountTokens;
  maxAnswerTokens: number;
  /** Earlier answered turns, oldest first (none for a lab question, asked alone). */
  turns?: readonly Turn[];
  /** The history rule: without documents, answers from documents are left out unless this. */
  keepFullHistory?: boolean;
  /** Multi-query / HyDE (modes that allow them), with the model call they need. */
  preRetrieval?: { options: PreRetrievalOptions; generate: PreRetrievalDeps['generate'] };
}

export interface BuiltContext {
  mode: ContextMode;
  messages: ChatMessage[];
  /** The whole prompt's size as the builder counted it (the figure shown for every engine). */
  promptTokens: number;
  /** Numbered sources as the model saw them (passages, or whole documents). */
  sources: ChatSource[];
  /** The search found nothing above the threshold (RAG). */
  noneFound?: true;
  /** Documents left out because the context window was full (full documents). */
  droppedDocuments?: number;
  /** Multi-query / HyDE ran: every query searched and what the extra calls cost. */
  preRetrieval?: NonNullable<RagInfo['preRetrieval']>;
  /** What went in from earlier turns. */
  history: HistoryRecord;
}

/** A whole document as a numbered source (no chunk: it is the whole text). */
function documentSource(doc: FullDocument, i: number): ChatSource {
  return {
    n: i + 1,
    chunkId: '',
    docId: doc.docId,
    docName: doc.name,
    score: 1,
    text: doc.text,
    headingPath: [],
  };
}

/** The search of a RAG prompt: the question alone, or with rewrites / a hypothetical answer. */
async function retrieve(
  request: PromptRequest,
): Promise<{ hits: SearchHit[]; preRetrieval?: BuiltContext['preRetrieval'] }> {
  const { question, library } = request;
  const pre = request.preRetrieval;
  if (!pre || !(pre.options.multiQuery || pre.options.hyde)) {
    return { hits: (await library.search(question)).hits };
  }
  const deps = { generate: pre.generate, search: library.search };
  const r = await retrieveWithOptions(question, pre.options, deps, library.topK);
  const { queries, hypothetical, cost } = r;
  return {
    hits: r.hits,
    preRetrieval: { queries, ...(hypothetical === undefined ? {} : { hypothetical }), cost },
  };
}

export async function buildPrompt(request: PromptRequest): Promise<BuiltContext> {
  const { question, mode } = request;
  const selection = selectHistory(request.turns ?? [], {
    ragOn: CONTEXT_MODE_ENTRIES[mode].documentsInPrompt,
    keepFullHistory: request.keepFullHistory ?? false,
  });
  const budget = {
    question,
    history: selection.messages,
    contextWindow: request.contextWindow,
    maxAnswerTokens: request.maxAnswerTokens,
    countTokens: request.countTokens,
  };
  // Exhaustive: a new context mode does not compile until it says what its prompt holds.
  switch (mode) {
    case 'none': {
      // No search and no rewrites: multi-query and HyDE feed a search, and there is none.
      const built = await buildPlainMessages(budget);
      return {
        mode,
        messages: built.messages,
        promptTokens: built.promptTokens,
        sources: [],
        history: afterFitting(selection, built.historyDropped),
      };
    }
    case 'rag': {
      const { hits, preRetrieval } = await retrieve(request);
      // Nothing passed the threshold: the prompt says the sources are empty, the model answers.
      const built = await buildRagMessages({ ...budget, hits });
      return {
        mode,
        messages: built.messages,
        promptTokens: built.promptTokens,
        sources: toChatSources(built.used),
        ...(hits.length === 0 ? { noneFound: true as const } : {}),
        ...(preRetrieval ? { preRetrieval } : {}),
        history: afterFitting(selection, built.historyDropped),
      };
    }
    case 'full': {
      // The search only orders the documents: those that match the question are tried first.
      const { hits } = await request.library.search(question);
      const documents = await request.library.documents(hits);
      const built = await buildFullDocumentsMessages({ ...budget, documents });
      return {
        mode,
        messages: built.messages,
        promptTokens: built.promptTokens,
        sources: built.used.map(documentSource),
        ...(built.droppedForBudget > 0 ? { droppedDocuments: built.droppedForBudget } : {}),
        history: afterFitting(selection, built.historyDropped),
      };
    }
  }
}
