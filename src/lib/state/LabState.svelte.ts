// The comparison lab's state: the arms (model × context mode), the plan they would run by, the
// comparison under way with each column's live stream (the run itself is lab/runComparison.ts, on
// the lab's one wave loop), saved comparisons, and blind mode's votes. Over 300 lines: it also
// holds the model pool shared with question-set runs and the menu look-ups the arm editor uses.
import { isCancelled, toRagtuneError } from '../errors';
import type { LoadProgress } from '../generate/Generator';
import { openComparisonStore, type ArmTally, type ComparisonStore } from '../lab/ComparisonStore';
import { EnginePool } from '../lab/enginePool';
import { armLabel, shuffled } from '../lab/labels';
import { defaultGrid, defaultVariant, distinctArms, memoryNeeds, planRun } from '../lab/plan';
import { runComparison, type ArmPhase } from '../lab/runComparison';
import {
  armKey,
  modelKey,
  type Arm,
  type ArmModel,
  type Comparison,
  type ComparisonSummary,
  type RunPlan,
} from '../lab/types';
import { comparisonLockName, missingArms, partialTexts, runEnded } from '../lab/interrupted';
import { newId } from '../chat/messages';
import { DEFAULT_SETTINGS } from '../library/settings';
import type { LibraryState } from './LibraryState.svelte';
import type { ModelsState } from './ModelsState.svelte';
import { batched, type Batcher } from './batched';
import { throttledSave } from './throttledSave';
import { heldLocks, holdLock } from './workLock';
import type { GenerationSettings } from './GenerationSettings.svelte';
import { LAB_RANGES, clampTo, inRange } from '../settings/ranges';
import { findModel, type MenuModel } from '../generate/modelMenu';

/** A column while its arm runs. */
export interface ArmLive {
  phase: ArmPhase;
  text: string;
  progress?: LoadProgress;
}

const BUDGET_KEY = 'ragtune-lab-budget-mb';
const SERVER_CONCURRENCY_KEY = 'ragtune-lab-server-concurrency';

/** Answers a server's models give at once: 1 (each one's times alone) unless the person chose more. */
function savedServerConcurrency(): number {
  const saved = Number(globalThis.localStorage?.getItem(SERVER_CONCURRENCY_KEY));
  return inRange(saved, LAB_RANGES.serverConcurrency) ? saved : 1;
}

/** Half the device's memory as the browser reports it (at most 8 GB reported), else 4 GB. */
function defaultBudgetMb(): number {
  const saved = Number(globalThis.localStorage?.getItem(BUDGET_KEY));
  // A saved figure out of range (hand-edited, an old build) is ignored for the default.
  if (inRange(saved, LAB_RANGES.budgetMb)) return saved;
  const gb = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return gb ? Math.max(1024, Math.round((gb * 1024) / 2)) : 4096;
}

export class LabState {
  readonly #library: LibraryState;
  readonly #models: ModelsState;
  readonly #generation: GenerationSettings;
  readonly #pool: EnginePool;
  #store: ComparisonStore | undefined;
  #controller: AbortController | undefined;
  arms = $state.raw<Arm[]>([]);
  question = $state('');
  /** Blind mode for the next run. */
  blind = $state(false);
  budgetMb = $state(defaultBudgetMb());
  serverConcurrency = $state(savedServerConcurrency());
  current = $state.raw<Comparison | undefined>(undefined);
  live = $state<Record<string, ArmLive>>({});
  running = $state(false);
  history = $state.raw<ComparisonSummary[]>([]);
  tally = $state.raw<ArmTally[]>([]);
  error = $state<string | undefined>(undefined);
  ready = $state(false);

