// How a comparison's arms are scheduled: models whose memory needs fit the budget together load
// side by side (answering one at a time); the others wait for the next wave, after a swap whose time
// is shown on its own. Pure: the lab state runs the plan, the UI explains it.
import { ENGINES } from '../generate/engines';
import { thinkingOf } from '../generate/webllm/thinking';
import { armKey, modelKey, type Arm, type ArmModel, type RunPlan } from './types';

/** Memory a model needs while it answers, in MB; undefined when nobody knows (tiny or custom). */
export type MemoryNeeds = ReadonlyMap<string, number | undefined>;

export interface PlanOptions {
  /** What the models may take together, in MB. */
  budgetMb: number;
  /** At most this many models at once, however small (each is a worker and a CPU/GPU share). */
  maxParallel?: number;
  /**
   * Models already in memory that the run does not free (the chat's): each WebLLM load makes its
   * own GPU device, so their memory adds up. One the arms use is shared, so not counted twice.
   */
  resident?: readonly { key: string; mb: number | undefined }[];
  /** Answers of the person's servers' models given at once (default 1). */
  serverConcurrency?: number;
}

const mb = (n: number) => `${Math.round(n).toLocaleString('en')} MB`;

/** Each model's need as `lookup` knows it. */
export function memoryNeeds(
  arms: readonly Arm[],
  lookup: (model: ArmModel) => number | undefined,
): MemoryNeeds {
  return new Map(armModels(arms).map((m) => [modelKey(m), lookup(m)] as const));
}

/** The distinct models of `arms`, in the order their first arm appears. */
export function armModels(arms: readonly Arm[]): ArmModel[] {
  const seen = new Map<string, ArmModel>();
  for (const arm of arms)
    if (!seen.has(modelKey(arm.model))) seen.set(modelKey(arm.model), arm.model);
  return [...seen.values()];
}

/**
 * Groups the arms' models into waves, in arm order: a model joins the current wave while the
 * wave's summed need stays within the budget (a model of unknown need counts as 0), else it starts
 * the next wave. A model larger than the whole budget runs alone and the reason says so.
 */
export function planRun(arms: readonly Arm[], needs: MemoryNeeds, options: PlanOptions): RunPlan {
  const maxParallel = Math.max(1, options.maxParallel ?? 4);
  // A model served by the person's server takes no memory here and no worker: it joins any wave.
  const models = armModels(arms).map((m) => ({
    key: modelKey(m),
    need: ENGINES[m.engine].localMemory ? needs.get(modelKey(m)) : 0,
    local: ENGINES[m.engine].localMemory,
  }));
  const held = (options.resident ?? []).filter((r) => r.mb && !models.some((m) => m.key === r.key));
  const heldMb = held.reduce((sum, r) => sum + (r.mb ?? 0), 0);
  const budget = Math.max(0, options.budgetMb - heldMb);
  const waves: string[][] = [];
  let current: string[] = [];
  let used = 0;
  let workers = 0;
  for (const { key, need, local } of models) {
    const n = need ?? 0;
    if (local && workers > 0 && (used + n > budget || workers >= maxParallel)) {
      waves.push(current);
      current = [];
      used = 0;
      workers = 0;
    }
    current.push(key);
    used += n;
    if (local) workers += 1;
  }
  if (current.length > 0) waves.push(current);
  const why = explain(models, waves, budget, maxParallel, options.serverConcurrency ?? 1);
  const note =
    held.length > 0
      ? ` The budget left is ${mb(budget)} of ${mb(options.budgetMb)}: ${held.map((r) => `${r.key} (${mb(r.mb ?? 0)})`).join(', ')} stays loaded for the chat.`
      : '';
  return { waves, budgetMb: budget, reason: why + note };
}

