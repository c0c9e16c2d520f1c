// The number fields of the app's forms outside the decoding panel, in one list. Their ranges come
// from settings/ranges.ts, the one source that imports and restored settings check against too.
import { CHUNKING_RANGES, LAB_RANGES, SEARCH_RANGES } from '../settings/ranges';
import type { NumberRule } from './numberRule';

export const CHUNK_SIZE_RULE: NumberRule = { ...CHUNKING_RANGES.maxTokens, label: 'Chunk size' };

/** Overlap may reach half a chunk (mergeSettings clamps it there; better to say so first). */
export function overlapRule(chunkSize: unknown): NumberRule {
  const { min: lo, max: hi } = CHUNKING_RANGES.maxTokens;
  const size = typeof chunkSize === 'number' && Number.isFinite(chunkSize) ? chunkSize : hi;
  const max = Math.floor(Math.min(hi, Math.max(lo, size)) / 2);
  return { ...CHUNKING_RANGES.overlapTokens, label: 'Overlap', max };
}

export const TOP_K_RULE: NumberRule = SEARCH_RANGES.topK;

/** 0 runs every query of the BEIR set. */
export const BEIR_QUERIES_RULE: NumberRule = {
  label: 'Queries to run',
  min: 0,
  step: 1,
  integer: true,
};

export const BUDGET_RULE: NumberRule = LAB_RANGES.budgetMb;

export const SERVER_CONCURRENCY_RULE: NumberRule = LAB_RANGES.serverConcurrency;

/** Empty imports the whole question set. */
export const SET_LIMIT_RULE: NumberRule = {
  ...LAB_RANGES.questions,
  label: 'Questions to use',
  optional: true,
};

export const DRAFT_COUNT_RULE: NumberRule = { ...LAB_RANGES.draftCount, label: 'Questions' };
