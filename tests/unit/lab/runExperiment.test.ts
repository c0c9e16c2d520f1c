// runExperiment with stand-in engines: every question × arm is answered once, in model order;
// results already saved are skipped (a resume duplicates nothing); a stopped answer is never
// saved; a model that fails to load is reported and its arms stay to do.
import { describe, expect, it } from 'vitest';
import { EnginePool } from '../../../src/lib/lab/enginePool';
import { planRun } from '../../../src/lib/lab/plan';
import {
  resultKey,
  runExperiment,
  savedKeys,
  type ExperimentProgress,
} from '../../../src/lib/lab/runExperiment';
import type { LibraryAccess } from '../../../src/lib/lab/sharedContext';
import {
  armKey,
  type Arm,
  type Experiment,
  type ExperimentResult,
} from '../../../src/lib/lab/types';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { DEFAULT_DECODING } from '../../../src/lib/generate/decoding';
import { CODER, QWEN, arm } from './arms';
import { fakeEngines } from './fakeEngines';
import { statsOf } from '../generate/fakeAnswer';

const library: LibraryAccess = {
  search: () => Promise.resolve({ hits: [], timings: { totalMs: 0 }, mode: 'keyword' } as never),
  getDocument: () => Promise.resolve(undefined),
};

function experiment(arms: Arm[], questions = 3): Experiment {
  return {
    id: 'e1',
    name: 'test',
    createdAt: 0,
    updatedAt: 0,
    status: 'ready',
    set: {
      name: 'set',
      source: 'jsonl',
      items: Array.from({ length: questions }, (_, i) => ({
        id: `q${i + 1}`,
        question: `Question ${i + 1}?`,
        answers: ['yes'],
      })),
    },
    arms,
    decoding: DEFAULT_DECODING,
    search: DEFAULT_SETTINGS.search,
    chunking: DEFAULT_SETTINGS.chunking,
    embeddingModel: 'm',
    documents: [],
  };
}

/** Engines that answer "yes from <model>" at once, or stop when the signal is aborted. */
function setup(failLoad?: (id: string) => unknown) {
  const engines = fakeEngines({
    ...(failLoad ? { failLoad } : {}),
    generate: (loadedId, _request, onToken, signal) => {
      const stopped = signal?.aborted ?? false;
      const text = stopped ? '' : `yes from ${loadedId}`;
      if (text) onToken(text);
      return Promise.resolve({
        text,
        stopped,
        stats: statsOf(loadedId, {
          promptTokens: 5,
          completionTokens: 3,
          totalMs: 2,
          timingSource: 'client',
        }),
      });
    },
  });
  const pool = new EnginePool({ createEngine: engines.createEngine });
  return { engines, pool };
}

async function run(
  e: Experiment,
  pool: EnginePool,
  done: ExperimentResult[] = [],
  abortAfter?: number,
) {
  const saved: ExperimentResult[] = [];
  const controller = new AbortController();
  let last: ExperimentProgress | undefined;
  const complete = await runExperiment(e, {
    pool,
    library,
    documents: [],
    plan: planRun(e.arms, new Map(), { budgetMb: 4096 }),
    done: savedKeys(done),
    save: (r) => {
      saved.push(r);
      if (abortAfter !== undefined && saved.length >= abortAfter) controller.abort();
      return Promise.resolve();
    },
    score: (answer) => ({ exactMatch: answer.text ? 1 : 0, f1: 1, contained: 1 }),
    onProgress: (p) => (last = p),
    signal: controller.signal,
  });
  return { complete, saved, progress: last! };
}

describe('runExperiment', () => {
  it('answers every question × arm once, model by model, with the engine’s model id', async () => {
    const arms = [arm(QWEN, 'none'), arm(CODER, 'none'), arm(QWEN, 'rag')];
    const { pool } = setup();
    const { complete, saved, progress } = await run(experiment(arms), pool);
    expect(complete).toBe(true);
    expect(saved).toHaveLength(9);
    expect(new Set(saved.map((r) => resultKey(r.itemId, r.armKey))).size).toBe(9);
    for (const r of saved) expect(r.answer.text).toBe(`yes from ${r.answer.arm.model.id}`);
    expect(progress).toMatchObject({ done: 9, total: 9, failures: [] });
  });

  it('skips what is saved and never saves a stopped answer, so a paused run resumes exactly', async () => {
    const arms = [arm(QWEN, 'none'), arm(QWEN, 'rag')];
    const e = experiment(arms, 4);
    const first = await run(e, setup().pool, [], 3);
    expect(first.complete).toBe(false);
    expect(first.saved).toHaveLength(3);
    const second = await run(e, setup().pool, first.saved);
    expect(second.complete).toBe(true);
    expect(second.saved).toHaveLength(5);
    const all = [...first.saved, ...second.saved].map((r) => resultKey(r.itemId, r.armKey));
    expect(new Set(all).size).toBe(8);
    expect(second.progress.done).toBe(8);
  });

  it('reports a model that fails to load and leaves its arms to do; the other model still runs', async () => {
    const arms = [arm(QWEN, 'none'), arm(CODER, 'none')];
    const { pool } = setup((id) => (id === CODER.id ? new Error('no GPU') : undefined));
    const { complete, saved, progress } = await run(experiment(arms, 2), pool);
    expect(complete).toBe(false);
    expect(saved.map((r) => r.armKey)).toEqual([armKey(arms[0]!), armKey(arms[0]!)]);
    expect(progress.failures).toHaveLength(1);
    expect(progress.failures[0]!.modelKey).toBe(`webllm:${CODER.id}`);
  });
});
