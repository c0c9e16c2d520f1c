// runWaves, the lab's one wave loop: waves in order, each freeing what it does not need first;
// the models of a wave acquired side by side; a model with nothing to do never loaded; a failed
// load reported with its time while the other models answer; a stop ends the run between waves.
import { describe, expect, it } from 'vitest';
import { RagtuneError, cancelledError } from '../../../src/lib/errors';
import type { ReadyModel } from '../../../src/lib/lab/enginePool';
import { modelKey, type ArmModel, type ModelSwap, type RunPlan } from '../../../src/lib/lab/types';
import { runWaves, type ModelTurn, type WaveRun } from '../../../src/lib/lab/waves';
import { CODER, LLAMA, QWEN, arm } from './arms';

const ARMS = [arm(QWEN, 'none'), arm(CODER, 'none'), arm(QWEN, 'rag'), arm(LLAMA, 'rag')];
const plan = (...waves: ArmModel[][]): RunPlan => ({
  waves: waves.map((w) => w.map(modelKey)),
  budgetMb: 4096,
  reason: '',
});

/** A pool that logs every call; loads wait until `settle` (so a test sees what ran side by side). */
function stubPool(fail: (key: string) => unknown = () => undefined) {
  const log: string[] = [];
  const waiting = new Map<string, () => void>();
  const pool: WaveRun['pool'] = {
    async releaseExcept(keep) {
      log.push(`release except ${keep.join(',')}`);
    },
    async acquire(model, onProgress) {
      const key = modelKey(model);
      log.push(`acquire ${key}`);
      onProgress({ fraction: 0.5, text: 'Half way', phase: 'download' });
      await new Promise<void>((resolve) => waiting.set(key, resolve));
      const failure = fail(key);
      if (failure !== undefined) throw failure;
      return {
        ready: { client: {}, info: { modelId: model.id } } as unknown as ReadyModel,
        swap: { modelKey: key, ms: 7 },
      };
    },
  };
  /** Lets every load under way finish, once each has started. */
  const settle = async (count: number) => {
    while (waiting.size < count) await new Promise((r) => setTimeout(r, 0));
    for (const [key, resolve] of [...waiting]) {
      waiting.delete(key);
      resolve();
    }
  };
  return { pool, log, settle };
}

function handlers(log: string[]) {
  const answered: { turn: ModelTurn; swap: ModelSwap }[] = [];
  const failed: { key: string; error: RagtuneError; ms: number }[] = [];
  const progress: string[] = [];
  return {
    answered,
    failed,
    progress,
    run: {
      onLoad: (turn: ModelTurn) => log.push(`load ${turn.key}`),
      onLoadProgress: (turn: ModelTurn) => progress.push(turn.key),
      onLoadFailed: (turn: ModelTurn, error: RagtuneError, ms: number) => {
        failed.push({ key: turn.key, error, ms });
      },
      answer: async (turn: ModelTurn, _ready: ReadyModel, swap: ModelSwap) => {
        log.push(`answer ${turn.key} (${turn.arms.map((a) => a.context).join(',')})`);
        answered.push({ turn, swap });
      },
    },
  };
}

describe('runWaves', () => {
  it('runs the waves in order, freeing first; a wave’s models load side by side', async () => {
    const { pool, log, settle } = stubPool();
    const h = handlers(log);
    const running = runWaves({
      pool,
      plan: plan([QWEN, CODER], [LLAMA]),
      arms: ARMS,
      signal: new AbortController().signal,
      ...h.run,
    });
    await settle(2); // both models of the first wave are loading before either answers
    await settle(1);
    await running;
    expect(log).toEqual([
      `release except ${modelKey(QWEN)},${modelKey(CODER)}`,
      `load ${modelKey(QWEN)}`,
      `acquire ${modelKey(QWEN)}`,
      `load ${modelKey(CODER)}`,
      `acquire ${modelKey(CODER)}`,
      `answer ${modelKey(QWEN)} (none,rag)`,
      `answer ${modelKey(CODER)} (none)`,
      `release except ${modelKey(LLAMA)}`,
      `load ${modelKey(LLAMA)}`,
      `acquire ${modelKey(LLAMA)}`,
      `answer ${modelKey(LLAMA)} (rag)`,
    ]);
    expect(h.answered.map((a) => a.swap)).toEqual(
      [QWEN, CODER, LLAMA].map((m) => ({ modelKey: modelKey(m), ms: 7 })),
    );
    expect(h.progress).toEqual([QWEN, CODER, LLAMA].map(modelKey));
  });

  it('never loads a model with nothing to do', async () => {
    const { pool, log, settle } = stubPool();
    const h = handlers(log);
    const running = runWaves({
      pool,
      plan: plan([QWEN, CODER]),
      arms: ARMS.slice(0, 3),
      signal: new AbortController().signal,
      wanted: (turn) => turn.key !== modelKey(QWEN),
      ...h.run,
    });
    await settle(1);
    await running;
    expect(log.filter((l) => l.startsWith('acquire'))).toEqual([`acquire ${modelKey(CODER)}`]);
  });

  it('reports a failed load as a RagtuneError with its time; the wave’s other model answers', async () => {
    const { pool, log, settle } = stubPool((key) =>
      key === modelKey(CODER) ? 'No WebGPU here.' : undefined,
    );
    const h = handlers(log);
    let clock = 0;
    const running = runWaves({
      pool,
      plan: plan([QWEN, CODER]),
      arms: ARMS.slice(0, 3),
      signal: new AbortController().signal,
      now: () => (clock += 10),
      ...h.run,
    });
    await settle(2);
    await running;
    expect(h.failed).toHaveLength(1);
    expect(h.failed[0]?.key).toBe(modelKey(CODER));
    expect(h.failed[0]?.error).toBeInstanceOf(RagtuneError);
    expect(h.failed[0]?.error.code).toBe('model-unavailable');
    expect(h.failed[0]?.error.message).toBe('No WebGPU here.');
    expect(h.failed[0]?.ms).toBe(10); // its load started at 20 (QWEN's at 10) and failed at 30
    expect(h.answered.map((a) => a.turn.key)).toEqual([modelKey(QWEN)]);
  });

  it('keeps a cancelled load’s code, and starts no wave after a stop', async () => {
    const controller = new AbortController();
    const { pool, log, settle } = stubPool(() => {
      controller.abort();
      return cancelledError();
    });
    const h = handlers(log);
    const running = runWaves({
      pool,
      plan: plan([QWEN], [CODER]),
      arms: ARMS.slice(0, 2),
      signal: controller.signal,
      ...h.run,
    });
    await settle(1);
    await running;
    expect(h.failed.map((f) => [f.key, f.error.code])).toEqual([[modelKey(QWEN), 'cancelled']]);
    expect(log.filter((l) => l.startsWith('release'))).toEqual([
      `release except ${modelKey(QWEN)}`,
    ]);
  });

  it('rejects with the error a handler throws (a save that failed)', async () => {
    const { pool, log, settle } = stubPool();
    const h = handlers(log);
    const running = runWaves({
      pool,
      plan: plan([QWEN]),
      arms: ARMS.slice(0, 1),
      signal: new AbortController().signal,
      ...h.run,
      answer: () => Promise.reject(new Error('The disk is full.')),
    });
    await settle(1);
    await expect(running).rejects.toThrow('The disk is full.');
  });
});
