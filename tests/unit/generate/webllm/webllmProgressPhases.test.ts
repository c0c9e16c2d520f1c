// The load bar through WebLLM's real phases: a download, then the upload of every shard from the
// cache to the GPU (the bar moves on, it does not sit at 90 %), then shaders; a cached load never
// says it is downloading.
import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../../../src/lib/generate/Generator';
import { createWebllmGenerator } from '../../../../src/lib/generate/webllm/webllmGenerator';
import { CACHED_REPORTS, QWEN, standIn } from './webllmStandIn';

const DOWNLOAD = [
  { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
  {
    progress: 1,
    timeElapsed: 6,
    text: 'Fetching param cache[9/9]: 303MB fetched. 100% completed, 6 secs elapsed.',
  },
  ...CACHED_REPORTS.slice(1),
];

async function bar(reports: typeof DOWNLOAD) {
  const generator = createWebllmGenerator(standIn({ reports }).options);
  const seen: LoadProgress[] = [];
  await generator.load(QWEN, (p) => seen.push(p));
  return seen;
}

describe('WebLLM load phases', () => {
  it('splits the bar: download, then the upload to the GPU', async () => {
    const seen = await bar(DOWNLOAD);
    const upload = seen.filter((p) => p.phase === 'load');
    expect(upload).toHaveLength(2);
    const afterDownload = seen.find((p) => p.phase === 'download')!.fraction;
    expect(upload[0]!.fraction).toBeGreaterThan(afterDownload);
    expect(upload[1]!.fraction).toBeGreaterThan(upload[0]!.fraction);
    expect(upload[0]!.text).toMatch(/from the cache to the GPU/);
  });

  it('a cached load never says it is downloading', async () => {
    const seen = await bar(CACHED_REPORTS);
    expect(seen.map((p) => p.text).join(' | ')).not.toMatch(/download/i);
    expect(seen.some((p) => p.phase === 'download')).toBe(false);
  });
});
