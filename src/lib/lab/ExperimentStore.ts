// Experiments in IndexedDB: the experiment record (set, arms, settings, status) and one result
// record per question × arm, written as each finishes — so a reload or a pause loses at most the
// answer under way, and a resumed run never writes a result twice (the key is the triple).
import { INDEXES, STORES } from '../store/schema';
import { openRecordStore, monotonicClock, plain, type RecordStore } from '../store/recordStore';
import { quiet } from '../store/transaction';
import type { Experiment, ExperimentResult, ExperimentStatus } from './types';

const { experiments, experimentResults } = STORES;
type Stores = typeof experiments | typeof experimentResults;

export interface ExperimentSummary {
  id: string;
  name: string;
  status: ExperimentStatus;
  createdAt: number;
  updatedAt: number;
  items: number;
  arms: number;
}

export async function openExperimentStore(name?: string): Promise<ExperimentStore> {
  return new ExperimentStore(
    await openRecordStore(
      [experiments, experimentResults],
      'experiments-changed',
      'open the experiments',
      name,
    ),
  );
}

export class ExperimentStore {
  readonly #records: RecordStore<Stores>;
  /** Never the same updatedAt twice, so "newest first" is a strict order. */
  readonly #now = monotonicClock();

  constructor(records: RecordStore<Stores>) {
    this.#records = records;
  }

  async save(experiment: Experiment): Promise<Experiment> {
    const saved = plain({ ...experiment, updatedAt: this.#now() });
    await this.#records.runOn([experiments], 'readwrite', 'save the experiment', (tx) => {
      quiet(tx.objectStore(experiments).put(saved));
    });
    return saved;
  }

  get(id: string): Promise<Experiment | undefined> {
    return this.#records.runOn([experiments], 'readonly', 'read the experiment', (tx) =>
      tx.objectStore(experiments).get(id),
    );
  }

  list(): Promise<ExperimentSummary[]> {
    return this.#records.runOn([experiments], 'readonly', 'list the experiments', async (tx) => {
      const index = tx.objectStore(experiments).index(INDEXES.experimentsByUpdatedAt);
      const out: ExperimentSummary[] = [];
      for (let c = await index.openCursor(null, 'prev'); c; c = await c.continue()) {
        const e = c.value;
        out.push({
          id: e.id,
          name: e.name,
          status: e.status,
          createdAt: e.createdAt,
          updatedAt: e.updatedAt,
          items: e.set.items.length,
          arms: e.arms.length,
        });
      }
      return out;
    });
  }

  /** Writes one finished result; the same question × arm again replaces it (never a duplicate). */
  async putResult(result: ExperimentResult): Promise<void> {
    await this.#records.runOn([experimentResults], 'readwrite', 'save the result', (tx) => {
      quiet(tx.objectStore(experimentResults).put(plain(result)));
    });
  }

  results(experimentId: string): Promise<ExperimentResult[]> {
    return this.#records.runOn([experimentResults], 'readonly', 'read the results', (tx) =>
      tx
        .objectStore(experimentResults)
        .index(INDEXES.resultsByExperiment)
        .getAll(IDBKeyRange.only(experimentId)),
    );
  }

  /** Writes an experiment and its results together (an imported experiment file). */
  async importWhole(experiment: Experiment, results: ExperimentResult[]): Promise<void> {
    await this.#records.runOn(
      [experiments, experimentResults],
      'readwrite',
      'import the experiment',
      (tx) => {
        quiet(tx.objectStore(experiments).put(plain(experiment)));
        const store = tx.objectStore(experimentResults);
        for (const r of results) quiet(store.put(plain({ ...r, experimentId: experiment.id })));
      },
    );
  }

  /** Deletes the experiment and all of its results in one transaction. */
  async delete(id: string): Promise<void> {
    await this.#records.runOn(
      [experiments, experimentResults],
      'readwrite',
      'delete the experiment',
      async (tx) => {
        quiet(tx.objectStore(experiments).delete(id));
        const index = tx.objectStore(experimentResults).index(INDEXES.resultsByExperiment);
        for (let c = await index.openCursor(IDBKeyRange.only(id)); c; c = await c.continue()) {
          quiet(c.delete());
        }
      },
    );
  }

  close(): void {
    this.#records.close();
  }
}
