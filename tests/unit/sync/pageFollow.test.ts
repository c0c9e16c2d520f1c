// The page's side of keeping tabs in step: its stores announce each committed write (never a
// read), and followOtherTabs hands another tab's announcement to the state that shows that list.
import 'fake-indexeddb/auto';
import { afterEach, expect, it, vi } from 'vitest';
import { openConversationStore } from '../../../src/lib/chat/ConversationStore';
import { openComparisonStore } from '../../../src/lib/lab/ComparisonStore';
import { followOtherTabs } from '../../../src/lib/state/followOtherTabs';
import type { TabMessage, TabMessageKind } from '../../../src/lib/sync/tabMessages';
import { openTabChannel, type TabChannel } from '../../../src/lib/sync/tabSync';
import { uniqueDbName } from '../store/fixtures';

const channels: TabChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

/** What another tab hears on `db`'s channel. */
function otherTab(db: string) {
  const heard: TabMessage[] = [];
  const channel = openTabChannel(db, 'other-tab');
  channels.push(channel);
  const all = (m: TabMessage) => void heard.push(m);
  channel.listen({
    'documents-changed': all,
    'settings-changed': all,
    'conversations-changed': all,
    'comparisons-changed': all,
    'experiments-changed': all,
    'custom-models-changed': all,
  });
  return { heard, channel };
}

/** Messages arrive in the order they were sent: waiting for the last one means all are in. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 5 });

it('a conversation store announces writes once they commit, and reads never', async () => {
  const db = uniqueDbName();
  const { heard } = otherTab(db);
  const store = await openConversationStore(db);
  await store.list();
  await store.get('nothing');
  const created = await store.create('Trips');
  await until(() => expect(heard).toHaveLength(1));
  expect(heard).toEqual([{ kind: 'conversations-changed' }]); // the reads before it sent nothing
  // A write that fails (no such conversation) commits nothing and announces nothing.
  await expect(store.rename('missing', 'x')).rejects.toThrow();
  await store.rename(created.id, 'Travel');
  await store.delete(created.id);
  await until(() => expect(heard).toHaveLength(3));
  expect(heard.map((m) => m.kind)).toEqual(Array(3).fill('conversations-changed'));
  store.close();
});

it('a comparison store announces under its own kind', async () => {
  const db = uniqueDbName();
  const { heard } = otherTab(db);
  const store = await openComparisonStore(db);
  await store.delete('nothing-there');
  await until(() => expect(heard).toEqual([{ kind: 'comparisons-changed' }]));
  store.close();
});

it('followOtherTabs refreshes the list another tab changed, and stops when asked', async () => {
  const db = uniqueDbName();
  const calls: string[] = [];
  const follower = (name: string) => ({
    followOtherTab: vi.fn(async () => void calls.push(name)),
  });
  const state = {
    chat: follower('chat'),
    lab: follower('lab'),
    questionSets: follower('questionSets'),
    models: { custom: follower('custom') },
  };
  const stop = followOtherTabs(db, state);
  const { channel } = otherTab(db);
  const send = (kind: Exclude<TabMessageKind, 'documents-changed'>) => channel.post({ kind });
  send('settings-changed'); // the library worker's business, not the page's lists
  channel.post({ kind: 'documents-changed', added: ['x'], deleted: [], edited: [] });
  send('conversations-changed');
  send('comparisons-changed');
  send('experiments-changed');
  send('custom-models-changed');
  await until(() => expect(calls).toHaveLength(4));
  expect(calls.sort()).toEqual(['chat', 'custom', 'lab', 'questionSets']);

  stop();
  const later = { ...state, chat: follower('chat again') };
  const stopLater = followOtherTabs(db, later);
  send('conversations-changed');
  await until(() => expect(later.chat.followOtherTab).toHaveBeenCalledTimes(1));
  expect(state.chat.followOtherTab).toHaveBeenCalledTimes(1); // the stopped follower heard nothing
  stopLater();
});
