// A burst of refresh requests costs at most one run in flight plus one after it, never none.
import { expect, it } from 'vitest';
import { coalesce } from '../../../src/lib/sync/coalesce';

it('runs once more after a burst that came during a run, and again for a later call', async () => {
  let runs = 0;
  let release!: () => void;
  const refresh = coalesce(async () => {
    runs++;
    if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
  });
  const first = refresh();
  void refresh();
  void refresh();
  expect(runs).toBe(1);
  release();
  await first;
  expect(runs).toBe(2);
  await refresh();
  expect(runs).toBe(3);
});

it('a failing run does not stop later ones', async () => {
  let runs = 0;
  const refresh = coalesce(async () => {
    runs++;
    throw new Error('storage gone');
  });
  await refresh();
  await refresh();
  expect(runs).toBe(2);
});
