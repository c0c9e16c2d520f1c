// createLimiter and forEachLimited: never more than the limit under way, the limit read at each
// start, every task run once in order, failures passed on without blocking the next.
import { describe, expect, it } from 'vitest';
import { createLimiter, forEachLimited } from '../../../src/lib/lab/limit';

const tick = (ms = 2) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createLimiter', () => {
  it('keeps at most limit() running, in the order asked, and passes failures on', async () => {
    let limit = 2;
    const run = createLimiter(() => limit);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
      if (n === 1) throw new Error('one failed');
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => run(task(n))));
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(results[0]).toMatchObject({ status: 'rejected' });
    expect(results.slice(1).map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([
      2, 3, 4, 5,
    ]);
    limit = 3;
    peak = 0;
    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => run(task(n + 1))));
    expect(peak).toBe(3);
  });
});

describe('forEachLimited', () => {
  it('visits every item once with at most `limit` under way', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick(n % 3);
      seen.push(n);
      running -= 1;
    });
    expect(peak).toBe(3);
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    let alone = 0;
    await forEachLimited([1, 2, 3], 1, async () => {
      alone += 1;
      expect(alone).toBe(1);
      await tick();
      alone -= 1;
    });
    await forEachLimited([], 4, async () => {
      throw new Error('never called');
    });
  });
});
