// The page's view of the library: documents, the embedding model's status, ingest jobs with
// per-file progress, the text edit under way, and the actions a person takes. Components read
// it; only it calls the worker.
import type { LibraryClient } from '../library/libraryClient';
import type { LibraryAccess } from '../lab/sharedContext';
import type {
  EditOutcome,
  IngestItem,
  IngestProgress,
  LibraryEvent,
  LibrarySettings,
  ModelStatus,
  ReindexProgress,
} from '../library/protocol';
import type { DocumentMeta } from '../library/types';
import { toRagtuneError } from '../errors';
import { collectFiles, pasteItem, type Rejected } from '../ingest/collectFiles';
import { IndexTransferState } from './IndexTransferState.svelte';
import { RechunkState } from './RechunkState.svelte';
import { jobFraction } from './ingestProgress';

export { fileFraction } from './ingestProgress';

export interface IngestJob {
  id: string;
  files: IngestProgress[];
  rejected: Rejected[];
  running: boolean;
  /** Progress of the whole job, 0..1 (kept here so a render never sums thousands of files). */
  fraction: number;
}

/** How often queued progress events are applied: one render per batch, not one per event. */
const PROGRESS_BATCH_MS = 100;

/** A document's text being saved: re-chunked and re-embedded in the worker. */
export interface TextEdit {
  jobId: string;
  docId: string;
  /** The worker's latest progress event for this edit (same stages as an import). */
  progress?: IngestProgress;
}

export class LibraryState {
  #client: LibraryClient;
  documents = $state.raw<DocumentMeta[]>([]);
  model = $state.raw<ModelStatus>({ state: 'none', loadedBytes: 0, totalBytes: 0, host: '' });
  reranker = $state.raw<ModelStatus>({ state: 'none', loadedBytes: 0, totalBytes: 0, host: '' });
  reindex = $state.raw<ReindexProgress>({ done: 0, total: 0, active: false });
  /** Replaced whole on each change (never deep-proxied: an import may have thousands of files). */
  jobs = $state.raw<IngestJob[]>([]);
  #pendingProgress: IngestProgress[] = [];
  #progressTimer: ReturnType<typeof setTimeout> | undefined;
  /** The text edit being saved, if any (one at a time: the worker runs writes in turn). */
  edit = $state.raw<TextEdit | undefined>(undefined);
  settings = $state.raw<LibrarySettings | undefined>(undefined);
  ready = $state(false);
  error = $state<string | undefined>(undefined);
  /** Bumped whenever the library's contents change, so searches can re-run. */
  revision = $state(0);

  /** Index export and import (library backup and restore, and files for vector databases). */
  readonly transfer: IndexTransferState;
  /** Cutting the library again after the chunking settings changed. */
  readonly rechunk: RechunkState;

  constructor(client: LibraryClient) {
    this.#client = client;
    this.transfer = new IndexTransferState(client, () => this.refresh());
    this.rechunk = new RechunkState(client, () => this.refresh());
  }

  /** The worker's client, for the state's own flows (ragFlow); never handed outside state/. */
  get client(): LibraryClient {
    return this.#client;
  }

  /**
   * What the lab's runner reads from the library, as lab/ types it: the state hands over these
   * functions, never the worker's client.
   */
  readonly access: LibraryAccess = {
    search: (query, settings) => this.#client.search(query, settings),
    getDocument: (id) => this.#client.getDocument(id),
  };

  get totalChunks(): number {
    return this.documents.reduce((n, d) => n + d.chunkCount, 0);
  }

  /** Opens the library; resolves to notes on saved settings that fell back to defaults. */
  async start(overrides?: Partial<LibrarySettings>, libraryName?: string): Promise<string[]> {
    try {
      const notes = await this.#client.init((e) => this.#onEvent(e), overrides, libraryName);
      this.settings = await this.#client.getSettings();
      await this.refresh();
      this.ready = true;
      return notes;
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
      return [];
    }
  }

  async refresh(): Promise<void> {
    this.documents = await this.#client.listDocuments();
    this.revision++;
  }

  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;

