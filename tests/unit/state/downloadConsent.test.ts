// DownloadConsent.guard: the action runs at once when nothing large would be fetched, waits for
// confirm() when something would, and is dropped by cancel(); a cached model needs no yes.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../../../src/lib/state/context';

let cached: string[] = [];
vi.mock('../../../src/lib/models/cachedIds', () => ({
  cachedModelIds: async () => cached,
}));
const { DownloadConsent } = await import('../../../src/lib/state/DownloadConsent.svelte');

const LARGE = { id: 'org/large', name: 'Large', download: '520 MB (WASM), 490 MB (WebGPU)' };
const SMALL = { id: 'org/small', name: 'Small', download: '30 MB' };

function app(loaded: string[] = []) {
  const entries = Object.fromEntries(loaded.map((id) => [id, { requestedId: id }]));
  return { models: { loaded: entries }, library: { settings: undefined } } as unknown as Pick<
    AppState,
    'models' | 'library'
  >;
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('DownloadConsent.guard', () => {
  beforeEach(() => {
    cached = [];
  });

  it('runs at once, in the same task, when the models are small or loaded', () => {
    const ran: string[] = [];
    new DownloadConsent(app(), () => [SMALL]).guard(() => ran.push('small'));
    new DownloadConsent(app([LARGE.id]), () => [LARGE]).guard(() => ran.push('loaded'));
    expect(ran).toEqual(['small', 'loaded']);
  });

  it('holds a large download until confirm, and names it with its size', async () => {
    const consent = new DownloadConsent(app(), () => [LARGE, SMALL]);
    const ran: string[] = [];
    consent.guard(() => ran.push('run'));
    await settle();
    expect(ran).toEqual([]);
    expect(consent.asks).toEqual([{ id: LARGE.id, name: 'Large', size: LARGE.download }]);
    consent.confirm();
    expect(ran).toEqual(['run']);
    expect(consent.asks).toBeUndefined();
    // Agreed once: the next action for the same model goes at once.
    consent.guard(() => ran.push('again'));
    expect(ran).toEqual(['run', 'again']);
  });

  it('drops the action on cancel; a later confirm runs nothing', async () => {
    const consent = new DownloadConsent(app(), () => [LARGE]);
    const ran: string[] = [];
    consent.guard(() => ran.push('run'));
    await settle();
    consent.cancel();
    consent.confirm();
    expect(ran).toEqual([]);
  });

  it('asks nothing for a model the browser has cached', async () => {
    cached = [LARGE.id];
    const consent = new DownloadConsent(app(), () => [LARGE]);
    const ran: string[] = [];
    consent.guard(() => ran.push('run'));
    await settle();
    expect(ran).toEqual(['run']);
    expect(consent.asks).toBeUndefined();
  });
});
