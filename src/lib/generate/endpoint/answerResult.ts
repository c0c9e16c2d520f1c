// How a read stream becomes the Generator's result: token counts from the server's usage when it
// sent them, else counted by us (chunks, an estimate of the prompt) and marked 'client'; time to
// first token and decode rate by our clock; the model the server named; cut off at the token limit.
import {
  estimateTokens,
  type GenerateRequest,
  type GenerationResult,
  type GenerationStats,
} from '../Generator';
import type { StreamState } from './completionStream';

export interface Timing {
  /** Our clock when generate() was called, and when the stream ended. */
  started: number;
  ended: number;
}

export function answerResult(
  state: StreamState,
  request: GenerateRequest,
  { started, ended }: Timing,
  requestedModel: string,
  stopped: boolean,
): GenerationResult {
  const usage = state.usage;
  const promptTokens =
    usage?.promptTokens ??
    request.messages.reduce((n, m) => n + (estimateTokens(m.content) as number), 0);
  const completionTokens = usage?.completionTokens ?? state.pieces;
  // The first piece of text or of reasoning: the model's first token either way.
  const ttft = (state.first ?? ended) - started;
  // Tokens after the first, over the time between the first piece and the last.
  const decodeMs = (state.last ?? 0) - (state.first ?? 0);
  const stats: GenerationStats = {
    promptTokens,
    completionTokens,
    timeToFirstTokenMs: ttft,
    prefillTokensPerS: state.first !== undefined && ttft > 0 ? promptTokens / (ttft / 1000) : 0,
    decodeTokensPerS:
      completionTokens > 1 && decodeMs > 0 ? (completionTokens - 1) / (decodeMs / 1000) : 0,
    totalMs: ended - started,
    // The name the server wrote its chunks with: who really answered (an adapter, an alias).
    modelId: state.model ?? requestedModel,
    // Token counts from the server's usage ('engine'), or counted by us: chunks and an estimate.
    timingSource: usage ? 'engine' : 'client',
  };
  return {
    text: state.text,
    stats,
    stopped,
    ...(state.finishReason === 'length' && !stopped ? { cutOff: true } : {}),
    ...(state.reasoning ? { reasoning: state.reasoning } : {}),
  };
}
