// The model call multi-query and HyDE make before the search: short and greedy whatever the
// answer's own settings (the answer's seed kept), nothing streamed. Used by the chat and the lab.
import type { Generator } from '../generate/Generator';
import type { PreRetrievalDeps } from './preRetrieval';

/** The tokens a rewrite or a hypothetical answer may take. */
export const REWRITE_MAX_TOKENS = 96;

export function rewriteCall(
  generator: Pick<Generator, 'generate'>,
  seed: number,
  signal?: AbortSignal,
): PreRetrievalDeps['generate'] {
  return async (messages) => {
    const r = await generator.generate(
      { messages, temperature: 0, topP: 1, maxTokens: REWRITE_MAX_TOKENS, seed },
      () => {},
      signal,
    );
    return {
      text: r.text,
      promptTokens: r.stats.promptTokens,
      completionTokens: r.stats.completionTokens,
    };
  };
}
