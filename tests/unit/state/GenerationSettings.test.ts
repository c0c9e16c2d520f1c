// GenerationSettings, the one decoding state the chat, the lab and question-set runs share: its
// problem and refusal sentence, the plain in-range copy a run records, and reset.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODING, decodingError } from '../../../src/lib/generate/decoding';
import { GenerationSettings } from '../../../src/lib/state/GenerationSettings.svelte';

describe('GenerationSettings', () => {
  it('starts from the defaults, or from the settings it is given (copied, not shared)', () => {
    expect(new GenerationSettings().decoding).toEqual(DEFAULT_DECODING);
    const given = { ...DEFAULT_DECODING, seed: 7 };
    const settings = new GenerationSettings(given);
    settings.decoding.seed = 8;
    expect(given.seed).toBe(7);
  });

  it('names the first bad value and the sentence a refused run shows', () => {
    const settings = new GenerationSettings();
    expect(settings.problem).toBeUndefined();
    expect(settings.error).toBeUndefined();
    settings.decoding.temperature = 5;
    expect(settings.problem?.key).toBe('temperature');
    expect(settings.error).toBe(decodingError({ ...DEFAULT_DECODING, temperature: 5 }));
    expect(settings.error).toMatch(/^Temperature .*decoding settings/);
  });

  it('gives a run a plain copy within range: later edits do not change what a run recorded', () => {
    const settings = new GenerationSettings();
    settings.decoding.maxTokens = Number.NaN; // a cleared field
    settings.decoding.topP = 0.9;
    const recorded = settings.snapshot();
    expect(recorded).toEqual({ ...DEFAULT_DECODING, topP: 0.9 });
    settings.decoding.topP = 0.5;
    expect(recorded.topP).toBe(0.9);
  });

  it('resets every value to its default', () => {
    const settings = new GenerationSettings({ temperature: 1, topP: 0.5, maxTokens: 9, seed: 1 });
    settings.reset();
    expect(settings.decoding).toEqual(DEFAULT_DECODING);
  });
});
