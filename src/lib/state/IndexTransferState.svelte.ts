// The library's index export and import as the page sees them: one job at a time, its progress,
// cancel, and the sentence that says how it ended. Only this class calls the worker for them.
import { isCancelled, toRagtuneError } from '../errors';
import type { LibraryClient } from '../library/libraryClient';
import type { IndexExport, IndexJobProgress } from '../library/protocol';

export type TransferKind = 'export' | 'import';

export interface TransferStatus {
  kind: TransferKind;
  jobId: string;
  running: boolean;
  progress?: IndexJobProgress;
  /** How it ended: a summary, or what went wrong and what to do. */
  outcome?: { ok: boolean; text: string };
}

const fmt = new Intl.NumberFormat();
const plural = (n: number, word: string) => `${fmt.format(n)} ${word}${n === 1 ? '' : 's'}`;

/** "Reading documents: 3 of 40…" for the job's latest progress. */
export function progressText(kind: TransferKind, p: IndexJobProgress | undefined): string {
  if (!p) return kind === 'export' ? 'Starting the export…' : 'Reading the file…';
  if (p.stage === 'reading') return `Reading documents: ${p.done} of ${p.total}…`;
  if (p.stage === 'packing') return `Packing the zip: ${p.done} of ${p.total} files…`;
  if (p.stage === 'checking') return 'Checking every document, chunk and vector in the file…';
  return `Storing documents: ${p.done} of ${p.total}…`;
}

export class IndexTransferState {
  readonly #client: LibraryClient;
  readonly #onImported: () => Promise<void>;
  status = $state.raw<TransferStatus | undefined>(undefined);

  constructor(client: LibraryClient, onImported: () => Promise<void>) {
    this.#client = client;
    this.#onImported = onImported;
  }

  get running(): boolean {
    return this.status?.running ?? false;
  }

  #start(kind: TransferKind): string {
    const jobId = crypto.randomUUID();
    this.status = { kind, jobId, running: true };
    return jobId;
  }

  #progress = (jobId: string) => (progress: IndexJobProgress) => {
    if (this.status?.jobId === jobId) this.status = { ...this.status, progress };
  };

  #end(jobId: string, ok: boolean, text: string): void {
    if (this.status?.jobId === jobId) {
      this.status = { ...this.status, running: false, outcome: { ok, text } };
    }
  }

  /** Exports the library; resolves to the zip to save, or undefined when it failed. */
  async exportIndex(): Promise<IndexExport | undefined> {
    if (this.running) return undefined;
    const jobId = this.#start('export');
    try {
      const done = await this.#client.exportIndex(jobId, this.#progress(jobId));
      this.#end(
        jobId,
        true,
        `Exported ${plural(done.documents, 'document')} and ${plural(done.chunks, 'chunk')} ` +
          `(embedded with ${done.model}) as ${done.fileName}.`,
      );
      return done;
    } catch (error) {
      const e = toRagtuneError(error);
      this.#end(jobId, false, isCancelled(e) ? 'Export cancelled: nothing was saved.' : e.message);
      return undefined;
    }
  }

  async importIndex(file: File): Promise<void> {
    if (this.running) return;
    const jobId = this.#start('import');
    try {
      const done = await this.#client.importIndex(jobId, file, file.name, this.#progress(jobId));
      const left = done.duplicates.length
        ? ` ${plural(done.duplicates.length, 'document')} already in the library ` +
          `(${done.duplicates.slice(0, 3).join(', ')}${done.duplicates.length > 3 ? '…' : ''}) ` +
          'were left out.'
        : '';
      this.#end(
        jobId,
        true,
        `Imported ${plural(done.added, 'document')} with ${plural(done.chunks, 'chunk')} and ` +
          `their vectors (embedded with ${done.model}); nothing was re-embedded.${left}`,
      );
    } catch (error) {
      const e = toRagtuneError(error);
      const text = isCancelled(e)
        ? 'Import cancelled. Documents stored before the cancel are kept whole; import the ' +
          'file again to add the rest (those already in the library are left out).'
        : e.message;
      this.#end(jobId, false, text);
    } finally {
      await this.#onImported();
    }
  }

  cancel(): Promise<void> {
    return this.status?.running ? this.#client.cancel(this.status.jobId) : Promise.resolve();
  }

  dismiss(): void {
    if (!this.running) this.status = undefined;
  }
}
