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
    () => log.push('second waits'),
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
    withWriteLock(
      'lock-c',
      () => Promise.reject(new Error('quota')),
      () => waits.push('1'),
    ),
  ).rejects.toThrow('quota');
  await expect(
    withWriteLock(
      'lock-c',
      async () => 'ok',
      () => waits.push('2'),
    ),
  ).resolves.toBe('ok');
  expect(waits).toEqual([]);
});
