// The library worker's implementation of LibraryApi: settings, the embedding model's life cycle
// (download progress, cancel), ingest jobs and text edits with progress and cancel, and
// re-embedding when the model changes.
// Over 300 lines: the worker's one implementation of LibraryApi, a short method per call; the work
// itself is in Library, ingest/ and the jobs these methods start.
import { findEmbeddingModel, customModelSpec } from '../embed/catalog';
import { loadTransformersEmbedder } from '../embed/transformersEmbedder';
import { isCancelled, RagtuneError, throwIfAborted, toRagtuneError } from '../errors';
import { openLibraryStore, type LibraryStore } from './LibraryStore';
import { parseBeir } from '../eval/beir';
import { runBeir } from './beirJob';
import { exportIndex, importIndex } from './indexTransfer';
import { Library } from './Library';
import { NO_DOWNLOAD, downloadStatus } from './modelStatus';
import { createRerankerLoader } from './rerankerLoader';
import { syntheticDocuments } from './synthetic';
import { createTabCoordinator, type Checkpoint, type TabCoordinator } from './tabCoordinator';
import type { WaitOptions } from '../sync/writeLock';
import { openTabChannel, type TabChannel } from '../sync/tabSync';
import type {
  IngestItem,
  IngestOutcome,
  IngestProgress,
  IngestStage,
  LibraryApi,
  LibraryEvent,
  LibrarySettings,
  ModelStatus,
  RechunkOutcome,
} from './protocol';
import { sameChunking } from './chunkingSettings';
import { restoreSettings } from './restoreSettings';
import { DEFAULT_SETTINGS, mergeSettings, SETTINGS_KEY } from './settings';

const EVAL_LIBRARY = 'ragtune-eval';
/** Saved while a re-embedding runs, cleared when it ends: found on open, it was cut off. */
const REINDEX_KEY = 'reindex-under-way';

interface ReindexRecord {
  modelId: string;
  total: number;
}

/** What the import shows while another tab holds the write lock. */
export const WAITING_FOR_OTHER_TAB = 'Waiting for the other tab’s import or edit to finish…';

