// Without Web Locks (Node) the write lock still queues in order within the realm, and says when
// a task has to wait.
import { expect, it } from 'vitest';
import { withWriteLock } from '../../../src/lib/sync/writeLock';

it('runs tasks one at a time in call order, telling the ones that wait', async () => {
  const log: string[] = [];
  let release!: () => void;
  const first = withWriteLock('lock-a', async () => {
    log.push('first start');
    await new Promise<void>((resolve) => (release = resolve));
    log.push('first end');
    return 1;
  });
  const second = withWriteLock(
    'lock-a',
    async () => {
      log.push('second');
      return 2;
    },
    { onWait: () => log.push('second waits') },
  );
  const other = withWriteLock('lock-b', async () => void log.push('other lock'));
  await other;
  await Promise.resolve();
  expect(log).toEqual(['second waits', 'first start', 'other lock']);
  release();
  expect(await Promise.all([first, second])).toEqual([1, 2]);
  expect(log).toEqual(['second waits', 'first start', 'other lock', 'first end', 'second']);
});

it('a failed task frees the lock; a free lock is taken without waiting', async () => {
  const waits: string[] = [];
  await expect(
    withWriteLock('lock-c', () => Promise.reject(new Error('quota')), {
      onWait: () => waits.push('1'),
    }),
  ).rejects.toThrow('quota');
  await expect(
    withWriteLock('lock-c', async () => 'ok', { onWait: () => waits.push('2') }),
  ).resolves.toBe('ok');
  expect(waits).toEqual([]);
});

it('a wait cancelled by its signal never runs its task, and frees its place', async () => {
  let release!: () => void;
  const first = withWriteLock('lock-d', () => new Promise<void>((r) => (release = r)));
  const controller = new AbortController();
  let ran = false;
  const second = withWriteLock('lock-d', async () => void (ran = true), {
    signal: controller.signal,
  });
  controller.abort();
  await new Promise((resolve) => setTimeout(resolve, 0)); // the first task has started
  release();
  await first;
  await expect(second).rejects.toMatchObject({ name: 'AbortError' });
  expect(ran).toBe(false);
  await expect(withWriteLock('lock-d', async () => 'next')).resolves.toBe('next');
});
