// Library settings: mergeSettings' clamping and normalising, and the URL overrides read by
// settingsFromUrl, libraryFromUrl and generatorFromUrl.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  generatorFromUrl,
  libraryFromUrl,
  mergeSettings,
  settingsFromUrl,
} from '../../../src/lib/library/settings';
import type { LibrarySettings } from '../../../src/lib/library/protocol';

describe('mergeSettings', () => {
  it('returns the base unchanged for an empty patch, without sharing nested objects', () => {
    const merged = mergeSettings(DEFAULT_SETTINGS, {});
    expect(merged).toEqual(DEFAULT_SETTINGS);
    expect(merged.chunking).not.toBe(DEFAULT_SETTINGS.chunking);
    expect(merged.search).not.toBe(DEFAULT_SETTINGS.search);
  });

  it('does not change the base it merges into', () => {
    const before = structuredClone(DEFAULT_SETTINGS);
    mergeSettings(DEFAULT_SETTINGS, {
      chunking: { maxTokens: 5000, overlapTokens: 4000 },
      search: { ...DEFAULT_SETTINGS.search, topK: 0 },
      modelHost: 'https://mirror.test',
    });
    expect(DEFAULT_SETTINGS).toEqual(before);
  });

  it('clamps chunk size to 32..2048 and overlap to half the chunk size', () => {
    const small = mergeSettings(DEFAULT_SETTINGS, {
      chunking: { maxTokens: 5, overlapTokens: 50 },
    });
    expect(small.chunking).toEqual({ maxTokens: 32, overlapTokens: 16 });
    const big = mergeSettings(DEFAULT_SETTINGS, {
      chunking: { maxTokens: 9000, overlapTokens: -4 },
    });
    expect(big.chunking).toEqual({ maxTokens: 2048, overlapTokens: 0 });
    const fine = mergeSettings(DEFAULT_SETTINGS, {
      chunking: { maxTokens: 300.4, overlapTokens: 60.6 },
    });
    expect(fine.chunking).toEqual({ maxTokens: 300, overlapTokens: 61 });
  });

  it('clamps topK to 1..100 (rounded) and the threshold to 0..1', () => {
    const search = (patch: Partial<LibrarySettings['search']>) =>
      mergeSettings(DEFAULT_SETTINGS, { search: { ...DEFAULT_SETTINGS.search, ...patch } }).search;
    expect(search({ topK: 0 }).topK).toBe(1);
    expect(search({ topK: 500 }).topK).toBe(100);
    expect(search({ topK: 7.6 }).topK).toBe(8);
    expect(search({ threshold: -0.5 }).threshold).toBe(0);
    expect(search({ threshold: 3 }).threshold).toBe(1);
    expect(search({ threshold: 0.35 }).threshold).toBe(0.35);
    expect(search({ mode: 'keyword', rerank: true })).toMatchObject({
      mode: 'keyword',
      rerank: true,
    });
  });

  it('keeps the other search fields when a patch changes one', () => {
    const base = mergeSettings(DEFAULT_SETTINGS, {
      search: { mode: 'vector', topK: 12, threshold: 0.2, rerank: true },
    });
    const next = mergeSettings(base, { modelId: 'org/embedder' });
    // The fusion and depth fields (issue 13) keep their defaults alongside.
    expect(next.search).toEqual({
      ...DEFAULT_SETTINGS.search,
      mode: 'vector',
      topK: 12,
      threshold: 0.2,
      rerank: true,
    });
    expect(next.modelId).toBe('org/embedder');
  });

  it('ends the model host with a slash, once', () => {
    expect(mergeSettings(DEFAULT_SETTINGS, { modelHost: 'http://localhost:9/m' }).modelHost).toBe(
      'http://localhost:9/m/',
    );
    expect(mergeSettings(DEFAULT_SETTINGS, { modelHost: 'http://localhost:9/m/' }).modelHost).toBe(
      'http://localhost:9/m/',
    );
  });

  it('accepts only the known vector indexes, falling back to the default (int8)', () => {
    expect(mergeSettings(DEFAULT_SETTINGS, { vectorIndex: 'voy' }).vectorIndex).toBe('voy');
    expect(mergeSettings(DEFAULT_SETTINGS, { vectorIndex: 'quantised' }).vectorIndex).toBe(
      'quantised',
    );
    const bogus = { vectorIndex: 'hnsw' } as unknown as Partial<LibrarySettings>;
    expect(mergeSettings(DEFAULT_SETTINGS, bogus).vectorIndex).toBe('quantised');
  });
});

describe('settingsFromUrl', () => {
  it('reads nothing from an address without overrides', () => {
    expect(settingsFromUrl('')).toEqual({});
    expect(settingsFromUrl('?foo=bar&library=x')).toEqual({});
  });

  it('reads the embedding model (also as a custom id), host, index and reranker', () => {
    expect(
      settingsFromUrl(
        '?embedModel=org%2Fe5&modelHost=http%3A%2F%2Flocalhost%3A8080%2F&vectorIndex=voy&reranker=org%2Fce',
      ),
    ).toEqual({
      modelId: 'org/e5',
      customModelId: 'org/e5',
      modelHost: 'http://localhost:8080/',
      vectorIndex: 'voy',
      rerankerId: 'org/ce',
    });
  });

  it('ignores an unknown vector index and empty values', () => {
    expect(settingsFromUrl('?vectorIndex=hnsw&embedModel=&modelHost=')).toEqual({});
    expect(settingsFromUrl('vectorIndex=flat')).toEqual({ vectorIndex: 'flat' });
    expect(settingsFromUrl('vectorIndex=quantised')).toEqual({ vectorIndex: 'quantised' });
  });
});

describe('libraryFromUrl', () => {
  it('names a separate database for a valid library name', () => {
    expect(libraryFromUrl('?library=bench')).toBe('ragtune-bench');
    expect(libraryFromUrl('?library=scifact_2-a')).toBe('ragtune-scifact_2-a');
    expect(libraryFromUrl(`?library=${'a'.repeat(40)}`)).toBe(`ragtune-${'a'.repeat(40)}`);
  });

  it('rejects missing, empty, too long or unsafe names', () => {
    expect(libraryFromUrl('')).toBeUndefined();
    expect(libraryFromUrl('?library=')).toBeUndefined();
    expect(libraryFromUrl(`?library=${'a'.repeat(41)}`)).toBeUndefined();
    expect(libraryFromUrl('?library=a%20b')).toBeUndefined();
    expect(libraryFromUrl('?library=..%2Fother')).toBeUndefined();
    expect(libraryFromUrl('?library=caf%C3%A9')).toBeUndefined();
  });
});

describe('generatorFromUrl', () => {
  it('reads no models and no host from an address without them', () => {
    expect(generatorFromUrl('')).toEqual({ models: [] });
    expect(generatorFromUrl('?generatorHost=%20%20')).toEqual({ models: [] });
  });

  it('splits, trims and dedupes the model ids, keeping their order', () => {
    expect(generatorFromUrl('?generator=org/a,%20org/b.v2%20,org/a,tiny-lm')).toEqual({
      models: ['org/a', 'org/b.v2', 'tiny-lm'],
    });
  });

  it('drops ids that are not a name or org/name', () => {
    expect(
      generatorFromUrl('?generator=org/a/b,,org/<script>,a%20b,ok_1,https://x.test/m').models,
    ).toEqual(['ok_1']);
  });

  it('reads the host, trimmed', () => {
    expect(generatorFromUrl('?generator=org/a&generatorHost=%20http://localhost:9/%20')).toEqual({
      models: ['org/a'],
      host: 'http://localhost:9/',
    });
  });
});