function explain(
  all: { key: string; need: number | undefined; local: boolean }[],
  waves: string[][],
  budget: number,
  maxParallel: number,
  atOnce: number,
): string {
  const models = all.filter((m) => m.local);
  const served = all.length - models.length;
  // Past one at a time, the server's answers share it: their times are not each one's alone.
  const overlap =
    atOnce > 1
      ? `; up to ${atOnce} of ${served === 1 ? 'its' : 'their'} answers run at once, so their times overlap`
      : '';
  const remote =
    served > 0
      ? ` ${served === 1 ? 'The model' : `The ${served} models`} on your server take${served === 1 ? 's' : ''} no memory here${overlap}.`
      : '';
  if (all.length <= 1) {
    const only = models[0];
    const over =
      only?.need !== undefined && only.need > budget
        ? `, though ${only.key} needs ${mb(only.need)}, more than the whole ${mb(budget)} budget`
        : '';
    return `One model answers every arm: no swap is needed${over}.`;
  }
  if (served > 0 && models.length === 0)
    return atOnce > 1
      ? `Every model answers on your server: nothing loads here, and up to ${atOnce} answers run at once, so their times overlap (set 1 to time each alone).`
      : `Every model answers on your server: nothing loads here, and the arms answer one at a time, so that no model’s speed is measured while another runs.`;
  if (models.length <= 1) {
    const only = models[0]!;
    const over =
      only.need !== undefined && only.need > budget
        ? `, though it needs ${mb(only.need)}, more than the whole ${mb(budget)} budget`
        : '';
    return `One model loads here (${only.key}): no swap is needed${over}.${remote}`;
  }
  const known = models.filter((m) => m.need !== undefined);
  const total = known.reduce((sum, m) => sum + (m.need ?? 0), 0);
  const unknown = models.length - known.length;
  const unknownNote =
    unknown > 0 ? ` (${unknown} model${unknown > 1 ? 's' : ''} of unknown size counted as 0)` : '';
  if (waves.length === 1) {
    return `All ${models.length} models fit the ${mb(budget)} budget together (${mb(total)} needed${unknownNote}): they load side by side and answer one at a time, so that no model’s speed is measured while another runs.${remote}`;
  }
  const tooBig = known.filter((m) => (m.need ?? 0) > budget);
  const why =
    tooBig.length > 0
      ? `${tooBig.map((m) => `${m.key} needs ${mb(m.need ?? 0)}`).join(', ')}, more than the whole ${mb(budget)} budget`
      : total > budget
        ? `together they need ${mb(total)}${unknownNote}, more than the ${mb(budget)} budget`
        : `at most ${maxParallel} models run at once`;
  return `The models run in ${waves.length} waves, one after another, because ${why}. Each swap's load time is shown apart from the answers' figures.${remote}`;
}

/** The arms of each model, in arm order. */
export function armsByModel(arms: readonly Arm[]): Map<string, Arm[]> {
  const byModel = new Map<string, Arm[]>();
  for (const arm of arms) {
    const key = modelKey(arm.model);
    byModel.set(key, [...(byModel.get(key) ?? []), arm]);
  }
  return byModel;
}

/** Arms with the same key twice make no sense in one comparison: keeps the first. */
export function distinctArms(arms: readonly Arm[]): Arm[] {
  const seen = new Set<string>();
  return arms.filter((arm) => !seen.has(armKey(arm)) && seen.add(armKey(arm)));
}

/**
 * The fine-tune a default grid compares with `base`: the first other model that answers at once.
 * An always-thinking model (an R1 distill) spends a default answer budget thinking and would show
 * cut-off reasoning with no answer, so it joins a grid only when the person adds it.
 */
export function defaultVariant<M extends Pick<ArmModel, 'engine' | 'id'>>(
  models: readonly M[],
  base: M | undefined,
): M | undefined {
  return models.find(
    (m) => m !== base && !(m.engine === 'webllm' && thinkingOf(m.id) === 'always'),
  );
}

/** The default grid: {base, variant} × {RAG off, RAG on}. */
export function defaultGrid(base: ArmModel, variant: ArmModel | undefined): Arm[] {
  const models = variant ? [base, variant] : [base];
  return models.flatMap((model) => [
    { model, context: 'none' as const },
    { model, context: 'rag' as const },
  ]);
}
