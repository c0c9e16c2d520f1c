// Runs one question across a comparison's arms by the plan (lab/waves.ts): one retrieval shared by
// every arm (kept with the comparison, so a resume gives its arms the same passages), each model's
// load recorded as a swap, each arm's answer streamed and recorded as it finishes. Pure of the page:
// the lab state holds the comparison and its live columns, and saves each change this reports.
import { isCancelled } from '../errors';
import { ENGINES } from '../generate/engines';
import type { LoadProgress } from '../generate/Generator';
import type { DocumentMeta } from '../library/types';
import type { EnginePool } from './enginePool';
import { forEachLimited } from './limit';
import { runArm } from './runArm';
import { prepareShared, type LibraryAccess } from './sharedContext';
import { armKey, type Arm, type ArmAnswer, type Comparison, type RunPlan } from './types';
import { runWaves } from './waves';

/** Where a column stands while its arm runs. */
export type ArmPhase = 'waiting' | 'loading' | 'preparing' | 'generating' | 'done';

export interface ComparisonRunDeps {
  pool: Pick<EnginePool, 'acquire' | 'releaseExcept'>;
  library: LibraryAccess;
  documents: readonly DocumentMeta[];
  plan: RunPlan;
  signal: AbortSignal;
  /** Applies a change to the latest comparison and saves it; changes apply in call order. */
  update(change: (c: Comparison) => Comparison): Promise<void>;
  /** An arm's column moved on ('loading' starts it afresh; 'done' ends its stream). */
  onPhase(armKey: string, phase: ArmPhase): void;
  onLoadProgress(armKey: string, progress: LoadProgress): void;
  onToken(armKey: string, text: string): void;
  /** Arms of a model on the person's server answered at once (default 1). */
  serverConcurrency?: number;
  now?: () => number;
}

/** Runs `arms` (all of the comparison's, or the ones a resume still needs) of `comparison`. */
export async function runComparison(
  comparison: Comparison,
  arms: Arm[],
  deps: ComparisonRunDeps,
): Promise<void> {
  const keys = comparison.arms.map(armKey);
  // Answers are kept in the comparison's arm order, whichever finishes first.
  const finish = (answer: ArmAnswer) =>
    deps.update((c) => ({
      ...c,
      answers: [...c.answers, { ...answer, finishedAt: Date.now() }].sort(
        (a, b) => keys.indexOf(a.armKey) - keys.indexOf(b.armKey),
      ),
    }));
  const shared = await prepareShared(
    comparison.question,
    arms,
    deps.library,
    deps.documents,
    comparison.search,
    comparison.retrieved,
  );
  // Kept with the comparison: a resume after a reload gives its arms these same passages.
  if (!comparison.retrieved && shared.hits.length > 0) {
    const { hits, retrievalMs, mode } = shared;
    const retrieved = { hits, retrievalMs, ...(mode ? { mode } : {}) };
    await deps.update((c) => ({ ...c, retrieved }));
  }
  await runWaves({
    pool: deps.pool,
    plan: deps.plan,
    arms,
    signal: deps.signal,
    ...(deps.now ? { now: deps.now } : {}),
    onLoad: (turn) => {
      for (const arm of turn.arms) deps.onPhase(armKey(arm), 'loading');
    },
    onLoadProgress: (turn, progress) => {
      for (const arm of turn.arms) deps.onLoadProgress(armKey(arm), progress);
    },
    onLoadFailed: async (turn, e, ms) => {
      await deps.update((c) => ({
        ...c,
        swaps: [...c.swaps, { modelKey: turn.key, ms, error: e.message }],
      }));
      for (const arm of turn.arms) {
        deps.onPhase(armKey(arm), 'done');
        await finish({
          armKey: armKey(arm),
          arm,
          text: '',
          modelId: turn.model.id,
          prompt: [],
          sources: [],
          prepareMs: 0,
          ...(isCancelled(e) ? { stopped: true } : { error: e.message }),
        });
      }
    },
    answer: async (turn, ready, swap) => {
      await deps.update((c) => ({ ...c, swaps: [...c.swaps, swap] }));
      // A server's model answers its arms side by side, up to the setting; a local one in turn.
      const atOnce = ENGINES[turn.model.engine].localMemory ? 1 : (deps.serverConcurrency ?? 1);
      await forEachLimited(turn.arms, atOnce, async (arm) => {
        const key = armKey(arm);
        deps.onPhase(key, 'preparing');
        const answer = await runArm({
          arm,
          shared,
          model: ready,
          decoding: comparison.decoding,
          onToken: (text) => deps.onToken(key, text),
          onPrompt: () => deps.onPhase(key, 'generating'),
          signal: deps.signal,
        });
        deps.onPhase(key, 'done');
        await finish(answer);
      });
    },
  });
}
