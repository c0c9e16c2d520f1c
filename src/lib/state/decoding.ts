// Decoding settings for an answer: the same for every engine, so answers compare. Greedy by
// default (temperature 0); a value out of range is named in words and never reaches an engine.
import { numberProblem, type NumberRule } from '../forms/numberRule';

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
export const DECODING_RULES: Record<DecodingKey, NumberRule> = {
  temperature: { label: 'Temperature', min: 0, max: 2, step: 0.1 },
  topP: { label: 'Top-p', min: 0.01, max: 1, step: 0.01 },
  maxTokens: { label: 'Max answer tokens', min: 1, max: 4096, step: 1, integer: true },
  seed: { label: 'Seed', min: 0, step: 1, integer: true },
};

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
  const num = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);
  const d = DEFAULT_DECODING;
  return {
    temperature: Math.min(2, Math.max(0, num(settings.temperature, d.temperature))),
    topP: Math.min(1, Math.max(0.01, num(settings.topP, d.topP))),
    maxTokens: Math.round(Math.min(4096, Math.max(1, num(settings.maxTokens, d.maxTokens)))),
    seed: Math.round(Math.max(0, num(settings.seed, d.seed))),
  };
}
