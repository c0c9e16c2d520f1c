// The record-store helper on fake-indexeddb: a write is announced to other tabs once it commits,
// a read is not, and a failed write is neither saved nor announced.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { openRecordStore, type RecordStore } from '../../../src/lib/store/recordStore';
import { STORES, type StoredCustomModel } from '../../../src/lib/store/schema';
import { quiet } from '../../../src/lib/store/transaction';
import { openTabChannel } from '../../../src/lib/sync/tabSync';
import { uniqueDbName } from './fixtures';

const { customModels } = STORES;
const opened: RecordStore<typeof customModels>[] = [];

afterEach(() => {
  for (const records of opened.splice(0)) records.close();
});

async function setup(): Promise<{ records: RecordStore<typeof customModels>; heard: string[] }> {
  const name = uniqueDbName();
  const records = await openRecordStore([customModels], 'custom-models-changed', 'open', name);
  opened.push(records);
  const heard: string[] = [];
  // Another tab: a different sender id, so it hears what this realm posts.
  const other = openTabChannel(name, 'other-tab');
  other.listen({ 'custom-models-changed': (m) => heard.push(m.kind) });
  return { records, heard };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

/** Only its key matters to the helper: the store keeps whatever record it is given. */
const MODEL = { engine: 'webllm', id: 'mine', addedAt: 1 } as unknown as StoredCustomModel;

describe('RecordStore', () => {
  it('announces a committed write, not a read', async () => {
    const { records, heard } = await setup();
    await records.run('readonly', 'read', (tx) => tx.objectStore(customModels).getAll());
    await settle();
    expect(heard).toEqual([]);
    await records.run('readwrite', 'write', (tx) => {
      quiet(tx.objectStore(customModels).put(MODEL));
    });
    await settle();
    expect(heard).toEqual(['custom-models-changed']);
    const all = await records.run('readonly', 'read', (tx) =>
      tx.objectStore(customModels).getAll(),
    );
    expect(all.map((m) => m.id)).toEqual(['mine']);
  });

  it('neither saves nor announces a write that fails', async () => {
    const { records, heard } = await setup();
    const failing = records.run('readwrite', 'save your model', (tx) => {
      quiet(tx.objectStore(customModels).put(MODEL));
      throw new RagtuneError('invalid-model', 'refused');
    });
    await expect(failing).rejects.toMatchObject({ code: 'invalid-model' });
    await settle();
    expect(heard).toEqual([]);
    const all = await records.run('readonly', 'read', (tx) =>
      tx.objectStore(customModels).getAll(),
    );
    expect(all).toEqual([]);
  });
});
