// One question's prompt: with RAG on, the library's search (its own settings) then numbered
// sources fitted to the model's context window; with RAG off, no document text at all.
import { afterFitting, selectHistory, type Turn } from '../chat/history';
import type { PromptMessage, RagInfo } from '../chat/types';
import { toChatSources } from '../chat/messages';
import type { LoadedGenerator } from '../generate/generatorClient';
import { buildPlainMessages, buildRagMessages } from '../rag/prompt';
import type { LibraryState } from './LibraryState.svelte';
import type { SearchHit } from '../library/types';
import {
  retrieveWithOptions,
  type PreRetrievalDeps,
  type PreRetrievalOptions,
} from '../rag/preRetrieval';

export interface PromptRequest {
  question: string;
  /** Earlier answered turns (turnsFrom), oldest first; selectHistory picks the ones sent. */
  turns: readonly Turn[];
  ragOn: boolean;
  /** The conversation sends answers from documents even with RAG off (default: left out). */
  keepFullHistory?: boolean;
  library: Pick<LibraryState, 'client' | 'settings'>;
  generator: Pick<LoadedGenerator, 'contextWindow' | 'countTokens'>;
  maxAnswerTokens: number;
  /** Multi-query / HyDE (off unless asked), with the model call they need. */
  preRetrieval?: PreRetrievalOptions;
  rewrite?: PreRetrievalDeps['generate'];
}

export interface BuiltQuestion {
  messages: PromptMessage[];
  rag: RagInfo;
  /** The whole prompt's size as the builder counted it (the figure shown for every engine). */
  promptTokens: number;
}

export async function buildPrompt(request: PromptRequest): Promise<BuiltQuestion> {
  const { question, generator, maxAnswerTokens, ragOn } = request;
  const keepFullHistory = request.keepFullHistory ?? false;
  const selection = selectHistory(request.turns, { ragOn, keepFullHistory });
  const budget = {
    question,
    history: selection.messages,
    contextWindow: generator.contextWindow,
    maxAnswerTokens,
    countTokens: generator.countTokens,
  };
  if (!ragOn) {
    // No search and no rewrites: multi-query and HyDE run only with RAG on.
    const built = await buildPlainMessages(budget);
    const history = afterFitting(selection, built.historyDropped);
    return {
      messages: built.messages,
      rag: { on: false, sources: [], history },
      promptTokens: built.promptTokens,
    };
  }
  const { client, settings } = request.library;
  const options = request.preRetrieval;
  let hits: SearchHit[];
  let preRetrieval: RagInfo['preRetrieval'];
  if (options && request.rewrite && (options.multiQuery || options.hyde)) {
    const search = (q: string) => client.search(q, settings?.search);
    const topK = settings?.search.topK ?? 5;
    const r = await retrieveWithOptions(
      question,
      options,
      { generate: request.rewrite, search },
      topK,
    );
    hits = r.hits;
    preRetrieval = { queries: r.queries, hypothetical: r.hypothetical, cost: r.cost };
  } else {
    hits = (await client.search(question, settings?.search)).hits;
  }
  // Nothing passed the threshold: the prompt says the sources are empty, the model still answers.
  const built = await buildRagMessages({ ...budget, hits });
  const sources = toChatSources(built.used);
  return {
    messages: built.messages,
    promptTokens: built.promptTokens,
    rag: {
      on: true,
      sources,
      ...(hits.length === 0 ? { noneFound: true } : {}),
      ...(preRetrieval ? { preRetrieval } : {}),
      history: afterFitting(selection, built.historyDropped),
    },
  };
}
