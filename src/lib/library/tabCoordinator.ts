// Keeps this tab's library worker in step with other tabs on the same database: writes take the
// cross-tab write lock and announce what they changed; other tabs' announcements are caught up.
import { isEmptyChange, type TabMessage } from '../sync/tabMessages';
import { openTabChannel, type TabChannel } from '../sync/tabSync';
import { withWriteLock, type WaitOptions } from '../sync/writeLock';
import { changeOf, diffDocuments } from './documentsDiff';
import type { Library } from './Library';

/** Lets a long write announce the documents it committed so far (e.g. after each file). */
export type Checkpoint = () => void;

export interface TabCoordinator {
  /** Runs a task that changes the in-memory library, one at a time within this tab. */
  local<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Runs a write: across tabs one at a time (queued behind another tab's: `onWait` is told so,
   * `signal` stops the wait), after catching up with every earlier write; what it changed is
   * announced as it commits.
   */
  write<T>(task: (checkpoint: Checkpoint) => Promise<T>, wait?: WaitOptions): Promise<T>;
  /** Tells the other tabs that the library's settings changed. */
  announceSettings(): void;
  close(): void;
}

export interface CoordinatorHooks {
  library: () => Library;
  /** The in-memory library changed because another tab wrote. */
  onCaughtUp: () => void;
  /** Another tab saved new settings. */
  onSettings: () => void;
}

export function createTabCoordinator(
  databaseName: string,
  hooks: CoordinatorHooks,
  channel: TabChannel = openTabChannel(databaseName),
): TabCoordinator {
  let queue: Promise<unknown> = Promise.resolve();
  const local = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const catchUp = async () => {
    const diff = await hooks.library().reconcile();
    if (!isEmptyChange(changeOf(diff))) hooks.onCaughtUp();
  };
  let pending = false;
  /** Many announcements in a burst (one per imported file) need one catch-up each time round. */
  const catchUpSoon = () => {
    if (pending) return;
    pending = true;
    void local(async () => {
      pending = false;
      await catchUp();
    }).catch(() => undefined); // the next write catches up again before it runs
  };

  const unlisten = channel.listen({
    'documents-changed': catchUpSoon,
    'settings-changed': () => hooks.onSettings(),
  });
  const post = (message: TabMessage) => channel.post(message);
  let ownWrites = 0;

  return {
    local,
    write(task, wait = {}) {
      // Behind this tab's own earlier write the wait is not "for the other tab": say nothing.
      const behindOwn = ownWrites++ > 0;
      const run = withWriteLock(
        `ragtune-write:${databaseName}`,
        () =>
          local(async () => {
            await catchUp();
            let last = new Map(hooks.library().documentMap);
            const checkpoint = () => {
              const now = new Map(hooks.library().documentMap);
              const change = changeOf(diffDocuments(last, now.values()));
              last = now;
              if (!isEmptyChange(change)) post({ kind: 'documents-changed', ...change });
            };
            try {
              return await task(checkpoint);
            } finally {
              checkpoint();
            }
          }),
        behindOwn ? { signal: wait.signal } : wait,
      );
      void run.catch(() => undefined).finally(() => ownWrites--);
      return run;
    },
    announceSettings: () => post({ kind: 'settings-changed' }),
    close() {
      unlisten();
      channel.close();
    },
  };
}
