// Decoding settings for an answer: the same for every engine, so answers compare. Greedy by
// default (temperature 0); a value out of range is named in words and never reaches an engine.
import { numberProblem, type NumberRule } from '../forms/numberRule';
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

export type DecodingKey = keyof DecodingSettings;

/** What each field accepts (both engines); the defaults above sit on each step grid. */
export const DECODING_RULES: Record<DecodingKey, NumberRule> = DECODING_RANGES;

export const DECODING_KEYS = Object.keys(DECODING_RULES) as DecodingKey[];

/** The first bad setting and its message, or undefined when every setting is valid. */
export function decodingProblem(
  settings: DecodingSettings,
): { key: DecodingKey; message: string } | undefined {
  for (const key of DECODING_KEYS) {
    const message = numberProblem(settings[key], DECODING_RULES[key]);
    if (message) return { key, message };
  }
  return undefined;
}

/** The sentence a refused question shows, pointing to where the bad value is fixed. */
export function decodingError(settings: DecodingSettings): string | undefined {
  const problem = decodingProblem(settings);
  return problem && `${problem.message}: fix it in the decoding settings (⚙) first.`;
}

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
