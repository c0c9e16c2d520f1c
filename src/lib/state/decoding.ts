// Decoding settings for an answer: the same for every engine, so answers compare. Greedy by
// default (temperature 0), and clamped to what both engines accept.
export interface DecodingSettings {
  /** 0 decodes greedily: the same question gets the same answer. */
  temperature: number;
  topP: number;
  maxTokens: number;
  seed: number;
}

export const DEFAULT_DECODING: DecodingSettings = {
  temperature: 0,
  topP: 1,
  maxTokens: 256,
  seed: 42,
};

/** Keeps each setting in the range the engines accept (a cleared field falls back to its default). */
export function clampDecoding(settings: DecodingSettings): DecodingSettings {
  const num = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);
  const d = DEFAULT_DECODING;
  return {
    temperature: Math.min(2, Math.max(0, num(settings.temperature, d.temperature))),
    topP: Math.min(1, Math.max(0.01, num(settings.topP, d.topP))),
    maxTokens: Math.round(Math.min(4096, Math.max(1, num(settings.maxTokens, d.maxTokens)))),
    seed: Math.round(Math.max(0, num(settings.seed, d.seed))),
  };
}
