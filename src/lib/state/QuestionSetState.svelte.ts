// Question-set evaluation's state: the set imported (or drafted and reviewed), the experiment open
// with its results and progress, pause and resume (also after a reload: results are saved one by
// one), export and import. What it runs and computes lives in pure modules: the run in
// lab/runExperiment.ts, each answer's scores in eval/armScores.ts, the records it keeps in
// lab/experimentRecord.ts, the per-arm figures in eval/squad.ts. Over 300 lines because each of
// those steps still needs its own guarded, error-reporting method here.
import { isCancelled, toRagtuneError } from '../errors';
import type { LoadProgress } from '../generate/Generator';
import { scoreArmAnswer } from '../eval/armScores';
import { aggregate, type ArmAggregate } from '../eval/squad';
import { parseQuestionSet, type QuestionSetFile } from '../eval/questionSets';
import type { PassageDocument } from '../eval/questionCorpora';
import { newId } from '../chat/messages';
import {
  experimentToJson,
  exportFileName,
  parseExperimentFile,
  resultsToCsv,
} from '../lab/experimentFile';
import {
  openExperimentStore,
  type ExperimentStore,
  type ExperimentSummary,
} from '../lab/ExperimentStore';
import { draftQuestions, spreadPassages, type DraftItem } from '../lab/generateQuestions';
import {
  draftedSet,
  importedCopy,
  missingDocumentsNotice,
  newExperiment,
  rerunCopy,
} from '../lab/experimentRecord';
import { distinctArms, memoryNeeds, planRun } from '../lab/plan';
import { runExperiment, savedKeys, type ExperimentProgress } from '../lab/runExperiment';
import type { Arm, ArmModel, Experiment, ExperimentResult, QuestionSet } from '../lab/types';
import { DEFAULT_SETTINGS } from '../library/settings';
import type { GenerationSettings } from './GenerationSettings.svelte';
import type { LabState } from './LabState.svelte';
import type { LibraryState } from './LibraryState.svelte';
import { LAB_RANGES, clampTo } from '../settings/ranges';

export interface ExportedFile {
  name: string;
  text: string;
  type: string;
}

export class QuestionSetState {
  readonly #library: LibraryState;
  readonly #lab: LabState;
  readonly #generation: GenerationSettings;
  #store: ExperimentStore | undefined;
  #controller: AbortController | undefined;
  experiments = $state.raw<ExperimentSummary[]>([]);
  current = $state.raw<Experiment | undefined>(undefined);
  results = $state.raw<ExperimentResult[]>([]);
  progress = $state.raw<ExperimentProgress | undefined>(undefined);
  /** Loads of the run's models under way, by model key (a download can take minutes). */
  modelLoads = $state.raw<Record<string, LoadProgress>>({});
  running = $state(false);
  /** A set ready to run (imported or drafted and accepted). */
  set = $state.raw<QuestionSet | undefined>(undefined);
  /** SQuAD/BEIR passages the set's gold documents name, to add to the library. */
  setDocuments = $state.raw<PassageDocument[]>([]);
  setNotes = $state.raw<string[]>([]);
  drafts = $state<DraftItem[]>([]);
  drafting = $state<{ done: number; total: number } | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  notice = $state<string | undefined>(undefined);
  /** The experiment store is open: create() and open() work from now on. */
  ready = $state(false);

  constructor(library: LibraryState, lab: LabState, generation: GenerationSettings) {
    this.#library = library;
    this.#lab = lab;
    this.#generation = generation;
  }

  async start(databaseName?: string): Promise<void> {
    try {
      this.#store = await openExperimentStore(databaseName);
      // A run that was going when the page closed is paused: Resume picks it up.
      for (const e of await this.#store.list()) {
        if (e.status !== 'running') continue;
        const found = await this.#store.get(e.id);
        if (found) await this.#store.save({ ...found, status: 'paused' });
      }
      await this.#refresh();
      this.ready = true;
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    }
  }

  async #refresh(): Promise<void> {
    if (this.#store) this.experiments = await this.#store.list();
  }

