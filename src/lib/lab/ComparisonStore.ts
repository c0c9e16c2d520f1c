// The lab's comparisons in IndexedDB: saved as each arm finishes (a reload keeps what finished),
// listed newest first, deleted; and the blind-mode votes tallied per arm across all of them.
import { INDEXES, STORES } from '../store/schema';
import { openRecordStore, monotonicClock, plain, type RecordStore } from '../store/recordStore';
import { quiet } from '../store/transaction';
import { settleComparison } from './interrupted';
import { arenaTable, outcomeOf, type ArenaRow, type BlindRecord } from './arena';
import type { Comparison, ComparisonSummary } from './types';

const { comparisons } = STORES;

/** Blind votes for one arm: how often it was shown in a voted comparison and how often it won. */
/** One arm's standing over the blind votes (see arena.ts). */
export type ArmTally = ArenaRow;

export async function openComparisonStore(name?: string): Promise<ComparisonStore> {
  return new ComparisonStore(
    await openRecordStore([comparisons], 'comparisons-changed', 'open the comparisons', name),
  );
}

export class ComparisonStore {
  readonly #records: RecordStore<typeof comparisons>;
  /** Never the same updatedAt twice, so "newest first" is a strict order. */
  readonly #now = monotonicClock();

  constructor(records: RecordStore<typeof comparisons>) {
    this.#records = records;
  }

  /** Writes the comparison whole (its answers are small) and bumps updatedAt. */
  async save(comparison: Comparison): Promise<Comparison> {
    const saved = plain({ ...comparison, updatedAt: this.#now() });
    await this.#records.run('readwrite', 'save the comparison', (tx) => {
      quiet(tx.objectStore(comparisons).put(saved));
    });
    return saved;
  }

  get(id: string): Promise<Comparison | undefined> {
    return this.#records.run('readonly', 'read the comparison', (tx) =>
      tx.objectStore(comparisons).get(id),
    );
  }

  list(): Promise<ComparisonSummary[]> {
    return this.#records.run('readonly', 'list the comparisons', async (tx) => {
      const index = tx.objectStore(comparisons).index(INDEXES.comparisonsByUpdatedAt);
      const out: ComparisonSummary[] = [];
      for (let c = await index.openCursor(null, 'prev'); c; c = await c.continue()) {
        const { id, question, createdAt, updatedAt, arms, blind } = c.value;
        out.push({ id, question, createdAt, updatedAt, armCount: arms.length, blind: !!blind });
      }
      return out;
    });
  }

  async delete(id: string): Promise<void> {
    await this.#records.run('readwrite', 'delete the comparison', (tx) => {
      quiet(tx.objectStore(comparisons).delete(id));
    });
  }

  /** Votes per arm over every blind comparison that got a vote, most votes first. */
  /** Wins, ties, losses and a Bradley–Terry rating per arm over every judged blind comparison. */
  tally(label: (c: Comparison, armKey: string) => string): Promise<ArmTally[]> {
    return this.#records.run('readonly', 'count the votes', async (tx) => {
      const records: BlindRecord[] = [];
      const labels = new Map<string, string>();
      for (const c of await tx.objectStore(comparisons).getAll()) {
        if (!c.blind || !outcomeOf(c.blind)) continue;
        records.push(c.blind);
        for (const key of c.blind.order) if (!labels.has(key)) labels.set(key, label(c, key));
      }
      return arenaTable(records, (key) => labels.get(key) ?? key);
    });
  }

  /**
   * Marks comparisons left running by a closed or reloaded tab as 'interrupted' (keeping their
   * updatedAt) and returns the ones it marked, newest first.
   */
  settleInterrupted(isLive: (id: string) => boolean): Promise<Comparison[]> {
    return this.#records.run('readwrite', 'check for interrupted comparisons', async (tx) => {
      const settled: Comparison[] = [];
      const store = tx.objectStore(comparisons);
      for (let c = await store.openCursor(); c; c = await c.continue()) {
        const changed = settleComparison(c.value, isLive);
        if (!changed) continue;
        quiet(c.update(changed));
        settled.push(changed);
      }
      return settled.sort((a, b) => b.updatedAt - a.updatedAt);
    });
  }

  close(): void {
    this.#records.close();
  }
}
