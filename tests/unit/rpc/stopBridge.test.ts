// The AbortSignal → stop() bridge: on the page, a signal that fired before the call refuses it,
// one that fires during stops that call by its number, one that fires after does nothing; in the
// worker, stop(id) aborts that call's signal only, stop() every call under way.
import { describe, expect, it, vi } from 'vitest';
import { isCancelled } from '../../../src/lib/errors';
import { createStopBridge, createStopSwitch } from '../../../src/lib/rpc/stopBridge';

function worker() {
  return { stop: vi.fn(async (_id: number) => {}) };
}

describe('page side: createStopBridge', () => {
  it('refuses a call whose signal fired before it started, without asking for the worker', async () => {
    const stoppable = createStopBridge();
    const remote = vi.fn(worker);
    const run = vi.fn(async () => 'answer');
    const controller = new AbortController();
    controller.abort();
    const outcome = await stoppable(controller.signal, remote, run).catch((e: unknown) => e);
    expect(isCancelled(outcome)).toBe(true);
    expect(remote).not.toHaveBeenCalled();
    expect(run).not.toHaveBeenCalled();
  });

  it('stops the running call by its own number when the signal fires during it', async () => {
    const stoppable = createStopBridge();
    const w = worker();
    await stoppable(
      undefined,
      () => w,
      async () => 'first',
    );
    const controller = new AbortController();
    let finish!: (text: string) => void;
    let seenId = 0;
    const call = stoppable(
      controller.signal,
      () => w,
      (_w, id) => {
        seenId = id;
        return new Promise<string>((resolve) => (finish = resolve));
      },
    );
    await Promise.resolve();
    expect(w.stop).not.toHaveBeenCalled();
    controller.abort();
    expect(w.stop).toHaveBeenCalledTimes(1);
    expect(w.stop).toHaveBeenCalledWith(seenId);
    expect(seenId).toBe(2);
    finish('stopped so far');
    await expect(call).resolves.toBe('stopped so far');
  });

  it('does nothing when the signal fires after the call ended', async () => {
    const stoppable = createStopBridge();
    const w = worker();
    const controller = new AbortController();
    await expect(
      stoppable(
        controller.signal,
        () => w,
        async () => 'done',
      ),
    ).resolves.toBe('done');
    controller.abort();
    expect(w.stop).not.toHaveBeenCalled();
  });

  it('lets a failed stop go (a dead worker has nothing to stop)', async () => {
    const stoppable = createStopBridge();
    const w = { stop: vi.fn(async () => Promise.reject(new Error('worker died'))) };
    const controller = new AbortController();
    const call = stoppable(
      controller.signal,
      () => w,
      () => new Promise<void>(() => {}),
    );
    controller.abort();
    await Promise.resolve();
    expect(w.stop).toHaveBeenCalledTimes(1);
    void call;
  });
});

describe('worker side: createStopSwitch', () => {
  it('aborts only the named call, and every call under way without a name', () => {
    const stops = createStopSwitch();
    const a = stops.start(1);
    const b = stops.start(2);
    stops.stop(2);
    expect(a.signal.aborted).toBe(false);
    expect(b.signal.aborted).toBe(true);
    stops.stop(99);
    expect(a.signal.aborted).toBe(false);
    const c = stops.start(3);
    stops.stop();
    expect(a.signal.aborted).toBe(true);
    expect(c.signal.aborted).toBe(true);
  });

  it('forgets a released call: a later stop for its number does nothing', () => {
    const stops = createStopSwitch();
    const first = stops.start(1);
    first.release();
    stops.stop(1);
    expect(first.signal.aborted).toBe(false);
    // A stop before the call starts is not remembered either.
    const second = stops.start(1);
    expect(second.signal.aborted).toBe(false);
  });
});