export function createLibraryApi(
  openStore: (name?: string) => Promise<LibraryStore> = openLibraryStore,
  openChannel: (databaseName: string) => TabChannel = openTabChannel,
): LibraryApi {
  let store: LibraryStore;
  let library: Library;
  let settings = DEFAULT_SETTINGS;
  let emit: (event: LibraryEvent) => void = () => {};
  let model: ModelStatus = {
    state: 'none',
    loadedBytes: 0,
    totalBytes: 0,
    host: settings.modelHost,
  };
  let ready: Promise<void> | undefined;
  let modelGeneration = 0;
  /** A re-embedding found unfinished on open, until it is resumed or another model replaces it. */
  let cutReindex: ReindexRecord | undefined;
  let tabs: TabCoordinator | undefined;
  const jobs = new Map<string, AbortController>();
  /** Items of imports posted in slices (stageIngest), waiting for their ingest call. */
  const staged = new Map<string, IngestItem[]>();
  /** Imports cancelled while their slices were still arriving: they store nothing. */
  const cancelledBeforeStart = new Set<string>();

  /** Changes to the in-memory library run one after another; searches do not wait. */
  const local = <T>(task: () => Promise<T>): Promise<T> => (tabs ? tabs.local(task) : task());
  /** Writes also wait for other tabs' writes (see tabCoordinator). */
  const writeAfterWaiting = <T>(
    wait: WaitOptions,
    task: (checkpoint: Checkpoint) => Promise<T>,
  ): Promise<T> =>
    tabs
      ? tabs.write(task, wait)
      : Promise.reject(new Error('The library worker was used before init().'));
  const write = <T>(task: (checkpoint: Checkpoint) => Promise<T>) => writeAfterWaiting({}, task);
  /** Runs a cancellable job: cancel(jobId) aborts its signal. */
  const withJob = async <T>(jobId: string, task: (signal: AbortSignal) => Promise<T>) => {
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      return await task(controller.signal);
    } finally {
      jobs.delete(jobId);
    }
  };
  const setModel = (patch: Partial<ModelStatus>) => {
    model = { ...model, ...patch, host: settings.modelHost };
    emit({ type: 'model', status: model });
  };
  const opened = async () => {
    if (!ready) throw new Error('The library worker was used before init().');
    await ready;
  };

  let modelAbort = new AbortController();

  function startModelLoad() {
    const spec = findEmbeddingModel(settings.modelId) ?? customModelSpec(settings.modelId);
    modelAbort.abort(); // a load for earlier settings stops downloading
    const controller = (modelAbort = new AbortController());
    setModel({ state: 'loading', spec, ...NO_DOWNLOAD, error: undefined });
    const loading = loadTransformersEmbedder(spec, {
      host: settings.modelHost,
      signal: controller.signal,
      onProgress: (p) => {
        if (!controller.signal.aborted) setModel(downloadStatus(p));
      },
    });
    loading.catch(() => undefined);
    return loading;
  }

  const reranker = createRerankerLoader(
    () => settings,
    (status) => emit({ type: 'reranker', status: { ...status, host: settings.modelHost } }),
  );

  /** Loads the configured model; a newer call (settings changed meanwhile) wins. */
  async function loadModel(early?: ReturnType<typeof startModelLoad>): Promise<ModelStatus> {
    const generation = ++modelGeneration;
    try {
      const loading = early ?? startModelLoad();
      await opened();
      const embedder = await loading;
      if (generation !== modelGeneration) {
        await embedder.dispose();
        return model;
      }
      const previous = library.embedder;
      await local(() => library.setEmbedder(embedder));
      if (previous && previous !== embedder) await previous.dispose();
      setModel({ state: 'ready', spec: embedder.spec, device: embedder.device, ...NO_DOWNLOAD });
      const left = library.staleDocuments.length;
      if (cutReindex?.modelId === embedder.spec.id && left > 0) {
        // Say what was cut off and wait to be asked, rather than restart heavy work unannounced.
        const { modelId, total } = cutReindex;
        const done = Math.max(0, total - left);
        emit({
          type: 'reindex',
          progress: { done, total, active: false, interrupted: { modelId } },
        });
      } else {
        cutReindex = undefined;
        void reindexStale();
      }
    } catch (error) {
      if (generation !== modelGeneration) return model;
      await local(async () => library?.setEmbedder(null)).catch(() => undefined);
      const e = toRagtuneError(error, 'model-unavailable');
      const message = isCancelled(e)
        ? 'You cancelled the embedding model’s download: press Try again to download it.'
        : e.message;
      setModel({ state: 'error', error: message, ...NO_DOWNLOAD });
    }
    return model;
  }

  function reindexStale(): Promise<void> {
    return write(async () => {
      const stale = library.staleDocuments;
      const modelId = library.embedder?.spec.id;
      if (stale.length === 0 || !modelId) return;
      // A resumed re-embedding keeps counting from where it was cut off.
      const resumed = cutReindex?.modelId === modelId ? cutReindex : undefined;
      cutReindex = undefined;
      const total = Math.max(resumed?.total ?? 0, stale.length);
      const before = total - stale.length;
      await store.setSetting(REINDEX_KEY, { modelId, total } satisfies ReindexRecord);
      for (const [i, doc] of stale.entries()) {
        emit({ type: 'reindex', progress: { done: before + i, total, active: true } });
        await library.reembed(doc.id);
      }
      await store.setSetting(REINDEX_KEY, null);
      emit({ type: 'reindex', progress: { done: total, total, active: false } });
      emit({ type: 'changed' });
    });
  }

  /** Applies new settings: the reranker, the vector index and the model follow them. */
  async function applySettings(next: LibrarySettings): Promise<void> {
    const before = settings;
    settings = next;
    if (before.rerankerId !== settings.rerankerId || before.modelHost !== settings.modelHost) {
      reranker.reset();
    }
    if (before.vectorIndex !== settings.vectorIndex) {
      await local(() => library.setIndexKind(settings.vectorIndex));
    }
    if (before.modelId !== settings.modelId || before.modelHost !== settings.modelHost) {
      void loadModel();
    }
  }

  /** Another tab saved settings: adopt them and tell the page. */
  async function adoptStoredSettings(): Promise<void> {
    const saved = await store.getSetting<unknown>(SETTINGS_KEY);
    if (!saved) return;
    await applySettings(restoreSettings(saved).settings);
    emit({ type: 'settings', settings });
  }

  return {
    async init(onEvent, overrides = {}, libraryName) {
      emit = onEvent;
      let early: ReturnType<typeof startModelLoad> | undefined;
      let notes: string[] = [];
      ready = (async () => {
        store = await openStore(libraryName);
        const restored = restoreSettings(await store.getSetting<unknown>(SETTINGS_KEY));
        notes = restored.notes;
        settings = mergeSettings(restored.settings, overrides);
        await store.setSetting(SETTINGS_KEY, settings);
        cutReindex = (await store.getSetting<ReindexRecord | null>(REINDEX_KEY)) ?? undefined;
        // The model loads while the indexes are restored: a reload waits for the slower one.
        early = startModelLoad();
        library = await Library.open(store, {
          preloadVectors: true,
          indexKind: settings.vectorIndex,
        });
        tabs = createTabCoordinator(
          store.name,
          {
            library: () => library,
            onCaughtUp: () => emit({ type: 'changed' }),
            onSettings: () => void adoptStoredSettings().catch(() => undefined),
          },
          openChannel(store.name),
        );
      })();
      await ready;
      void loadModel(early);
      return notes;
    },
    async getSettings() {
      await opened();
      return settings;
    },
    async updateSettings(patch) {
      await opened();
      const next = mergeSettings(settings, patch);
      if (!sameChunking(settings.chunking, next.chunking)) {
        // Documents that do not say how they were cut were cut with the settings until now.
        const until = settings.chunking;
        await write(() => library.stampChunking(until));
        emit({ type: 'changed' });
      }
      await store.setSetting(SETTINGS_KEY, next);
      tabs?.announceSettings();
      await applySettings(next);
      return settings;
    },
    loadModel: () => loadModel(),
    async cancelModelLoad() {
      if (model.state === 'loading') modelAbort.abort();
    },
    async resumeReindex() {
      await opened();
      await reindexStale();
    },
    async cancelRerankerLoad() {
      reranker.cancel();
    },
    async stageIngest(jobId, items) {
      const list = staged.get(jobId) ?? [];
      for (const item of items) list.push(item);
      staged.set(jobId, list);
    },
    async ingest(jobId, given) {
      const items = [...(staged.get(jobId) ?? []), ...given];
      staged.delete(jobId);
      await opened();
      const controller = new AbortController();
      if (cancelledBeforeStart.delete(jobId)) controller.abort();
      jobs.set(jobId, controller);
      const queued = (message?: string) =>
        items.forEach((item, index) =>
          emit({
            type: 'ingest',
            // Said once, under the first file, rather than once per file.
            progress: {
              jobId,
              index,
              name: item.name,
              stage: 'queued',
              fraction: 0,
              message: index === 0 ? message : undefined,
            },
          }),
        );
      let waited = false;
      const onWait = () => {
        waited = true;
        queued(WAITING_FOR_OTHER_TAB);
      };
      const wait = { onWait, signal: controller.signal };
      queued();
      try {
        return await writeAfterWaiting(wait, async (checkpoint) => {
          if (waited) queued(); // the other tab is done: no longer waiting for it
          const outcomes: IngestOutcome[] = [];
          for (const [index, item] of items.entries()) {
            const report = (
              stage: IngestStage,
              fraction: number,
              extra: Partial<IngestProgress> = {},
            ) =>
              emit({
                type: 'ingest',
                progress: { jobId, index, name: item.name, stage, fraction, ...extra },
              });
            let outcome: IngestOutcome;
            try {
              if (controller.signal.aborted) throw new DOMException('Cancelled', 'AbortError');
              outcome = await library.ingest(item, settings.chunking, report, controller.signal);
            } catch (error) {
              const e = toRagtuneError(error);
              outcome = isCancelled(e)
                ? { name: item.name, stage: 'cancelled', message: 'Cancelled: nothing was stored.' }
                : { name: item.name, stage: 'failed', message: e.message, errorCode: e.code };
            }
            report(outcome.stage, 1, {
              message: outcome.message,
              errorCode: outcome.errorCode,
              docId: outcome.docId,
            });
            outcomes.push(outcome);
            if (outcome.stage === 'done') {
              checkpoint();
              emit({ type: 'changed' });
            }
          }
          await library.flush();
          return outcomes;
        });
      } catch (error) {
        // Cancelled while waiting for the other tab: nothing was read or stored.
        if (!isCancelled(toRagtuneError(error))) throw error;
        const message = 'Cancelled: nothing was stored.';
        return items.map((item, index) => {
          emit({
            type: 'ingest',
            progress: { jobId, index, name: item.name, stage: 'cancelled', fraction: 1, message },
          });
          return { name: item.name, stage: 'cancelled', message };
        });
      } finally {
        jobs.delete(jobId);
        emit({ type: 'changed' });
      }
    },
    async cancel(jobId) {
      const job = jobs.get(jobId);
      if (job) job.abort();
      else if (staged.has(jobId)) cancelledBeforeStart.add(jobId);
    },
    async listDocuments() {
      await opened();
      return library.documents;
    },
    async getDocument(id) {
      await opened();
      const meta = library.getDocument(id);
      if (!meta) return undefined;
      const [text, chunks] = await Promise.all([store.getText(id), store.getChunks(id)]);
      return { meta, text: text ?? '', chunks };
    },
    renameDocument: (id, name) => write(async () => void (await library.rename(id, name))),
    async updateDocumentText(id, text, jobId = crypto.randomUUID()) {
      await opened();
      const controller = new AbortController();
      jobs.set(jobId, controller);
      const name = () => library.getDocument(id)?.name ?? 'Document';
      const report = (stage: IngestStage, fraction: number, extra: Partial<IngestProgress> = {}) =>
        emit({
          type: 'ingest',
          progress: { jobId, index: 0, name: name(), stage, fraction, docId: id, ...extra },
        });
      report('queued', 0);
      try {
        const onWait = () => report('queued', 0, { message: WAITING_FOR_OTHER_TAB });
        const outcome = await writeAfterWaiting({ onWait, signal: controller.signal }, () => {
          if (controller.signal.aborted) throw new DOMException('Cancelled', 'AbortError');
          return library.updateText(id, text, settings.chunking, report, controller.signal);
        });
        report('done', 1, { chunkCount: outcome.meta.chunkCount });
        if (outcome.changed) emit({ type: 'changed' });
        return outcome;
      } catch (error) {
        const e = toRagtuneError(error);
        const cancelled = isCancelled(e);
        report(cancelled ? 'cancelled' : 'failed', 1, {
          message: cancelled ? 'Cancelled: the document is unchanged.' : e.message,
          errorCode: e.code,
        });
        throw cancelled
          ? new RagtuneError('cancelled', 'Cancelled: the document is unchanged.')
          : e;
      } finally {
        jobs.delete(jobId);
      }
    },
    async rechunkLibrary(jobId, onProgress) {
      await opened();
      return withJob(jobId, (signal) =>
        writeAfterWaiting({ signal }, async () => {
          const stale = library.chunkedOtherwise(settings.chunking);
          const outcome: RechunkOutcome = { rechunked: 0, left: 0, cancelled: false, notes: [] };
          try {
            for (const [i, doc] of stale.entries()) {
              throwIfAborted(signal);
              onProgress({ done: i, total: stale.length, name: doc.name });
              const result = await library.rechunk(doc.id, settings.chunking, () => {}, signal);
              if (result.skipped) outcome.notes.push(result.skipped);
              else outcome.rechunked += 1;
            }
          } catch (error) {
            if (!isCancelled(toRagtuneError(error))) throw error;
            outcome.cancelled = true;
          } finally {
            outcome.left = stale.length - outcome.rechunked;
            emit({ type: 'changed' });
          }
          return outcome;
        }),
      );
    },
    deleteDocument: (id) => write(() => library.delete(id)),
    clearLibrary: () => write(() => library.clear()),
    async search(query, patch = {}) {
      await opened();
      return library.search(query, { ...settings.search, ...patch }, reranker.get);
    },
    importSynthetic: (options, onProgress) =>
      write(async () => {
        let done = 0;
        for (const doc of syntheticDocuments(options)) {
          await library.addPrepared(doc);
          onProgress((done += doc.meta.chunkCount));
        }
        await library.flush();
        emit({ type: 'changed' });
      }),
    async exportIndex(jobId, onProgress) {
      await opened();
      return withJob(jobId, (signal) =>
        write(() => exportIndex(store, settings.modelId, signal, onProgress)),
      );
    },
    async importIndex(jobId, file, name, onProgress) {
      await opened();
      return withJob(jobId, (signal) =>
        importIndex(file, name, {
          library,
          store,
          modelId: settings.modelId,
          write: (task) => write(task),
          signal,
          onProgress,
        }).finally(() => emit({ type: 'changed' })),
      );
    },
    async storageStats() {
      await opened();
      const estimate = (await navigator.storage?.estimate?.()) as
        (StorageEstimate & { usageDetails?: { indexedDB?: number } }) | undefined;
      return {
        indexedDbBytes: estimate?.usageDetails?.indexedDB ?? estimate?.usage ?? 0,
        rawBytes: await store.estimateBytes(),
        chunks: library.documents.reduce((n, d) => n + d.chunkCount, 0),
      };
    },
    async evaluateBeir(jobId, files, options, onProgress) {
      await opened();
      const data = parseBeir(files);
      const controller = new AbortController();
      jobs.set(jobId, controller);
      const evalStore = await openStore(EVAL_LIBRARY);
      try {
        return await runBeir(evalStore, library.embedder, data, {
          ...options,
          chunking: settings.chunking,
          search: settings.search,
          signal: controller.signal,
          onProgress,
        });
      } finally {
        jobs.delete(jobId);
        await evalStore.clear().catch(() => undefined);
        evalStore.close();
      }
    },
  };
}
