// clampDecoding: every decoding setting kept inside the range both engines accept, and a cleared
// (non-finite) field falling back to its default.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DECODING,
  clampDecoding,
  type DecodingSettings,
} from '../../../src/lib/generate/decoding';

const with_ = (patch: Partial<DecodingSettings>) =>
  clampDecoding({ ...DEFAULT_DECODING, ...patch });

describe('clampDecoding', () => {
  it('leaves settings already in range unchanged', () => {
    const settings = { temperature: 0.7, topP: 0.9, maxTokens: 512, seed: 7 };
    expect(clampDecoding(settings)).toEqual(settings);
    expect(clampDecoding(DEFAULT_DECODING)).toEqual(DEFAULT_DECODING);
  });

  it('keeps temperature within 0..2', () => {
    expect(with_({ temperature: -1 }).temperature).toBe(0);
    expect(with_({ temperature: 5 }).temperature).toBe(2);
    expect(with_({ temperature: 2 }).temperature).toBe(2);
  });

  it('keeps topP within 0.01..1 (never zero)', () => {
    expect(with_({ topP: 0 }).topP).toBe(0.01);
    expect(with_({ topP: -3 }).topP).toBe(0.01);
    expect(with_({ topP: 1.5 }).topP).toBe(1);
  });

  it('rounds maxTokens and keeps it within 1..4096', () => {
    expect(with_({ maxTokens: 0 }).maxTokens).toBe(1);
    expect(with_({ maxTokens: 10_000 }).maxTokens).toBe(4096);
    expect(with_({ maxTokens: 99.6 }).maxTokens).toBe(100);
  });

  it('rounds the seed and makes it non-negative', () => {
    expect(with_({ seed: -5 }).seed).toBe(0);
    expect(with_({ seed: 3.4 }).seed).toBe(3);
  });

  it('falls back to the defaults for cleared (NaN or infinite) fields', () => {
    expect(
      clampDecoding({ temperature: NaN, topP: NaN, maxTokens: Infinity, seed: -Infinity }),
    ).toEqual(DEFAULT_DECODING);
  });

  it('returns a new object and leaves its input alone', () => {
    const input = { temperature: 9, topP: 0, maxTokens: 0, seed: -1 };
    const out = clampDecoding(input);
    expect(out).not.toBe(input);
    expect(input).toEqual({ temperature: 9, topP: 0, maxTokens: 0, seed: -1 });
  });
});
