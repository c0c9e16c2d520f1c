// Hybrid fusion as a setting: RRF by default, or a convex sum of min-max normalised keyword and
// vector scores with the vector weight given; the URL and settings carry the choice.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/lib/library/Library';
import {
  DEFAULT_SETTINGS,
  mergeSettings,
  settingsFromUrl,
} from '../../../src/lib/library/settings';
import type { SearchSettings } from '../../../src/lib/library/types';
import type { SearchHit } from '../../../src/lib/search/searchHit';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { fakeEmbedder } from './fakeEmbedder';

const TEXTS = [
  'The harbour lantern hangs by the quay gate.',
  'Boats crowd the harbour mouth at dawn.',
  'A brass lantern lights the keeper stairs.',
  'The ferry leaves the quay at noon.',
];
const base: SearchSettings = { mode: 'hybrid', topK: 50, threshold: 0, rerank: false };
const minmax = (hits: SearchHit[], key: 'keywordScore' | 'vectorScore') => {
  const xs = hits.flatMap((h) => (h[key] === undefined ? [] : [h[key] as number]));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return (h: SearchHit) => (h[key] === undefined ? 0 : ((h[key] as number) - lo) / (hi - lo || 1));
};

describe('hybrid fusion setting', () => {
  it('fuses by RRF by default and by a weighted sum of min-max scores when convex', async () => {
    const library = await Library.open(await openLibraryStore('hybrid-fusion'));
    await library.setEmbedder(fakeEmbedder());
    for (const [i, text] of TEXTS.entries()) {
      const bytes = new TextEncoder().encode(text).buffer as ArrayBuffer;
      await library.ingest(
        { name: `t${i}.txt`, bytes, source: 'file' },
        DEFAULT_SETTINGS.chunking,
        () => {},
      );
    }
    const query = 'harbour lantern quay';
    const rrf = (await library.search(query, base)).hits;
    for (const h of rrf) {
      const expected =
        (h.keywordRank ? 1 / (60 + h.keywordRank) : 0) +
        (h.vectorRank ? 1 / (60 + h.vectorRank) : 0);
      expect(h.fusedScore).toBeCloseTo(expected, 12);
    }
    for (const w of [0.2, 0.8]) {
      const hits = (await library.search(query, { ...base, fusion: 'convex', fusionWeight: w }))
        .hits;
      expect(hits.length).toBe(TEXTS.length);
      const kw = minmax(hits, 'keywordScore');
      const vec = minmax(hits, 'vectorScore');
      for (const h of hits) expect(h.fusedScore).toBeCloseTo((1 - w) * kw(h) + w * vec(h), 12);
      const scores = hits.map((h) => h.fusedScore ?? NaN);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('reads the fusion from the URL and keeps it in the settings, clamped', () => {
    expect(DEFAULT_SETTINGS.search.fusion).toBe('rrf');
    const patch = settingsFromUrl('?fusion=convex&fusionWeight=0.3');
    const merged = mergeSettings(
      { ...DEFAULT_SETTINGS, search: { ...DEFAULT_SETTINGS.search, topK: 9 } },
      patch,
    );
    expect(merged.search).toMatchObject({ fusion: 'convex', fusionWeight: 0.3, topK: 9 });
    expect(
      mergeSettings(DEFAULT_SETTINGS, {
        search: { ...base, fusion: 'x' as 'rrf', fusionWeight: 7 },
      }).search,
    ).toMatchObject({ fusion: 'rrf', fusionWeight: 1 });
    expect(settingsFromUrl('?fusion=other').search).toBeUndefined();
  });
});