  /** Per-arm figures of the open experiment. */
  get summary(): ArmAggregate[] {
    const e = this.current;
    return e ? aggregate(this.results, { items: e.set.items, arms: e.arms }) : [];
  }

  async importSet(files: QuestionSetFile[], limit?: number): Promise<void> {
    this.error = undefined;
    try {
      const parsed = parseQuestionSet(files, limit ? { limit, pick: 'spread' } : {});
      this.set = parsed.set;
      this.setDocuments = parsed.documents;
      this.setNotes = parsed.notes;
      this.drafts = [];
    } catch (error) {
      this.error = toRagtuneError(error, 'invalid-dataset').message;
    }
  }

  /** Adds the set's passages to the library, so its gold documents exist there. */
  async addSetDocuments(): Promise<void> {
    const encoder = new TextEncoder();
    const known = this.#library.documents.map((d) => d.name);
    const items = this.setDocuments
      .filter((d) => !known.includes(d.name))
      .map((d) => ({
        name: d.name,
        bytes: encoder.encode(d.text).buffer as ArrayBuffer,
        source: 'file' as const,
      }));
    if (items.length > 0) await this.#library.addItems(items);
  }

  /** Drafts `count` questions from the library's passages with `model`, for review. */
  async draft(model: ArmModel, count: number): Promise<void> {
    if (this.running || this.drafting) return;
    count = clampTo(LAB_RANGES.draftCount, count, 10);
    this.error = undefined;
    const controller = new AbortController();
    this.#controller = controller;
    this.drafting = { done: 0, total: count };
    try {
      const views = await Promise.all(
        this.#library.documents.map((d) => this.#library.getDocument(d.id)),
      );
      const byDoc = views.flatMap((v) =>
        v ? [v.chunks.map((c) => ({ docName: v.meta.name, text: c.text }))] : [],
      );
      const passages = spreadPassages(byDoc, count);
      if (passages.length === 0)
        throw toRagtuneError('The library is empty: add documents first.', 'empty');
      this.drafting = { done: 0, total: passages.length };
      const { ready } = await this.#lab.pool.acquire(model, () => {});
      this.drafts = await draftQuestions(passages, ready, {
        seed: this.#generation.decoding.seed,
        signal: controller.signal,
        onDraft: (done) => (this.drafting = { done, total: passages.length }),
      });
    } catch (error) {
      const e = toRagtuneError(error, 'generation-failed');
      if (!isCancelled(e)) this.error = e.message;
    } finally {
      this.drafting = undefined;
      this.#controller = undefined;
    }
  }

  /** The reviewed drafts become the set (empty questions are dropped). */
  useDrafts(): void {
    const set = draftedSet(this.drafts);
    if (!set) {
      this.error = 'Every drafted question is empty: write at least one, or draft again.';
      return;
    }
    this.set = set;
    this.setDocuments = [];
    this.drafts = [];
  }

