// Settings edge cases found in review: whole-token overlap for odd chunk sizes, cleared (NaN)
// fields keeping their previous value, and model ids that could climb out of the model host.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  generatorFromUrl,
  mergeSettings,
} from '../../../src/lib/library/settings';

describe('settings edge cases', () => {
  it('keeps overlap a whole number of tokens under half an odd chunk size', () => {
    const s = mergeSettings(DEFAULT_SETTINGS, { chunking: { maxTokens: 33, overlapTokens: 999 } });
    expect(s.chunking).toEqual({ maxTokens: 33, overlapTokens: 16 });
  });

  it('keeps the previous value when a field was cleared (NaN)', () => {
    const s = mergeSettings(DEFAULT_SETTINGS, {
      chunking: { maxTokens: Number.NaN, overlapTokens: Number.NaN },
      search: { ...DEFAULT_SETTINGS.search, topK: Number.NaN, threshold: Number.NaN },
    });
    expect(s.chunking).toEqual(DEFAULT_SETTINGS.chunking);
    expect(s.search.topK).toBe(DEFAULT_SETTINGS.search.topK);
    expect(s.search.threshold).toBe(DEFAULT_SETTINGS.search.threshold);
  });

  it('refuses generator ids made of dots, which would climb out of the model host', () => {
    const { models } = generatorFromUrl('?generator=..,../x,a/..,ok/model.v2,.hidden/x');
    expect(models).toEqual(['ok/model.v2', '.hidden/x']);
  });
});
