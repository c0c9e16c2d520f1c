// Decoding settings for an answer: the same for every engine, so answers compare. Greedy by
// default (temperature 0), and clamped to what both engines accept.
import { DECODING_RANGES, clampTo } from '../settings/ranges';

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
  const d = DEFAULT_DECODING;
  const r = DECODING_RANGES;
  return {
    temperature: clampTo(r.temperature, settings.temperature, d.temperature),
    topP: clampTo(r.topP, settings.topP, d.topP),
    maxTokens: clampTo(r.maxTokens, settings.maxTokens, d.maxTokens),
    seed: clampTo(r.seed, settings.seed, d.seed),
  };
}
