// ComparisonStore on fake-indexeddb: save (bumping updatedAt), get, list newest first, delete,
// and the blind votes tallied per arm (wins, ties, losses, rating) over every judged comparison.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openComparisonStore, type ComparisonStore } from '../../../src/lib/lab/ComparisonStore';
import { armLabel } from '../../../src/lib/lab/labels';
import { armKey, type Arm, type ArmAnswer, type Comparison } from '../../../src/lib/lab/types';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { DEFAULT_DECODING } from '../../../src/lib/generate/decoding';
import { uniqueDbName } from '../store/fixtures';
import { arm, CODER, QWEN, TINY } from './arms';

const open: ComparisonStore[] = [];
async function freshStore(name = uniqueDbName()): Promise<ComparisonStore> {
  const store = await openComparisonStore(name);
  open.push(store);
  return store;
}

afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

const A = arm(QWEN, 'none');
const B = arm(QWEN, 'rag');
const C = arm(CODER, 'rag');
const D = arm(TINY, 'full');

function answer(a: Arm, text: string): ArmAnswer {
  return {
    armKey: armKey(a),
    arm: a,
    text,
    modelId: a.model.id,
    prompt: [{ role: 'user', content: 'Q?' }],
    sources: [],
    prepareMs: 1.5,
  };
}

let made = 0;
function comparison(arms: Arm[], extra: Partial<Comparison> = {}): Comparison {
  made += 1;
  return {
    id: `c${made}`,
    question: `Question ${made}?`,
    createdAt: 1000 + made,
    updatedAt: 1000 + made,
    arms,
    decoding: DEFAULT_DECODING,
    search: DEFAULT_SETTINGS.search,
    answers: [],
    swaps: [],
    ...extra,
  };
}

/** A blind comparison shown in `order`, with the vote for `vote` (or none). */
function blind(order: Arm[], vote: Arm | undefined): Comparison {
  return comparison(order, {
    blind: {
      order: order.map(armKey),
      ...(vote ? { vote: armKey(vote) } : {}),
      revealed: vote !== undefined,
    },
  });
}

const labelOf = (c: Comparison, key: string) => {
  const found = c.arms.find((a) => armKey(a) === key);
  return found ? armLabel(found) : key;
};

describe('ComparisonStore', () => {
  it('saves, reads back, lists newest first and deletes', async () => {
    const store = await freshStore();
    const first = await store.save(comparison([A, B]));
    const second = await store.save(comparison([A, C], { blind: { order: [], revealed: false } }));
    expect(second.updatedAt).toBeGreaterThan(first.updatedAt);
    expect(await store.get(first.id)).toEqual(first);
    expect(await store.get('missing')).toBeUndefined();

    expect(await store.list()).toEqual([
      {
        id: second.id,
        question: second.question,
        createdAt: second.createdAt,
        updatedAt: second.updatedAt,
        armCount: 2,
        blind: true,
      },
      {
        id: first.id,
        question: first.question,
        createdAt: first.createdAt,
        updatedAt: first.updatedAt,
        armCount: 2,
        blind: false,
      },
    ]);

    // Saving the first again (an arm finished) moves it to the top and keeps its answers.
    const grown = await store.save({ ...first, answers: [answer(A, 'Sixty-two euros.')] });
    expect((await store.list()).map((c) => c.id)).toEqual([first.id, second.id]);
    expect((await store.get(first.id))?.answers).toEqual(grown.answers);
    expect(grown.createdAt).toBe(first.createdAt);

    await store.delete(first.id);
    await store.delete('missing');
    expect(await store.get(first.id)).toBeUndefined();
    expect((await store.list()).map((c) => c.id)).toEqual([second.id]);
  });

  it('stores what a reload needs, dropping undefined fields', async () => {
    const name = uniqueDbName();
    const store = await freshStore(name);
    const withHoles = { ...answer(B, 'Partly'), stopped: true, error: undefined };
    const saved = await store.save(
      comparison([B], {
        answers: [withHoles],
        swaps: [{ modelKey: 'webllm:x', ms: 1234 }],
        plan: { waves: [['webllm:x']], budgetMb: 4096, reason: 'One model.' },
      }),
    );
    store.close();
    const reopened = await freshStore(name);
    const back = await reopened.get(saved.id);
    expect(back).toEqual(saved);
    expect(back?.answers[0]).toMatchObject({ text: 'Partly', stopped: true });
    expect(Object.keys(back?.answers[0] ?? {})).not.toContain('error');
  });

  it('lists an empty store as empty and tallies nothing', async () => {
    const store = await freshStore();
    expect(await store.list()).toEqual([]);
    expect(await store.tally(labelOf)).toEqual([]);
  });
});

describe('ComparisonStore.tally', () => {
  const counts = (rows: Awaited<ReturnType<ComparisonStore['tally']>>) =>
    rows.map((t) => [t.label, t.wins, t.ties, t.losses, t.shown]);

  it('counts wins, ties and losses per arm across judged comparisons, best rated first', async () => {
    const store = await freshStore();
    await store.save(blind([A, B], B));
    await store.save(blind([C, B, A], B));
    await store.save(blind([A, C], A));
    await store.save(blind([D, A], D));
    const judged = blind([C, D], undefined);
    await store.save({ ...judged, blind: { ...judged.blind!, outcome: 'tie', revealed: true } });
    const rows = await store.tally(labelOf);
    expect(rows[0]!.armKey).toBe(armKey(B));
    expect(counts(rows).sort()).toEqual(
      [
        [armLabel(B), 2, 0, 0, 2],
        [armLabel(A), 1, 0, 3, 4],
        [armLabel(D), 1, 1, 0, 2],
        [armLabel(C), 0, 1, 2, 3],
      ].sort(),
    );
  });

  it('ignores comparisons without a vote: not blind, not yet voted, or only revealed', async () => {
    const store = await freshStore();
    await store.save(comparison([A, B]));
    await store.save(blind([A, B], undefined));
    const revealed = blind([A, C], undefined);
    await store.save({ ...revealed, blind: { ...revealed.blind!, revealed: true } });
    expect(await store.tally(labelOf)).toEqual([]);

    await store.save(blind([C, A], C));
    expect(counts(await store.tally(labelOf))).toEqual([
      [armLabel(C), 1, 0, 0, 1],
      [armLabel(A), 0, 0, 1, 1],
    ]);
  });

  it('forgets the votes of a deleted comparison', async () => {
    const store = await freshStore();
    const gone = await store.save(blind([A, B], A));
    await store.save(blind([A, B], B));
    await store.delete(gone.id);
    expect((await store.tally(labelOf)).map((t) => [t.armKey, t.wins, t.shown])).toEqual([
      [armKey(B), 1, 1],
      [armKey(A), 0, 1],
    ]);
  });
});
