// throttledSave: the first change is saved at once, later ones at most every interval (the last
// always included), one write at a time, flush saves now, and nothing is written after stop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttledSave } from '../../../src/lib/state/throttledSave';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('throttledSave', () => {
  it('saves the first change at once, then the latest at most every interval', async () => {
    const saved: string[] = [];
    let text = 'a';
    const saver = throttledSave(async () => void saved.push(text), 500);
    saver.touch();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['a']);
    text = 'ab';
    saver.touch();
    text = 'abc';
    saver.touch();
    await vi.advanceTimersByTimeAsync(499);
    expect(saved).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['a', 'abc']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(saved).toEqual(['a', 'abc']); // nothing changed: nothing written
  });

  it('flushes at once, never runs two writes together, and stops writing after stop', async () => {
    let running = 0;
    let most = 0;
    const writes: number[] = [];
    const saver = throttledSave(async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 100));
      writes.push(performance.now());
      running--;
    }, 500);
    saver.touch();
    saver.touch();
    const flushed = saver.flush();
    await vi.advanceTimersByTimeAsync(300);
    await flushed;
    expect(writes).toHaveLength(2);
    expect(most).toBe(1);
    saver.touch();
    const stopped = saver.stop();
    await vi.advanceTimersByTimeAsync(1000);
    await stopped;
    expect(writes).toHaveLength(2);
  });

  it('a failed write does not stop later ones', async () => {
    let calls = 0;
    const saver = throttledSave(async () => {
      calls++;
      if (calls === 1) throw new Error('quota');
    }, 10);
    saver.touch();
    await vi.advanceTimersByTimeAsync(0);
    saver.touch();
    await vi.advanceTimersByTimeAsync(20);
    expect(calls).toBe(2);
  });
});