  /**
   * A refresh for a burst of 'changed' events (one per document of a large import): at most one
   * list read in flight and one every 250 ms, the last change always included. Reading and
   * re-rendering thousands of rows per document made big imports ~35× slower.
   */
  #refreshSoon(): void {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return;
    }
    this.#refreshing = (async () => {
      do {
        this.#refreshAgain = false;
        await this.refresh();
        await new Promise((resolve) => setTimeout(resolve, 250));
      } while (this.#refreshAgain);
    })()
      .catch(() => undefined)
      .finally(() => (this.#refreshing = undefined));
  }

  #onEvent(event: LibraryEvent): void {
    if (event.type === 'model') this.model = event.status;
    else if (event.type === 'reranker') this.reranker = event.status;
    else if (event.type === 'reindex') this.reindex = event.progress;
    else if (event.type === 'changed') this.#refreshSoon();
    else if (event.type === 'settings') this.settings = event.settings;
    else this.#onProgress(event.progress);
  }

  #onProgress(p: IngestProgress): void {
    if (this.edit?.jobId === p.jobId) {
      this.edit = { ...this.edit, progress: p };
      return;
    }
    this.#pendingProgress.push(p);
    this.#progressTimer ??= setTimeout(() => this.#applyProgress(), PROGRESS_BATCH_MS);
  }

  /** Applies the queued progress events in one change of `jobs`. */
  #applyProgress(): void {
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
    const pending = this.#pendingProgress;
    if (pending.length === 0) return;
    this.#pendingProgress = [];
    this.jobs = this.jobs.map((job) => {
      const mine = pending.filter((p) => p.jobId === job.id);
      if (mine.length === 0) return job;
      const files = job.files.slice();
      for (const p of mine) files[p.index] = p;
      return { ...job, files, fraction: jobFraction(files) };
    });
  }

  #updateJob(id: string, change: (job: IngestJob) => IngestJob): void {
    this.jobs = this.jobs.map((job) => (job.id === id ? change(job) : job));
  }

  async addFiles(files: File[]): Promise<void> {
    const { items, rejected } = collectFiles(files);
    await this.#run(items, rejected);
  }

  async addPaste(text: string, html?: string): Promise<void> {
    await this.#run([pasteItem(text, html)], []);
  }

  async addItems(items: IngestItem[]): Promise<void> {
    await this.#run(items, []);
  }

  async #run(items: IngestItem[], rejected: Rejected[]): Promise<void> {
    const id = crypto.randomUUID();
    const files = items.map((item, index) => ({
      jobId: id,
      index,
      name: item.name,
      stage: 'queued' as const,
      fraction: 0,
    }));
    const running = items.length > 0;
    this.jobs = [{ id, files, rejected, running, fraction: running ? 0 : 1 }, ...this.jobs];
    if (!running) return;
    try {
      await this.#client.ingest(id, items);
    } catch (error) {
      const failure = { name: 'Import', message: toRagtuneError(error).message };
      this.#updateJob(id, (job) => ({ ...job, rejected: [...job.rejected, failure] }));
    } finally {
      this.#applyProgress();
      this.#updateJob(id, (job) => ({ ...job, running: false }));
      await this.refresh();
    }
  }

  cancel(jobId: string): Promise<void> {
    return this.#client.cancel(jobId);
  }

  dismissJob(jobId: string): void {
    this.jobs = this.jobs.filter((j) => j.id !== jobId);
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#client.renameDocument(id, name);
    await this.refresh();
  }

  /**
   * Replaces a document's text and re-indexes it (progress in `edit`, stop with cancelEdit).
   * Resolves with the document as it now is; rejects with a RagtuneError saying why nothing
   * changed ('empty', 'duplicate', 'cancelled', a model or storage failure).
   */
  async editText(docId: string, text: string): Promise<EditOutcome> {
    const jobId = crypto.randomUUID();
    this.edit = { jobId, docId };
    try {
      const outcome = await this.#client.updateDocumentText(docId, text, jobId);
      await this.refresh();
      return outcome;
    } catch (error) {
      throw toRagtuneError(error);
    } finally {
      if (this.edit?.jobId === jobId) this.edit = undefined;
    }
  }

  /** Stops the text edit being saved; the document stays as it was. */
  cancelEdit(): Promise<void> {
    return this.edit ? this.#client.cancel(this.edit.jobId) : Promise.resolve();
  }

  async remove(id: string): Promise<void> {
    await this.#client.deleteDocument(id);
    await this.refresh();
  }

  async clear(): Promise<void> {
    await this.#client.clearLibrary();
    await this.refresh();
  }

  async updateSettings(patch: Partial<LibrarySettings>): Promise<void> {
    this.settings = await this.#client.updateSettings(patch);
    // A chunking change records how the documents were cut until now (see RechunkState.stale).
    if (patch.chunking) await this.refresh();
  }

  /** Documents cut with other chunking settings than the current ones. */
  get chunkedOtherwise(): DocumentMeta[] {
    return this.rechunk.stale(this.documents, this.settings?.chunking);
  }

  async retryModel(): Promise<void> {
    await this.#client.loadModel();
  }

  /** Goes on with a re-embedding a reload or a closed tab cut off (see `reindex.interrupted`). */
  async resumeReindex(): Promise<void> {
    this.reindex = { ...this.reindex, interrupted: undefined };
    await this.#client.resumeReindex();
  }

  /** Stops the embedding model's download; keyword search goes on working. */
  cancelModelLoad(): Promise<void> {
    return this.#client.cancelModelLoad();
  }

  /** Stops the reranker's download; searches keep their order until reranking is asked again. */
  cancelRerankerLoad(): Promise<void> {
    return this.#client.cancelRerankerLoad();
  }

  /** One document with its text and chunks (undefined once it is gone). */
  getDocument(id: string): ReturnType<LibraryClient['getDocument']> {
    return this.#client.getDocument(id);
  }

  /** A BEIR retrieval evaluation through this library's pipeline; `cancel(jobId)` stops it. */
  evaluateBeir(...args: Parameters<LibraryClient['evaluateBeir']>) {
    return this.#client.evaluateBeir(...args);
  }
}