  /** A new experiment: the set, the lab's arms and the current settings; then it runs. */
  async create(name?: string): Promise<void> {
    const set = this.set;
    const store = this.#store;
    const arms = distinctArms(this.#lab.arms);
    if (!set || !store || this.running || arms.length === 0) return;
    const invalid = this.#generation.error;
    if (invalid) {
      this.error = invalid;
      return;
    }
    const experiment = newExperiment({
      id: newId(),
      now: Date.now(),
      name,
      set,
      arms,
      decoding: this.#generation.snapshot(),
      settings: this.#library.settings ?? DEFAULT_SETTINGS,
      documents: this.#library.documents,
      modelFacts: (m) => this.#lab.modelFacts(m),
    });
    this.current = await store.save(experiment);
    this.results = [];
    await this.#refresh();
    await this.run();
  }

  /** Another tab saved or deleted experiments: list them again; a deleted open one closes. */
  async followOtherTab(): Promise<void> {
    await this.#refresh();
    const open = this.current;
    if (open && !this.running && !this.experiments.some((e) => e.id === open.id)) {
      this.current = undefined;
      this.results = [];
    }
  }

  async open(id: string): Promise<void> {
    if (this.running || !this.#store) return;
    // Both at once, so the page never shows the experiment with no results for a moment.
    const [experiment, results] = await Promise.all([this.#store.get(id), this.#store.results(id)]);
    this.results = experiment ? results : [];
    this.current = experiment;
    this.progress = undefined;
  }

  async remove(id: string): Promise<void> {
    if (this.running && this.current?.id === id) return;
    await this.#store?.delete(id);
    if (this.current?.id === id) {
      this.current = undefined;
      this.results = [];
    }
    await this.#refresh();
  }

  /** Runs (or resumes) the open experiment; what is saved already is skipped. */
  async run(): Promise<void> {
    const store = this.#store;
    let experiment = this.current;
    if (!store || !experiment || this.running) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.running = true;
    this.error = undefined;
    this.modelLoads = {};
    experiment = await store.save({ ...experiment, status: 'running' });
    this.current = experiment;
    const arms: Arm[] = experiment.arms;
    const needs = memoryNeeds(arms, (m) => this.#lab.menuModel(m)?.memoryMb);
    const plan = planRun(arms, needs, {
      budgetMb: this.#lab.budgetMb,
      resident: this.#lab.resident,
      serverConcurrency: this.#lab.serverConcurrency,
    });
    const results = await store.results(experiment.id);
    this.results = results;
    let complete = false;
    try {
      complete = await runExperiment(experiment, {
        pool: this.#lab.pool,
        library: this.#library.access,
        documents: this.#library.documents,
        plan,
        done: savedKeys(results),
        save: async (result) => {
          await store.putResult(result);
          this.results = [...this.results, result];
        },
        score: scoreArmAnswer,
        onProgress: (p) => (this.progress = p),
        onModelProgress: (key, p) => (this.modelLoads = { ...this.modelLoads, [key]: p }),
        serverConcurrency: this.#lab.serverConcurrency,
        signal: controller.signal,
      });
      const failures = this.progress?.failures ?? [];
      if (failures.length > 0) this.error = failures.map((f) => f.error).join(' ');
    } catch (error) {
      const e = toRagtuneError(error, 'generation-failed');
      if (!isCancelled(e)) this.error = e.message;
    } finally {
      const status = complete ? 'done' : 'paused';
      this.current = await store.save({ ...(this.current ?? experiment), status });
      this.running = false;
      this.#controller = undefined;
      await this.#refresh();
    }
  }

  /** Pauses the run (or a draft): the answer under way is dropped and run again on resume. */
  pause(): void {
    this.#controller?.abort();
  }

  exportJson(): ExportedFile | undefined {
    const e = this.current;
    if (!e) return undefined;
    return {
      name: exportFileName(e, 'json'),
      text: experimentToJson(e, this.results),
      type: 'application/json',
    };
  }

  exportCsv(): ExportedFile | undefined {
    const e = this.current;
    if (!e) return undefined;
    return {
      name: exportFileName(e, 'csv'),
      text: resultsToCsv(e, this.results),
      type: 'text/csv',
    };
  }

  /** Opens an exported experiment: its results as they were (a copy, under a new id). */
  async importExperiment(text: string, fileName: string): Promise<void> {
    this.error = undefined;
    try {
      const { experiment, results } = parseExperimentFile(text, fileName);
      const id = newId();
      const copy = importedCopy(experiment, results.length, id);
      await this.#store?.importWhole(
        copy,
        results.map((r) => ({ ...r, experimentId: id })),
      );
      await this.#refresh();
      await this.open(id);
      this.notice = this.documentsNotice(copy);
    } catch (error) {
      this.error = toRagtuneError(error, 'invalid-dataset').message;
    }
  }

  /** Whether the library holds the documents the experiment ran on (by content hash). */
  documentsNotice(e: Experiment): string | undefined {
    return missingDocumentsNotice(e, this.#library.documents);
  }

  /** Runs the experiment again from scratch as a new experiment with the same set, arms and settings. */
  async rerun(): Promise<void> {
    const e = this.current;
    if (!e || !this.#store || this.running) return;
    this.current = await this.#store.save(rerunCopy(e, newId(), Date.now()));
    this.results = [];
    await this.#refresh();
    await this.run();
  }
}
