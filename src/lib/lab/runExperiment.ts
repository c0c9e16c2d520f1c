// Runs an experiment's arms over its question set by the plan (the lab's one wave loop, waves.ts):
// model by model (side by side within a wave), question by question. Each finished answer is
// scored and saved at once; what is already saved is skipped, so pausing, a reload or a crash
// resumes without duplicating or losing results.
import { ENGINES } from '../generate/engines';
import type { LoadProgress } from '../generate/Generator';
import type { DocumentMeta } from '../library/types';
import type { EnginePool } from './enginePool';
import { forEachLimited } from './limit';
import { runArm } from './runArm';
import { prepareShared, type LibraryAccess, type SharedContext } from './sharedContext';
import {
  armKey,
  type ArmAnswer,
  type AnswerScores,
  type Experiment,
  type ExperimentResult,
  type ModelSwap,
  type QuestionItem,
  type RunPlan,
} from './types';
import { runWaves } from './waves';

export const resultKey = (itemId: string, key: string) => `${itemId}\n${key}`;

/** The keys of results already saved: what a resumed run skips. */
export function savedKeys(
  results: readonly Pick<ExperimentResult, 'itemId' | 'armKey'>[],
): Set<string> {
  return new Set(results.map((r) => resultKey(r.itemId, r.armKey)));
}

export interface ExperimentProgress {
  done: number;
  total: number;
  /** The question × arm under way. */
  current?: { itemId: string; armKey: string };
  swaps: ModelSwap[];
  /** Models that failed to load, with why: their arms stay to do (a resume retries them). */
  failures: { modelKey: string; error: string }[];
}

export interface ExperimentRunDeps {
  pool: Pick<EnginePool, 'acquire' | 'releaseExcept'>;
  library: LibraryAccess;
  documents: readonly DocumentMeta[];
  plan: RunPlan;
  /** Keys (resultKey) of the results saved already. */
  done: ReadonlySet<string>;
  save(result: ExperimentResult): Promise<void>;
  score(answer: ArmAnswer, item: QuestionItem): AnswerScores;
  onProgress(progress: ExperimentProgress): void;
  onModelProgress?(modelKey: string, progress: LoadProgress): void;
  onToken?(text: string): void;
  /** Answers of a model on the person's server run at once (default 1). */
  serverConcurrency?: number;
  signal: AbortSignal;
}

/** Resolves true when every question × arm has a saved result. */
export async function runExperiment(
  experiment: Experiment,
  deps: ExperimentRunDeps,
): Promise<boolean> {
  const { arms, set } = experiment;
  const total = set.items.length * arms.length;
  const done = new Set(deps.done);
  const progress: ExperimentProgress = { done: done.size, total, swaps: [], failures: [] };
  deps.onProgress({ ...progress });
  const shared = new Map<string, Promise<SharedContext>>();
  const context = (item: QuestionItem) => {
    let found = shared.get(item.id);
    if (!found) {
      found = prepareShared(item.question, arms, deps.library, deps.documents, experiment.search);
      shared.set(item.id, found);
    }
    return found;
  };
  await runWaves({
    pool: deps.pool,
    plan: deps.plan,
    arms,
    signal: deps.signal,
    // A model whose every answer is saved already is not loaded again.
    wanted: (turn) =>
      set.items.some((item) => turn.arms.some((arm) => !done.has(resultKey(item.id, armKey(arm))))),
    onLoadProgress: (turn, p) => deps.onModelProgress?.(turn.key, p),
    onLoadFailed: (turn, e) => {
      if (e.code !== 'cancelled') progress.failures.push({ modelKey: turn.key, error: e.message });
      deps.onProgress({ ...progress });
    },
    answer: async (turn, ready, swap) => {
      progress.swaps.push(swap);
      const pending = set.items.flatMap((item) =>
        turn.arms
          .filter((arm) => !done.has(resultKey(item.id, armKey(arm))))
          .map((arm) => ({ item, arm })),
      );
      // A server's model answers side by side, up to the setting; a local one in turn.
      const atOnce = ENGINES[turn.model.engine].localMemory ? 1 : (deps.serverConcurrency ?? 1);
      await forEachLimited(pending, atOnce, async ({ item, arm }) => {
        if (deps.signal.aborted) return;
        const k = armKey(arm);
        progress.current = { itemId: item.id, armKey: k };
        deps.onProgress({ ...progress });
        const answer = await runArm({
          arm,
          shared: await context(item),
          model: ready,
          decoding: experiment.decoding,
          onToken: deps.onToken ?? (() => {}),
          signal: deps.signal,
        });
        // A stopped answer is unfinished: it is run again on resume, never saved.
        if (answer.stopped || deps.signal.aborted) return;
        await deps.save({
          experimentId: experiment.id,
          itemId: item.id,
          armKey: k,
          answer,
          scores: deps.score(answer, item),
          finishedAt: Date.now(),
        });
        done.add(resultKey(item.id, k));
        progress.done = done.size;
        deps.onProgress({ ...progress });
      });
    },
  });
  progress.current = undefined;
  deps.onProgress({ ...progress });
  return done.size >= total;
}
