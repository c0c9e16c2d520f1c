// Number rules: a bad value gets a sentence naming the field and its range; every default the
// app starts with passes its rule and sits on its step grid (else browsers flag it invalid).
import { describe, expect, it } from 'vitest';
import {
  numberProblem,
  onStepGrid,
  ruleText,
  type NumberRule,
} from '../../../src/lib/forms/numberRule';
import {
  BEIR_QUERIES_RULE,
  BUDGET_RULE,
  CHUNK_SIZE_RULE,
  DRAFT_COUNT_RULE,
  SET_LIMIT_RULE,
  TOP_K_RULE,
  overlapRule,
} from '../../../src/lib/forms/fieldRules';
import {
  DECODING_KEYS,
  DECODING_RULES,
  DEFAULT_DECODING,
  decodingError,
  decodingProblem,
} from '../../../src/lib/generate/decoding';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';

const TOP_P = DECODING_RULES.topP;

describe('numberProblem', () => {
  it('accepts values inside the range, ends included', () => {
    for (const v of [0.01, 0.5, 0.37, 1]) expect(numberProblem(v, TOP_P)).toBeUndefined();
  });

  it('names the field and its range in words for a value outside it', () => {
    expect(numberProblem(5, TOP_P)).toBe('Top-p must be between 0.01 and 1');
    expect(numberProblem(0, TOP_P)).toBe('Top-p must be between 0.01 and 1');
    expect(numberProblem(-1, TOP_P)).toBe('Top-p must be between 0.01 and 1');
  });

  it('refuses an empty or non-numeric field unless the rule allows empty', () => {
    for (const v of [null, undefined, '', Number.NaN, Infinity, '3'])
      expect(numberProblem(v, TOP_P)).toBe('Top-p must be between 0.01 and 1');
    expect(numberProblem(null, SET_LIMIT_RULE)).toBeUndefined();
    expect(numberProblem(undefined, SET_LIMIT_RULE)).toBeUndefined();
    expect(numberProblem(0, SET_LIMIT_RULE)).toBe(
      'Questions to use must be a whole number between 1 and 5000, or empty',
    );
  });

  it('refuses a fraction where a whole number is needed', () => {
    const tokens = DECODING_RULES.maxTokens;
    expect(numberProblem(2.5, tokens)).toBe(
      'Max answer tokens must be a whole number between 1 and 4096',
    );
    expect(numberProblem(256, tokens)).toBeUndefined();
  });

  it('words an open range', () => {
    expect(ruleText(DECODING_RULES.seed)).toBe(
      'Seed must be a whole number between 0 and 4294967295',
    );
    const open: NumberRule = { label: 'Weight', min: 0.5, step: 0.5 };
    expect(ruleText(open)).toBe('Weight must be a number of 0.5 or more');
  });
});

describe('onStepGrid', () => {
  it('is false for the value that blocked Send: 1 on min 0.01 step 0.05', () => {
    expect(onStepGrid(1, { label: 'Top-p', min: 0.01, max: 1, step: 0.05 })).toBe(false);
    expect(onStepGrid(1, TOP_P)).toBe(true);
  });
});

describe('every default passes its rule and sits on its step grid', () => {
  const cases: [string, number, NumberRule][] = [
    ...DECODING_KEYS.map((k): [string, number, NumberRule] => [
      k,
      DEFAULT_DECODING[k],
      DECODING_RULES[k],
    ]),
    ['chunk size', DEFAULT_SETTINGS.chunking.maxTokens, CHUNK_SIZE_RULE],
    [
      'overlap',
      DEFAULT_SETTINGS.chunking.overlapTokens,
      overlapRule(DEFAULT_SETTINGS.chunking.maxTokens),
    ],
    ['top k', DEFAULT_SETTINGS.search.topK, TOP_K_RULE],
    ['BEIR queries', 500, BEIR_QUERIES_RULE],
    ['budget', 4096, BUDGET_RULE],
    ['draft count', 10, DRAFT_COUNT_RULE],
  ];
  it.each(cases)('%s', (_name, value, rule) => {
    expect(numberProblem(value, rule)).toBeUndefined();
    expect(onStepGrid(value, rule)).toBe(true);
  });
});

describe('overlapRule', () => {
  it('allows at most half the chunk size, as mergeSettings clamps', () => {
    expect(overlapRule(200).max).toBe(100);
    expect(numberProblem(150, overlapRule(200))).toBe(
      'Overlap must be a whole number between 0 and 100',
    );
    expect(overlapRule(null).max).toBe(1024);
  });
});

describe('decodingProblem', () => {
  it('is undefined for the defaults and names the first bad setting', () => {
    expect(decodingProblem(DEFAULT_DECODING)).toBeUndefined();
    expect(decodingError(DEFAULT_DECODING)).toBeUndefined();
    const bad = { ...DEFAULT_DECODING, topP: 5, seed: -1 };
    expect(decodingProblem(bad)).toEqual({
      key: 'topP',
      message: 'Top-p must be between 0.01 and 1',
    });
    expect(decodingError(bad)).toContain('Top-p must be between 0.01 and 1');
    expect(decodingError(bad)).toContain('decoding settings');
  });
});
