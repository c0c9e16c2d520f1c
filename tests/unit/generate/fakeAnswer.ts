// A generation's figures and a finished answer for test fakes: every figure 1 unless a test
// says otherwise, so a fake engine's answer is one line and the figures a test checks stand out.
import type { GenerationResult, GenerationStats } from '../../../src/lib/generate/Generator';

export function statsOf(modelId: string, figures: Partial<GenerationStats> = {}): GenerationStats {
  return {
    promptTokens: 1,
    completionTokens: 1,
    timeToFirstTokenMs: 1,
    prefillTokensPerS: 1,
    decodeTokensPerS: 1,
    totalMs: 1,
    modelId,
    timingSource: 'engine',
    ...figures,
  };
}

/** A finished (not stopped) answer `text` from `modelId`, with statsOf's figures. */
export function answerOf(
  text: string,
  modelId = text,
  figures: Partial<GenerationStats> = {},
): GenerationResult {
  return { text, stopped: false, stats: statsOf(modelId, figures) };
}
