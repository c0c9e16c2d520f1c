// The number fields of the app's forms outside the decoding panel, in one list: their ranges
// match what the code behind them accepts (mergeSettings, the planner, the question-set import).
import type { NumberRule } from './numberRule';

export const CHUNK_SIZE_RULE: NumberRule = {
  label: 'Chunk size',
  min: 32,
  max: 2048,
  step: 1,
  integer: true,
};

/** Overlap may reach half a chunk (mergeSettings clamps it there; better to say so first). */
export function overlapRule(chunkSize: unknown): NumberRule {
  const size = typeof chunkSize === 'number' && Number.isFinite(chunkSize) ? chunkSize : 2048;
  const max = Math.floor(Math.min(2048, Math.max(32, size)) / 2);
  return { label: 'Overlap', min: 0, max, step: 1, integer: true };
}

export const TOP_K_RULE: NumberRule = { label: 'Top k', min: 1, max: 100, step: 1, integer: true };

/** 0 runs every query of the BEIR set. */
export const BEIR_QUERIES_RULE: NumberRule = {
  label: 'Queries to run',
  min: 0,
  step: 1,
  integer: true,
};

export const BUDGET_RULE: NumberRule = {
  label: 'Memory for models at once',
  min: 256,
  step: 256,
  integer: true,
};

/** Empty imports the whole question set. */
export const SET_LIMIT_RULE: NumberRule = {
  label: 'Questions to use',
  min: 1,
  step: 1,
  integer: true,
  optional: true,
};

export const DRAFT_COUNT_RULE: NumberRule = {
  label: 'Questions',
  min: 1,
  max: 200,
  step: 1,
  integer: true,
};
