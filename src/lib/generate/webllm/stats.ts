// Figures of one WebLLM generation: from its usage chunk where it gives them, by our clock where it
// does not (or where its own figure would not compare with the other engine's), and the penalties sent.
import type { GenerationStats } from '../Generator';
import type { CompletionUsage } from './webllm';

/**
 * Sent with every request: otherwise each model's mlc-chat-config defaults apply (repetition
 * penalties of 1.0–1.1, some frequency/presence), and arms would not decode alike.
 */
export const NEUTRAL_PENALTIES = { repetition: 1, frequency: 0, presence: 0 } as const;

const finite = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/** Stats from WebLLM's usage chunk, or from our own clock when there was none. */
export function statsFrom(
  usage: CompletionUsage | undefined,
  modelId: string,
  clock: { started: number; firstToken: number | undefined; ended: number; pieces: number },
): GenerationStats {
  if (usage) {
    const extra: Partial<CompletionUsage['extra']> = usage.extra ?? {};
    const firstToken = clock.firstToken ?? clock.ended;
    return {
      promptTokens: finite(usage.prompt_tokens),
      prefillTokens: finite(usage.prompt_tokens),
      completionTokens: finite(usage.completion_tokens),
      // WebLLM's time_to_first_token_s is its GPU prefill alone: ours runs from the call to the
      // first piece, as the transformers.js engine is timed.
      timeToFirstTokenMs: firstToken - clock.started,
      prefillTokensPerS: finite(extra.prefill_tokens_per_s),
      decodeTokensPerS: finite(extra.decode_tokens_per_s),
      totalMs: finite(extra.e2e_latency_s) * 1000,
      modelId,
      timingSource: 'engine',
    };
  }
  const { started, ended, pieces } = clock;
  const firstToken = clock.firstToken ?? ended;
  const decodeS = (ended - firstToken) / 1000;
  return {
    promptTokens: 0,
    completionTokens: pieces,
    timeToFirstTokenMs: firstToken - started,
    prefillTokensPerS: 0,
    decodeTokensPerS: pieces > 1 && decodeS > 0 ? (pieces - 1) / decodeS : 0,
    totalMs: ended - started,
    modelId,
    timingSource: 'client',
  };
}
