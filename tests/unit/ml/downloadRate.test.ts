// The download speed and time left a person reads: steady, bursty, stalled, cached and
// unknown-size downloads, and the words they become.
import { describe, expect, it } from 'vitest';
import {
  RateMeter,
  formatBytesPerSecond,
  formatDownload,
  formatRate,
  formatSecondsLeft,
  type RateReading,
} from '../../../src/lib/ml/downloadRate';

const MB = 2 ** 20;

/** Feeds `meter` one sample every `stepMs` from `from` to `to` (ms), bytes from `bytesAt(t)`. */
function feed(
  meter: RateMeter,
  bytesAt: (t: number) => number,
  total: number,
  range: { from: number; to: number; stepMs: number },
  fetchedAt?: (t: number) => number,
): RateReading {
  let last: RateReading = {};
  for (let t = range.from; t <= range.to; t += range.stepMs) {
    last = meter.update({ at: t, loaded: bytesAt(t), total, fetched: fetchedAt?.(t) });
  }
  return last;
}

describe('RateMeter', () => {
  it('gives a steady download its speed and the time left at that speed', () => {
    const meter = new RateMeter();
    // 2 MB/s for 10 s of a 100 MB file
    const r = feed(meter, (t) => (t / 1000) * 2 * MB, 100 * MB, {
      from: 0,
      to: 10_000,
      stepMs: 100,
    });
    expect(r.bytesPerSecond! / MB).toBeCloseTo(2, 5);
    expect(r.secondsLeft).toBeCloseTo((100 - 20) / 2, 3);
    expect(r.stalled).toBeUndefined();
  });

  it('says nothing from the first moments, then follows a change of speed within the window', () => {
    const meter = new RateMeter({ windowMs: 5000 });
    expect(meter.update({ at: 0, loaded: 0, total: 10 * MB })).toEqual({});
    expect(meter.update({ at: 500, loaded: 0.5 * MB, total: 10 * MB })).toEqual({});
    // 1 MB/s until 10 s, then 4 MB/s
    const bytes = (t: number) => (t <= 10_000 ? t / 1000 : 10 + ((t - 10_000) / 1000) * 4) * MB;
    const slow = feed(meter, bytes, 100 * MB, { from: 600, to: 10_000, stepMs: 100 });
    expect(slow.bytesPerSecond! / MB).toBeCloseTo(1, 3);
    const fast = feed(meter, bytes, 100 * MB, { from: 10_100, to: 16_000, stepMs: 100 });
    expect(fast.bytesPerSecond! / MB).toBeCloseTo(4, 1);
  });

  it('averages bursty reports (one weight shard every few seconds) instead of jumping', () => {
    const meter = new RateMeter({ windowMs: 5000 });
    meter.update({ at: 0, loaded: 0, total: 320 * MB });
    // A 32 MB shard finishes every 8 s (4 MB/s on average), reported only when it is done.
    let r: RateReading = {};
    for (let shard = 1; shard <= 5; shard++) {
      r = meter.update({ at: shard * 8000, loaded: shard * 32 * MB, total: 320 * MB });
      expect(r.bytesPerSecond! / MB).toBeCloseTo(4, 5);
    }
    expect(r.secondsLeft).toBeCloseTo((320 - 160) / 4, 3);
  });

  it('reports a stall (no speed, no time left) and recovers when bytes flow again', () => {
    const meter = new RateMeter({ stallMs: 4000 });
    feed(meter, (t) => (t / 1000) * MB, 50 * MB, { from: 0, to: 5000, stepMs: 100 });
    // Nothing arrives from 5 s on; a heartbeat keeps sampling.
    const quiet = feed(meter, () => 5 * MB, 50 * MB, { from: 5100, to: 8900, stepMs: 100 });
    expect(quiet.stalled).toBeUndefined();
    const stalled = feed(meter, () => 5 * MB, 50 * MB, { from: 9000, to: 12_000, stepMs: 1000 });
    expect(stalled).toEqual({ stalled: true });
    const again = feed(meter, (t) => 5 * MB + ((t - 12_000) / 1000) * MB, 50 * MB, {
      from: 12_100,
      to: 20_000,
      stepMs: 100,
    });
    expect(again.stalled).toBeUndefined();
    expect(again.bytesPerSecond! / MB).toBeCloseTo(1, 1);
  });

  it('counts no speed for bytes read at once from the cache', () => {
    const meter = new RateMeter();
    meter.update({ at: 0, loaded: 0, total: 200 * MB });
    // A resumed WebLLM download: 150 MB of cached shards reported within 20 ms…
    meter.update({ at: 20, loaded: 150 * MB, total: 200 * MB });
    // …then 1 MB/s over the network.
    const r = feed(meter, (t) => 150 * MB + ((t - 20) / 1000) * MB, 200 * MB, {
      from: 1020,
      to: 6020,
      stepMs: 500,
    });
    expect(r.bytesPerSecond! / MB).toBeCloseTo(1, 5);
    expect(r.secondsLeft).toBeCloseTo(44, 0);
  });

  it('uses the network byte count when given, so a large cached file read later is no speed', () => {
    const meter = new RateMeter();
    // 1 MB/s of network bytes, while a 90 MB cached file is read between 3 and 4 s.
    const loaded = (t: number) =>
      (t / 1000) * MB + (t >= 4000 ? 90 * MB : t >= 3000 ? ((t - 3000) / 1000) * 90 * MB : 0);
    const r = feed(
      meter,
      loaded,
      200 * MB,
      { from: 0, to: 6000, stepMs: 100 },
      (t) => (t / 1000) * MB,
    );
    expect(r.bytesPerSecond! / MB).toBeCloseTo(1, 5);
    expect(r.secondsLeft).toBeCloseTo(200 - 96, 3);
  });

  it('gives a speed but no time left while the total is unknown', () => {
    const meter = new RateMeter();
    const r = feed(meter, (t) => (t / 1000) * 3 * MB, 0, { from: 0, to: 4000, stepMs: 100 });
    expect(r.bytesPerSecond! / MB).toBeCloseTo(3, 5);
    expect(r.secondsLeft).toBeUndefined();
  });

  it('ends at zero seconds left, and starts afresh when the byte counter goes back', () => {
    const meter = new RateMeter();
    feed(meter, (t) => (t / 1000) * MB, 3 * MB, { from: 0, to: 2900, stepMs: 100 });
    expect(meter.update({ at: 3000, loaded: 3 * MB, total: 3 * MB })).toEqual({ secondsLeft: 0 });
    // A retry counts from 0 again: no figure until a new span has passed.
    expect(meter.update({ at: 3100, loaded: 0, total: 3 * MB })).toEqual({});
    expect(meter.update({ at: 3600, loaded: 0.5 * MB, total: 3 * MB })).toEqual({});
    expect(meter.update({ at: 4100, loaded: MB, total: 3 * MB }).bytesPerSecond! / MB).toBeCloseTo(
      1,
      5,
    );
  });
});