  constructor(library: LibraryState, models: ModelsState, generation: GenerationSettings) {
    this.#library = library;
    this.#models = models;
    this.#generation = generation;
    this.#pool = new EnginePool({
      createEngine: (engine) => models.createEngine(engine),
      borrow: (model) => models.lending.lend(model),
      unavailable: (model) => models.unavailable(model),
      serverConcurrency: () => this.serverConcurrency,
    });
    // One copy per model on the GPU: an idle lab copy goes before the chat loads the model.
    models.lending.beforeLoad = async (model) => {
      if (!this.running) await this.#pool.release(modelKey(model));
    };
  }

  /** The lab's models, shared by comparisons and question-set runs (a model loads once for both). */
  get pool(): EnginePool {
    return this.#pool;
  }

  async start(databaseName?: string): Promise<void> {
    try {
      this.#store = await openComparisonStore(databaseName);
      // A comparison another tab runs holds a lock; one left running without it was cut off.
      const live = await heldLocks();
      const cut = await this.#store.settleInterrupted((id) => live.has(comparisonLockName(id)));
      await this.#refresh();
      if (cut[0]) {
        this.current = cut[0]; // reopened where it stopped, its unfinished columns marked
        this.question = cut[0].question;
      }
      if (this.arms.length === 0) this.useDefaultGrid();
      this.ready = true;
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    }
  }

  /** Every model the menus offer. */
  get menuModels(): MenuModel[] {
    return this.#models.families.flatMap((f) => f.models);
  }

  /** The arm's model as the menu describes it. */
  menuModel(model: Pick<ArmModel, 'engine' | 'id'>): MenuModel | undefined {
    return findModel(this.#models.families, model);
  }

  toArmModel(model: Pick<ArmModel, 'engine' | 'id'>): ArmModel {
    const found = this.menuModel(model);
    return { engine: model.engine, id: model.id, ...(found ? { name: found.name } : {}) };
  }

  /** What identifies a model beyond its id (for experiment files). */
  modelFacts(
    model: Pick<ArmModel, 'engine' | 'id'>,
  ): Record<string, string | number | boolean | null> {
    return this.#models.modelFacts(model);
  }

  /** {chosen model's base, its first fine-tuned variant} × {no documents, RAG}. */
  useDefaultGrid(): void {
    const family = this.#models.families.find((f) =>
      f.models.some(
        (m) => m.engine === this.#models.selected.engine && m.id === this.#models.selected.id,
      ),
    );
    const base = family?.models.find((m) => m.isBase) ?? family?.models[0];
    const variant = defaultVariant(family?.models ?? [], base);
    const pick = base ?? this.#models.selected;
    this.arms = defaultGrid(this.toArmModel(pick), variant ? this.toArmModel(variant) : undefined);
  }

  /** The arms as edited; a repeated arm is kept in the list (the person may be mid-edit) but runs once. */
  setArms(arms: Arm[]): void {
    this.arms = arms;
  }

  setBudget(mb: number): void {
    if (!Number.isFinite(mb) || mb <= 0) return;
    this.budgetMb = clampTo(LAB_RANGES.budgetMb, mb, this.budgetMb);
    globalThis.localStorage?.setItem(BUDGET_KEY, String(this.budgetMb));
  }

  setServerConcurrency(n: number): void {
    if (!inRange(n, LAB_RANGES.serverConcurrency)) return;
    this.serverConcurrency = n;
    globalThis.localStorage?.setItem(SERVER_CONCURRENCY_KEY, String(n));
  }

  /** The plan the current arms would run by. */
  get plan(): RunPlan {
    const arms = distinctArms(this.arms);
    const needs = memoryNeeds(arms, (m) => this.menuModel(m)?.memoryMb);
    return planRun(arms, needs, {
      budgetMb: this.budgetMb,
      resident: this.resident,
      serverConcurrency: this.serverConcurrency,
    });
  }

  /** Models the chat keeps in memory, which a plan must count (PlanOptions.resident). */
  get resident(): { key: string; mb: number | undefined }[] {
    return this.#models.lending.resident.map((m) => ({
      key: modelKey(m),
      mb: this.menuModel(m)?.memoryMb,
    }));
  }

  async #refresh(): Promise<void> {
    if (!this.#store) return;
    this.history = await this.#store.list();
    this.tally = await this.#store.tally((c, key) => {
      const arm = c.arms.find((a) => armKey(a) === key);
      return arm ? armLabel(arm) : key;
    });
  }

  /** Another tab saved or deleted comparisons: list them again; a deleted open one closes. */
  async followOtherTab(): Promise<void> {
    await this.#refresh();
    const open = this.current;
    if (open && !this.running && !this.history.some((c) => c.id === open.id)) {
      this.current = undefined;
    }
  }

  async open(id: string): Promise<void> {
    if (this.running) return;
    const found = await this.#store?.get(id);
    if (!found) return;
    this.current = found;
    this.live = {};
    this.question = found.question;
  }

  async remove(id: string): Promise<void> {
    await this.#store?.delete(id);
    if (this.current?.id === id) this.current = undefined;
    await this.#refresh();
  }

  stop(): void {
    this.#controller?.abort();
    this.#pool.cancelLoads();
  }

  /** Runs the question across the arms by the plan; each finished arm is saved at once. */
  async run(): Promise<void> {
    const question = this.question.trim();
    const arms = distinctArms(this.arms);
    if (!question || !this.#store || this.running || arms.length === 0) return;
    const invalid = this.#generation.error;
    if (invalid) {
      this.error = invalid;
      return;
    }
    const plan = this.plan;
    const keys = arms.map(armKey);
    await this.#execute(
      {
        id: newId(),
        question,
        createdAt: Date.now(),
        updatedAt: Date.now(),
        arms,
        decoding: this.#generation.snapshot(),
        search: this.#library.settings?.search ?? DEFAULT_SETTINGS.search,
        answers: [],
        plan,
        swaps: [],
        ...(this.blind ? { blind: { order: shuffled(keys), revealed: false } } : {}),
      },
      arms,
      plan,
    );
  }

  /** Arms the open comparison has no answer for (cut off by a reload, or never reached). */
  get missing(): Arm[] {
    return this.current && !this.running ? missingArms(this.current) : [];
  }

  /** Runs only the open comparison's missing arms, with its own settings; finished arms stay. */
  async resume(): Promise<void> {
    const c = this.current;
    const arms = this.missing;
    if (!c || arms.length === 0) return;
    const needs = memoryNeeds(arms, (m) => this.menuModel(m)?.memoryMb);
    const options = { budgetMb: this.budgetMb, serverConcurrency: this.serverConcurrency };
    await this.#execute(c, arms, planRun(arms, needs, options));
  }

  async #execute(start: Comparison, arms: Arm[], plan: RunPlan): Promise<void> {
    const store = this.#store;
    if (!store || this.running) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.running = true;
    this.error = undefined;
    let comparison: Comparison = { ...start, status: 'running' };
    this.live = Object.fromEntries(arms.map((a) => [armKey(a), { phase: 'waiting', text: '' }]));
    this.current = comparison;
    // Models of one wave finish (or fail) at once: each change applies to the latest comparison,
    // and a save that resolves late must not put back an older one (writes go in call order).
    const save = async (change: (c: Comparison) => Comparison) => {
      const next = change(comparison);
      comparison = next;
      this.current = next;
      const saved = await store.save(next);
      if (comparison === next) comparison = saved;
    };
    // Streamed text is saved as it grows, so a reload keeps each unfinished column's part.
    const release = holdLock(comparisonLockName(comparison.id));
    const partials = throttledSave(() =>
      save((c) => ({ ...c, partials: partialTexts(c, this.live) })),
    );
    // Re-rendering a column for every token would load the page: its text arrives in batches.
    const streams: Record<string, Batcher> = {};
    const stream = (key: string): Batcher =>
      (streams[key] ??= batched((text) => {
        const live = this.live[key];
        if (live) live.text += text;
        partials.touch();
      }));
    try {
      await save((c) => c);
      void this.#refresh();
      await runComparison(comparison, arms, {
        pool: this.#pool,
        library: this.#library.access,
        documents: this.#library.documents,
        plan,
        signal: controller.signal,
        update: save,
        onPhase: (key, phase) => this.#column(key, phase, stream(key)),
        onLoadProgress: (key, progress) => {
          const live = this.live[key];
          if (live) live.progress = progress;
        },
        onToken: (key, text) => stream(key).push(text),
        serverConcurrency: this.serverConcurrency,
      });
    } catch (error) {
      const e = toRagtuneError(error, 'generation-failed');
      if (!isCancelled(e)) this.error = e.message;
    } finally {
      await partials.stop();
      await save(runEnded).catch(() => undefined);
      release();
      this.running = false;
      this.#controller = undefined;
      await this.#refresh();
    }
  }

  /** A column moves on: a load starts it afresh, and its streamed text is all in before 'done'. */
  #column(key: string, phase: ArmPhase, stream: Batcher): void {
    if (phase === 'loading' || phase === 'waiting') {
      this.live[key] = { phase, text: '' };
      return;
    }
    if (phase === 'done') stream.flush();
    const live = this.live[key];
    if (!live) return;
    live.phase = phase;
    if (phase !== 'generating') live.progress = undefined;
  }

  /** Blind mode: the person's pick; the labels are revealed with it. */
  async vote(key: string): Promise<void> {
    const c = this.current;
    if (!c?.blind || c.blind.vote || c.blind.outcome || !this.#store) return;
    this.current = await this.#store.save({
      ...c,
      blind: { ...c.blind, vote: key, revealed: true },
    });
    await this.#refresh();
  }

  /** Blind mode, judged without a pick: every answer equally good, or all bad. */
  async judge(outcome: 'tie' | 'all-bad'): Promise<void> {
    const c = this.current;
    if (!c?.blind || c.blind.vote || c.blind.outcome || !this.#store) return;
    this.current = await this.#store.save({ ...c, blind: { ...c.blind, outcome, revealed: true } });
    await this.#refresh();
  }

  /** Shows the labels without a vote. */
  async reveal(): Promise<void> {
    const c = this.current;
    if (!c?.blind || c.blind.revealed || !this.#store) return;
    this.current = await this.#store.save({ ...c, blind: { ...c.blind, revealed: true } });
  }

  dispose(): void {
    this.#pool.dispose();
  }
}
