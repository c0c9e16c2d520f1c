// Which downloads the chat and lab ask about: above 50 MB by the model card's size, never a
// model already loaded or cached.
import { describe, expect, it } from 'vitest';
import { ASK_ABOVE_MB, downloadMb, downloadsToAsk } from '../../../src/lib/start/consent';

describe('asking above a size', () => {
  it('reads the largest size a card names, in MB', () => {
    expect(downloadMb('520 MB (WASM), 490 MB (WebGPU)')).toBe(520);
    expect(downloadMb('1.2 GB')).toBeCloseTo(1228.8);
    expect(downloadMb('size not known')).toBeUndefined();
    expect(downloadMb(undefined)).toBeUndefined();
  });

  it('asks only for downloads above the limit, never for unknown sizes', () => {
    const wanted = [
      { id: 'big', name: 'Big', download: '520 MB (WASM)' },
      { id: 'small', name: 'Small', download: '30 MB' },
      { id: 'mine', name: 'Mine' },
    ];
    expect(downloadsToAsk(wanted, [], [], ASK_ABOVE_MB).map((a) => a.id)).toEqual(['big']);
    expect(downloadsToAsk(wanted, ['big'], [], ASK_ABOVE_MB)).toEqual([]);
    expect(downloadsToAsk(wanted, [], [], undefined).map((a) => a.id)).toEqual([
      'big',
      'small',
      'mine',
    ]);
  });
});
