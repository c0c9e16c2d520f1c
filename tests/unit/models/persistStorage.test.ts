// Persistent storage for downloaded models: asked for after a large download only, never when
// already granted, and a browser without the API is "cannot say".
import { describe, expect, it, vi } from 'vitest';
import { persistAfterDownload, isPersistent } from '../../../src/lib/models/persistStorage';

const storage = (persisted: boolean, grant: boolean) => ({
  persisted: vi.fn(async () => persisted),
  persist: vi.fn(async () => grant),
});

describe('persistAfterDownload', () => {
  it('asks after a large download and reports the answer', async () => {
    const s = storage(false, true);
    expect(await persistAfterDownload(500 * 2 ** 20, s)).toBe(true);
    expect(s.persist).toHaveBeenCalledTimes(1);
  });

  it('does not ask after a small or cached load, or when already persistent', async () => {
    const small = storage(false, true);
    expect(await persistAfterDownload(1000, small)).toBe(false);
    expect(small.persist).not.toHaveBeenCalled();
    const granted = storage(true, true);
    expect(await persistAfterDownload(500 * 2 ** 20, granted)).toBe(true);
    expect(granted.persist).not.toHaveBeenCalled();
  });

  it('cannot say without the API', async () => {
    expect(await isPersistent({})).toBeUndefined();
    expect(await persistAfterDownload(500 * 2 ** 20, {})).toBeUndefined();
  });
});
