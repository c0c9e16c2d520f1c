// The experiment store in fake-indexeddb: results keyed by experiment × question × arm (the same
// result twice is one record), read back per experiment, deleted with their experiment.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openExperimentStore } from '../../../src/lib/lab/ExperimentStore';
import type { Experiment, ExperimentResult } from '../../../src/lib/lab/types';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { DEFAULT_DECODING } from '../../../src/lib/generate/decoding';
import { uniqueDbName } from '../store/fixtures';
import { QWEN, arm } from './arms';

const ARM = arm(QWEN, 'rag');

function experiment(id: string): Experiment {
  return {
    id,
    name: `experiment ${id}`,
    createdAt: 1,
    updatedAt: 1,
    status: 'ready',
    set: { name: 's', source: 'jsonl', items: [{ id: 'q1', question: 'Q?', answers: ['a'] }] },
    arms: [ARM],
    decoding: DEFAULT_DECODING,
    search: DEFAULT_SETTINGS.search,
    chunking: DEFAULT_SETTINGS.chunking,
    embeddingModel: 'm',
    documents: [{ id: 'd', name: 'd.md', contentHash: 'h' }],
  };
}

function result(experimentId: string, itemId: string, text: string): ExperimentResult {
  return {
    experimentId,
    itemId,
    armKey: 'k',
    answer: {
      armKey: 'k',
      arm: ARM,
      text,
      modelId: QWEN.id,
      prompt: [],
      sources: [],
      prepareMs: 1,
    },
    scores: { exactMatch: 0, f1: 0.5, contained: 1 },
    finishedAt: 2,
  };
}

describe('ExperimentStore', () => {
  it('keeps one result per question × arm, lists newest first, and deletes results with the experiment', async () => {
    const store = await openExperimentStore(uniqueDbName());
    await store.save(experiment('a'));
    await store.save({ ...experiment('b'), status: 'running' });
    expect((await store.list()).map((e) => [e.id, e.status, e.items, e.arms])).toEqual([
      ['b', 'running', 1, 1],
      ['a', 'ready', 1, 1],
    ]);
    await store.putResult(result('a', 'q1', 'first'));
    await store.putResult(result('a', 'q1', 'again'));
    await store.putResult(result('a', 'q2', 'other'));
    await store.putResult(result('b', 'q1', 'b’s'));
    const a = await store.results('a');
    expect(a.map((r) => [r.itemId, r.answer.text])).toEqual([
      ['q1', 'again'],
      ['q2', 'other'],
    ]);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.results('a')).toEqual([]);
    expect(await store.results('b')).toHaveLength(1);
    store.close();
  });

  it('imports an experiment with its results in one go', async () => {
    const store = await openExperimentStore(uniqueDbName());
    await store.importWhole(experiment('c'), [result('old-id', 'q1', 'kept')]);
    expect((await store.get('c'))?.name).toBe('experiment c');
    expect((await store.results('c')).map((r) => r.answer.text)).toEqual(['kept']);
    store.close();
  });
});
