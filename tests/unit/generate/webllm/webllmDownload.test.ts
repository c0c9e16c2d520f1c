// WebLLM's weight download as a person sees it: speed and time left from its once-per-shard reports
// (cached shards of an earlier try not counted as speed), and an interrupted download told apart
// from a host that cannot be reached.
import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../../../src/lib/generate/Generator';
import { trackInitProgress } from '../../../../src/lib/generate/webllm/progress';
import { createWebllmGenerator } from '../../../../src/lib/generate/webllm/webllmGenerator';
import { QWEN, standIn } from './webllmStandIn';

const MB = 2 ** 20;
const SHARDS = 16;
const SHARD_MB = 32;

/** WebLLM's report after `done` of 16 shards of 32 MB (its text rounds MB up; 512 MB in all). */
function fetched(done: number) {
  const bytes = done * SHARD_MB * MB;
  return {
    progress: bytes / (SHARDS * SHARD_MB * MB),
    timeElapsed: 0,
    text: `Fetching param cache[${done}/${SHARDS}]: ${Math.ceil(bytes / MB)}MB fetched. ${Math.floor((done * 100) / SHARDS)}% completed, 0 secs elapsed.`,
  };
}

describe('trackInitProgress: speed and time left', () => {
  it('gives speed and time left from shard reports, leaving out shards cached before', () => {
    let clock = 0;
    const seen: LoadProgress[] = [];
    const track = trackInitProgress(
      (p) => seen.push(p),
      () => clock,
    );
    track({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' });
    // A resumed download: 4 shards were cached by the try that broke off; WebLLM reports them at once.
    clock = 5;
    track(fetched(4));
    expect(seen.at(-1)?.bytesPerSecond).toBeUndefined();
    // Then one new shard every 8 s: 4 MB/s.
    for (let done = 5; done <= 8; done++) {
      clock += 8000;
      track(fetched(done));
    }
    const last = seen.at(-1)!;
    expect(last.phase).toBe('download');
    expect(last.bytesPerSecond! / MB).toBeCloseTo(4, 5);
    expect(last.secondsLeft).toBeCloseTo((8 * SHARD_MB) / 4, 3);
    expect(track.downloadUnderWay()).toBe(8 * SHARD_MB * MB);
  });

  it('says no download is under way once the weights are all fetched', () => {
    const track = trackInitProgress(() => {});
    track(fetched(SHARDS));
    expect(track.downloadUnderWay()).toBe(0);
    track({ progress: 0.5, timeElapsed: 1, text: 'Loading GPU shader modules[40/80]' });
    expect(track.downloadUnderWay()).toBe(0);
  });
});

describe('createWebllmGenerator: a download that breaks off', () => {
  it('says it was interrupted, how far it got, and that finished shards are kept', async () => {
    const fake = standIn({
      reports: [{ progress: 0, timeElapsed: 0, text: 'Start to fetch params' }, fetched(6)],
      createError: new TypeError('Failed to fetch'),
    });
    const generator = createWebllmGenerator({
      ...fake.options,
      describeModel: () => ({ label: 'Qwen2.5 0.5B' }),
    });
    const seen: LoadProgress[] = [];
    await expect(generator.load(QWEN, (p) => seen.push(p))).rejects.toMatchObject({
      code: 'download-interrupted',
      message:
        'The download of Qwen2.5 0.5B was interrupted after 192 MB — try again: the weight shards that finished stay cached, so it goes on from there.',
    });
    expect(seen.at(-1)?.loadedBytes).toBe(192 * MB);
  });

  it('still says "could not download" when nothing had arrived', async () => {
    const fake = standIn({
      reports: [{ progress: 0, timeElapsed: 0, text: 'Start to fetch params' }],
      createError: 'TypeError: Failed to fetch',
    });
    const generator = createWebllmGenerator(fake.options);
    await expect(generator.load(QWEN, () => {})).rejects.toMatchObject({
      code: 'model-unavailable',
      message: expect.stringMatching(/^Could not download /),
    });
  });

  it('says offline, not interrupted, when the browser went offline', async () => {
    const fake = standIn({ reports: [fetched(6)], createError: new TypeError('Failed to fetch') });
    const generator = createWebllmGenerator({ ...fake.options, isOnline: () => false });
    await expect(generator.load(QWEN, () => {})).rejects.toMatchObject({
      code: 'model-not-cached',
    });
  });
});
