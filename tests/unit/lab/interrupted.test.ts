// Comparisons cut off by a reload: marked interrupted on open unless a tab still runs them (pure
// and through the store), the missing arms a resume runs, and what an ended run leaves.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openComparisonStore, type ComparisonStore } from '../../../src/lib/lab/ComparisonStore';
import {
  missingArms,
  partialTexts,
  runEnded,
  settleComparison,
} from '../../../src/lib/lab/interrupted';
import { armKey, type Comparison } from '../../../src/lib/lab/types';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { DEFAULT_DECODING } from '../../../src/lib/generate/decoding';
import { uniqueDbName } from '../store/fixtures';
import { arm, QWEN, TINY } from './arms';

const A = arm(QWEN, 'none');
const B = arm(QWEN, 'rag');
const C = arm(TINY, 'rag');

function comparison(id: string, extra: Partial<Comparison> = {}): Comparison {
  return {
    id,
    question: 'What is the per diem?',
    createdAt: 1,
    updatedAt: 2,
    arms: [A, B, C],
    decoding: DEFAULT_DECODING,
    search: DEFAULT_SETTINGS.search,
    answers: [
      {
        armKey: armKey(A),
        arm: A,
        text: 'No idea.',
        modelId: QWEN.id,
        prompt: [],
        sources: [],
        prepareMs: 1,
        finishedAt: 5,
      },
    ],
    swaps: [],
    ...extra,
  };
}

const open: ComparisonStore[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

describe('settleComparison', () => {
  it('marks a running comparison no tab runs as interrupted, keeping its partial texts', () => {
    const c = comparison('c', { status: 'running', partials: { [armKey(B)]: 'It is 6' } });
    expect(settleComparison(c, () => false)).toEqual({ ...c, status: 'interrupted' });
    expect(settleComparison(c, (id) => id === 'c')).toBeUndefined();
    expect(settleComparison(comparison('d'), () => false)).toBeUndefined();
    expect(settleComparison({ ...c, status: 'interrupted' }, () => false)).toBeUndefined();
  });

  it('resumes only the arms with no saved answer, and an ended run drops status and partials', () => {
    const c = comparison('c', { status: 'interrupted', partials: { [armKey(B)]: 'It is 6' } });
    expect(missingArms(c).map(armKey)).toEqual([armKey(B), armKey(C)]);
    const ended = runEnded(c);
    expect(ended).not.toHaveProperty('status');
    expect(ended).not.toHaveProperty('partials');
    expect(ended.answers).toEqual(c.answers);
  });

  it('saves the streamed text of unfinished arms only', () => {
    const streamed = {
      [armKey(A)]: { text: 'No idea.' },
      [armKey(B)]: { text: 'It is 6' },
      [armKey(C)]: { text: '' },
    };
    expect(partialTexts(comparison('c'), streamed)).toEqual({ [armKey(B)]: 'It is 6' });
  });
});

describe('ComparisonStore.settleInterrupted', () => {
  it('marks and returns (newest first) only the comparisons it found cut off', async () => {
    const store = await openComparisonStore(uniqueDbName());
    open.push(store);
    const older = await store.save(comparison('old', { status: 'running' }));
    const newer = await store.save(comparison('new', { status: 'running' }));
    await store.save(comparison('live', { status: 'running' }));
    await store.save(comparison('done'));
    const cut = await store.settleInterrupted((id) => id === 'live');
    expect(cut.map((c) => c.id)).toEqual(['new', 'old']);
    expect((await store.get('old'))?.status).toBe('interrupted');
    expect((await store.get('old'))?.updatedAt).toBe(older.updatedAt);
    expect((await store.get('new'))?.updatedAt).toBe(newer.updatedAt);
    expect((await store.get('live'))?.status).toBe('running');
    expect((await store.get('done'))?.status).toBeUndefined();
    expect(await store.settleInterrupted((id) => id === 'live')).toEqual([]);
  });
});
