// The small hand-kept tables the catalogue cannot read off WebLLM's records: what each fine-tune
// is, its licence, and which model a shared library's family is named for. Keyed by name pattern.

export type TuningKind =
  | 'base'
  | 'full-fine-tune'
  | 'distillation'
  | 'dpo'
  | 'merge'
  | 'domain'
  | 'earlier-release'
  | 'custom'
  | 'unknown';

export type TuningDomain = 'code' | 'maths' | 'japanese' | 'reasoning' | 'function-calling';

export interface Tuning {
  kind: TuningKind;
  domain?: TuningDomain;
  /** Who trained it. */
  by?: string;
  /** What it is tuned for, in a phrase a person can read. */
  tunedFor: string;
}

/** First match wins, so the specific patterns come before the general ones. */
const TUNINGS: readonly (readonly [RegExp, Tuning])[] = [
  [
    /^DeepSeek-R1-Distill/,
    {
      kind: 'distillation',
      domain: 'reasoning',
      by: 'DeepSeek',
      tunedFor: 'step-by-step reasoning, distilled from DeepSeek-R1 outputs',
    },
  ],
  [
    /^NeuralHermes/,
    {
      kind: 'dpo',
      by: 'Maxime Labonne',
      tunedFor: 'OpenHermes 2.5 further aligned with DPO on preference pairs (chat)',
    },
  ],
  [
    /^WizardMath/,
    {
      kind: 'domain',
      domain: 'maths',
      by: 'WizardLM team',
      tunedFor: 'grade-school and competition maths',
    },
  ],
  [
    /-Math-/,
    {
      kind: 'domain',
      domain: 'maths',
      by: 'Qwen team',
      tunedFor: 'maths word problems, step by step',
    },
  ],
  [
    /-Coder-/,
    {
      kind: 'domain',
      domain: 'code',
      by: 'Qwen team',
      tunedFor: 'writing, explaining and fixing code',
    },
  ],
  [
    /-jpn-/,
    { kind: 'domain', domain: 'japanese', by: 'Google', tunedFor: 'conversation in Japanese' },
  ],
  [
    /^Hermes-2-Theta/,
    {
      kind: 'merge',
      by: 'Nous Research',
      tunedFor: 'Hermes 2 Pro merged with Llama-3-Instruct, then RLHF: chat and function calling',
    },
  ],
  [
    /^Hermes-2-Pro/,
    {
      kind: 'full-fine-tune',
      domain: 'function-calling',
      by: 'Nous Research',
      tunedFor: 'function calling and JSON output, plus general chat',
    },
  ],
  [
    /^Hermes-3/,
    {
      kind: 'full-fine-tune',
      by: 'Nous Research',
      tunedFor: 'long multi-turn chat, role-play and agentic use',
    },
  ],
  [
    /^OpenHermes/,
    {
      kind: 'full-fine-tune',
      by: 'Nous Research (Teknium)',
      tunedFor: 'general chat and code, from ~1M mostly GPT-4-generated examples',
    },
  ],
  [
    /^Qwen2-\d/,
    {
      kind: 'earlier-release',
      by: 'Qwen team',
      tunedFor: 'Qwen2, the release before Qwen2.5: other pre-training, same architecture',
    },
  ],
  [
    /^Mistral-7B-Instruct-v0\.2/,
    {
      kind: 'earlier-release',
      by: 'Mistral AI',
      tunedFor: 'the previous Mistral-7B-Instruct release, on the same architecture',
    },
  ],
];

const BASE_TUNING: Tuning = {
  kind: 'base',
  tunedFor: 'general instruction following and chat (the instruct model of its family)',
};

export function tuningOf(name: string, isBase: boolean): Tuning {
  if (isBase) return BASE_TUNING;
  return (
    TUNINGS.find(([pattern]) => pattern.test(name))?.[1] ?? {
      kind: 'unknown',
      tunedFor: 'not described yet: see its model card',
    }
  );
}

/** Licences by model name; derivatives inherit the base's terms. First match wins. */
const LICENCES: readonly (readonly [RegExp, string])[] = [
  [/^Qwen2\.5(-Coder)?-3B/, 'Qwen Research Licence (non-commercial)'],
  [/^DeepSeek-R1-Distill-Qwen/, 'MIT (base Qwen2.5: Apache-2.0)'],
  [/^DeepSeek-R1-Distill-Llama/, 'MIT, with the Llama 3.1 Community Licence of its base'],
  [/^Qwen/, 'Apache-2.0'],
  [/Llama-3\.2/, 'Llama 3.2 Community Licence'],
  [/Llama-3\.1/, 'Llama 3.1 Community Licence'],
  [/Llama-3/, 'Meta Llama 3 Community Licence'],
  [/Mistral|^WizardMath/, 'Apache-2.0'],
  [/^gemma/, 'Gemma Terms of Use'],
  [/^SmolLM2/, 'Apache-2.0'],
];

export function licenceOf(name: string): string {
  return LICENCES.find(([pattern]) => pattern.test(name))?.[1] ?? 'unknown: check the model card';
}

/**
 * The base of a family is normally the model its library is named for ('Llama-3_1-8B-Instruct' →
 * 'Llama-3.1-8B-Instruct'). Newer Qwen2.5 releases ship on the Qwen2 libraries: they are the base.
 */
export const BASE_BY_LIBRARY: Readonly<Record<string, string>> = {
  'Qwen2-0.5B-Instruct': 'Qwen2.5-0.5B-Instruct',
  'Qwen2-1.5B-Instruct': 'Qwen2.5-1.5B-Instruct',
  'Qwen2-7B-Instruct': 'Qwen2.5-7B-Instruct',
};

/**
 * Libraries compiled separately for one architecture and size: their models compare like a family.
 * gemma-2-2b-jpn-it has its own library but the shape and memory of gemma-2-2b-it.
 */
export const LIBRARY_ALIASES: Readonly<Record<string, string>> = {
  'gemma-2-2b-jpn-it': 'gemma-2-2b-it',
};

/** Small bases listed alone: common targets for your own LoRA (merged, it reuses their library). */
export const STANDALONE_BASES: readonly string[] = [
  'Llama-3.2-1B-Instruct',
  'SmolLM2-360M-Instruct',
  'Qwen3-0.6B',
];
