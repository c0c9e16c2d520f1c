// Answer display helpers: spaced citations ("[ 1 ]") made plain, left alone where they are not
// citations, and the four figures an answer card shows.
import { describe, expect, it } from 'vitest';
import {
  ENGINE_LABELS,
  preRetrievalSummary,
  statsFigures,
  tidyCitations,
} from '../../../../src/lib/components/chat/answerText';
import type { GenerationStats } from '../../../../src/lib/generate/Generator';

describe('tidyCitations', () => {
  it('removes the padding inside a citation', () => {
    expect(tidyCitations('The bell rings [ 1 ].')).toBe('The bell rings [1].');
    expect(tidyCitations('See [1 ] and [ 2].')).toBe('See [1] and [2].');
    expect(tidyCitations('Oil [   12   ]')).toBe('Oil [12]');
  });

  it('keeps the separators of a list or range, trimming only the ends', () => {
    expect(tidyCitations('[ 1 , 2 ]')).toBe('[1 , 2]');
    expect(tidyCitations('[ 1; 3 ]')).toBe('[1; 3]');
    expect(tidyCitations('[ 2 – 4 ]')).toBe('[2 – 4]');
    expect(tidyCitations('[ 1 and 2 ]')).toBe('[1 and 2]');
  });

  it('tidies every citation in the text', () => {
    expect(tidyCitations('A [ 1 ], b [ 2 ]\nc [ 3 , 4 ]')).toBe('A [1], b [2]\nc [3 , 4]');
  });

  it('leaves Markdown links, words and long numbers alone', () => {
    expect(tidyCitations('[ 1 ](https://example.test)')).toBe('[ 1 ](https://example.test)');
    expect(tidyCitations('[ note ]')).toBe('[ note ]');
    expect(tidyCitations('[ 12345 ]')).toBe('[ 12345 ]');
    expect(tidyCitations('[ ]')).toBe('[ ]');
    expect(tidyCitations('no citations here')).toBe('no citations here');
  });

  it('leaves plain citations as they are', () => {
    const text = 'Already fine [1] and [2, 3].';
    expect(tidyCitations(text)).toBe(text);
  });
});

describe('statsFigures', () => {
  const stats: GenerationStats = {
    promptTokens: 321,
    completionTokens: 45,
    timeToFirstTokenMs: 1234,
    prefillTokensPerS: 500,
    decodeTokensPerS: 12.345,
    totalMs: 5000,
    modelId: 'm',
    timingSource: 'engine',
  };

  it('gives prompt, first token, decode rate and total, in that order', () => {
    expect(statsFigures(stats)).toEqual([
      { label: 'Prompt', value: '321 tokens' },
      { label: 'First token', value: '1.23 s' },
      { label: 'Decode', value: '12.3 tokens/s' },
      { label: 'Total', value: '5.00 s · 45 tokens' },
    ]);
  });

  it('shows a dash for an unknown decode rate and says when the page did the timing', () => {
    const figures = statsFigures({ ...stats, decodeTokensPerS: 0, timingSource: 'client' });
    expect(figures[2]).toEqual({ label: 'Decode', value: '—' });
    expect(figures[3]!.value).toBe('5.00 s · 45 tokens (timed by the page)');
  });

  it('labels every engine', () => {
    expect(ENGINE_LABELS).toEqual({
      webllm: 'WebLLM',
      transformers: 'transformers.js',
      endpoint: 'your server',
    });
  });
});

describe('preRetrievalSummary', () => {
  it('counts the searches, says when one was a hypothetical answer, and sums their cost', () => {
    const cost = { generateMs: 300.4, searchMs: 20, promptTokens: 150, completionTokens: 30 };
    expect(preRetrievalSummary({ queries: ['q', 'h'], hypothetical: 'h', cost }, 'searches')).toBe(
      '2 searches incl. a hypothetical answer · +320 ms, 180 tokens',
    );
    expect(preRetrievalSummary({ queries: ['q', 'a', 'b'], cost }, 'queries')).toBe(
      '3 queries · +320 ms, 180 tokens',
    );
  });
});
