// Cutting the library again after the chunking settings changed: which documents were cut with
// other settings, the job's progress, cancel, and the sentence that says how it ended. Only this
// class calls the worker for it.
import { toRagtuneError } from '../errors';
import { sameChunking } from '../library/chunkingSettings';
import type { LibraryClient } from '../library/libraryClient';
import type { RechunkOutcome, RechunkProgress } from '../library/protocol';
import type { DocumentMeta } from '../library/types';
import type { ChunkingSettings } from '../ingest/types';

const plural = (n: number, word: string) =>
  `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** "3 documents re-chunked; 1 kept its chunks (…)" for an outcome. */
export function outcomeText(o: RechunkOutcome): string {
  const done = `${plural(o.rechunked, 'document')} cut again with the new settings`;
  if (o.cancelled) {
    return `Cancelled: ${done}; ${plural(o.left, 'document')} still on the old chunks (each one whole).`;
  }
  return o.left > 0 ? `${done}; ${plural(o.left, 'document')} kept the old chunks.` : `${done}.`;
}

export interface RechunkStatus {
  jobId: string;
  running: boolean;
  progress?: RechunkProgress;
  outcome?: { ok: boolean; text: string; notes: string[] };
}

export class RechunkState {
  readonly #client: LibraryClient;
  readonly #onChanged: () => Promise<void>;
  status = $state.raw<RechunkStatus | undefined>(undefined);

  constructor(client: LibraryClient, onChanged: () => Promise<void>) {
    this.#client = client;
    this.#onChanged = onChanged;
  }

  get running(): boolean {
    return this.status?.running ?? false;
  }

  /** The documents whose chunks were cut with other settings than `chunking`. */
  stale(
    documents: readonly DocumentMeta[],
    chunking: ChunkingSettings | undefined,
  ): DocumentMeta[] {
    if (!chunking) return [];
    return documents.filter((d) => d.chunking && !sameChunking(d.chunking, chunking));
  }

  /** Cuts every such document again (one at a time, each swapped in whole). */
  async run(): Promise<void> {
    if (this.running) return;
    const jobId = crypto.randomUUID();
    this.status = { jobId, running: true };
    let outcome: RechunkStatus['outcome'];
    try {
      const o = await this.#client.rechunkLibrary(jobId, (progress) => {
        if (this.status?.jobId === jobId) this.status = { ...this.status, progress };
      });
      outcome = { ok: !o.cancelled, text: outcomeText(o), notes: o.notes };
    } catch (error) {
      const message = toRagtuneError(error).message;
      outcome = { ok: false, text: `Re-chunking stopped: ${message}`, notes: [] };
    }
    await this.#onChanged().catch(() => undefined);
    if (this.status?.jobId === jobId) this.status = { ...this.status, running: false, outcome };
  }

  cancel(): Promise<void> {
    const status = this.status;
    return status?.running ? this.#client.cancel(status.jobId) : Promise.resolve();
  }

  dismiss(): void {
    if (!this.running) this.status = undefined;
  }
}
