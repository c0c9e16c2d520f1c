// The lab's one wave loop, used by comparisons (runComparison) and question-set runs (runExperiment):
// the plan's waves run one after another, each first freeing the models it does not need; within a
// wave every model is acquired side by side (loaded, or reused at 0 ms) and then answers its arms.
import { toRagtuneError, type RagtuneError } from '../errors';
import type { LoadProgress } from '../generate/Generator';
import type { EnginePool, ReadyModel } from './enginePool';
import { armsByModel } from './plan';
import type { Arm, ArmModel, ModelSwap, RunPlan } from './types';

/** One model's part of a run: its arms, in arm order. */
export interface ModelTurn {
  key: string;
  model: ArmModel;
  arms: Arm[];
}

export interface WaveRun {
  pool: Pick<EnginePool, 'acquire' | 'releaseExcept'>;
  plan: RunPlan;
  arms: readonly Arm[];
  /** Aborted: no later wave starts (the one under way ends as its handlers decide). */
  signal: AbortSignal;
  now?: () => number;
  /** Whether the model has work left; one with none is neither loaded nor reported. Default: all. */
  wanted?(turn: ModelTurn): boolean;
  /** Its load is about to start. */
  onLoad?(turn: ModelTurn): void;
  onLoadProgress?(turn: ModelTurn, progress: LoadProgress): void;
  /** Its load failed after `ms` (code 'cancelled' when stopped): its arms are not answered. */
  onLoadFailed(turn: ModelTurn, error: RagtuneError, ms: number): Promise<void> | void;
  /** It is ready (`swap` says how long the load took): answer its arms. */
  answer(turn: ModelTurn, ready: ReadyModel, swap: ModelSwap): Promise<void>;
}

/** Runs the plan's waves; rejects with the first error a handler throws (a failed save). */
export async function runWaves(run: WaveRun): Promise<void> {
  const byModel = armsByModel(run.arms);
  const now = run.now ?? (() => performance.now());
  const take = async (key: string): Promise<void> => {
    const arms = byModel.get(key) ?? [];
    const model = arms[0]?.model;
    if (!model) return;
    const turn: ModelTurn = { key, model, arms };
    if (run.wanted && !run.wanted(turn)) return;
    run.onLoad?.(turn);
    const started = now();
    let acquired;
    try {
      acquired = await run.pool.acquire(model, (p) => run.onLoadProgress?.(turn, p));
    } catch (error) {
      const e = toRagtuneError(error, 'model-unavailable');
      await run.onLoadFailed(turn, e, Math.round(now() - started));
      return;
    }
    await run.answer(turn, acquired.ready, acquired.swap);
  };
  for (const wave of run.plan.waves) {
    if (run.signal.aborted) break;
    await run.pool.releaseExcept(wave);
    await Promise.all(wave.map(take));
  }
}
