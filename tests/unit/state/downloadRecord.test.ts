// The note that a model download is under way: written at the start, cleared at the end, read back
// on open as the interrupted download; a damaged note is forgotten.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearDownload,
  interruptedDownload,
  recordDownload,
} from '../../../src/lib/state/downloadRecord';

const items = new Map<string, string>();
beforeEach(() => {
  items.clear();
  globalThis.localStorage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  } as Storage;
});

describe('download record', () => {
  it('is found on open while a download that started never ended, and gone once it ends', () => {
    expect(interruptedDownload()).toBeUndefined();
    recordDownload({ engine: 'webllm', id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC' });
    expect(interruptedDownload()).toEqual({
      engine: 'webllm',
      id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
    });
    clearDownload();
    expect(interruptedDownload()).toBeUndefined();
  });

  it('forgets a damaged note', () => {
    items.set('ragtune-download-under-way', '{not json');
    expect(interruptedDownload()).toBeUndefined();
    items.set('ragtune-download-under-way', JSON.stringify({ engine: 'other', id: 3 }));
    expect(interruptedDownload()).toBeUndefined();
    expect(items.size).toBe(0);
  });
});