describe('formatting', () => {
  it('writes speeds in KB/s, MB/s and GB/s', () => {
    expect(formatBytesPerSecond(850 * 1024)).toBe('850 KB/s');
    expect(formatBytesPerSecond(12.34 * MB)).toBe('12.3 MB/s');
    expect(formatBytesPerSecond(250 * MB)).toBe('250 MB/s');
    expect(formatBytesPerSecond(1.25 * 1024 * MB)).toBe('1.3 GB/s');
    expect(formatBytesPerSecond(10)).toBe('1 KB/s');
  });

  it('writes times left in seconds, minutes and hours, rounded up', () => {
    expect(formatSecondsLeft(0.2)).toBe('1 s left');
    expect(formatSecondsLeft(39.1)).toBe('40 s left');
    expect(formatSecondsLeft(125)).toBe('2 min 5 s left');
    expect(formatSecondsLeft(14 * 60 + 1)).toBe('15 min left');
    expect(formatSecondsLeft(80 * 60)).toBe('1 h 20 min left');
  });

  it('joins what is known into one line', () => {
    expect(formatRate({ bytesPerSecond: 12.3 * MB, secondsLeft: 40 })).toBe(
      '12.3 MB/s · 40 s left',
    );
    expect(formatRate({ bytesPerSecond: 12.3 * MB })).toBe('12.3 MB/s');
    expect(formatRate({ stalled: true })).toBe('stalled: waiting for the network');
    expect(formatRate({})).toBe('');
    expect(
      formatDownload({
        loadedBytes: 1.5 * MB,
        totalBytes: 3 * MB,
        bytesPerSecond: MB,
        secondsLeft: 1.5,
      }),
    ).toBe('1.5 of 3.0 MB · 1.0 MB/s · 2 s left');
    expect(formatDownload({ loadedBytes: 2 * MB, totalBytes: 0 })).toBe('2.0 MB');
    expect(formatDownload({ loadedBytes: 0, totalBytes: 0 })).toBe('');
  });
});
