// batched: streamed pieces gathered and handed on at most every `ms` milliseconds, in order and
// joined exactly, with flush() applying whatever is waiting at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batched } from '../../../src/lib/state/batched';

describe('batched', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gathers pieces and applies them once, joined in order, after the interval', () => {
    const applied: string[] = [];
    const batch = batched((text) => applied.push(text), 50);
    batch.push('Hel');
    batch.push('lo, ');
    batch.push('world');
    expect(applied).toEqual([]);
    vi.advanceTimersByTime(49);
    expect(applied).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual(['Hello, world']);
  });

  it('flush() applies what is waiting at once and cancels the pending timer', () => {
    const apply = vi.fn<(text: string) => void>();
    const batch = batched(apply, 50);
    batch.push('a');
    batch.push(' b');
    batch.flush();
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply).toHaveBeenLastCalledWith('a b');
    vi.advanceTimersByTime(200);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('does not call apply for an empty flush', () => {
    const apply = vi.fn<(text: string) => void>();
    const batch = batched(apply);
    batch.flush();
    vi.advanceTimersByTime(1000);
    expect(apply).not.toHaveBeenCalled();
  });

  it('delivers every piece exactly once across several batches', () => {
    const applied: string[] = [];
    const batch = batched((text) => applied.push(text), 10);
    const pieces = ['The ', 'keeper ', 'rings ', 'the ', 'fog ', 'bell', '.', ' ', '[1]'];
    pieces.forEach((piece, i) => {
      batch.push(piece);
      vi.advanceTimersByTime(i % 3 === 2 ? 10 : 3);
    });
    batch.flush();
    expect(applied.length).toBeGreaterThan(1);
    expect(applied.every((t) => t.length > 0)).toBe(true);
    expect(applied.join('')).toBe(pieces.join(''));
  });

  it('starts a fresh interval for pieces pushed after a batch went out', () => {
    const applied: string[] = [];
    const batch = batched((text) => applied.push(text), 50);
    batch.push('one');
    vi.advanceTimersByTime(50);
    batch.push('two');
    vi.advanceTimersByTime(30);
    expect(applied).toEqual(['one']);
    vi.advanceTimersByTime(20);
    expect(applied).toEqual(['one', 'two']);
  });

  it('keeps whitespace-only pieces', () => {
    const applied: string[] = [];
    const batch = batched((text) => applied.push(text));
    batch.push(' ');
    batch.push('\n');
    batch.flush();
    expect(applied).toEqual([' \n']);
  });
});
