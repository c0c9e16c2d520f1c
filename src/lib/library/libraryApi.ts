// The library worker's implementation of LibraryApi: settings, the embedding model's life cycle
// (download progress, cancel), ingest jobs and text edits with progress and cancel, and
// re-embedding when the model changes.
import { findEmbeddingModel, customModelSpec } from '../embed/catalog';
import { loadTransformersEmbedder } from '../embed/transformersEmbedder';
import { isCancelled, RagtuneError, toRagtuneError } from '../errors';
import { openLibraryStore, type LibraryStore } from '../store/LibraryStore';
import { parseBeir } from '../eval/beir';
import { runBeir } from '../eval/runBeir';
import { Library } from './Library';
import { NO_DOWNLOAD, downloadStatus } from './modelStatus';
import { createRerankerLoader } from './rerankerLoader';
import { syntheticDocuments } from './synthetic';
import type {
  IngestOutcome,
  IngestProgress,
  IngestStage,
  LibraryApi,
  LibraryEvent,
  LibrarySettings,
  ModelStatus,
} from './protocol';
import { DEFAULT_SETTINGS, mergeSettings, SETTINGS_KEY } from './settings';

const EVAL_LIBRARY = 'ragtune-eval';

export function createLibraryApi(
  openStore: (name?: string) => Promise<LibraryStore> = openLibraryStore,
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
  let queue: Promise<unknown> = Promise.resolve();
  const jobs = new Map<string, AbortController>();

  /** Runs writers one after another; searches do not wait. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
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
      await serial(() => library.setEmbedder(embedder));
      if (previous && previous !== embedder) await previous.dispose();
      setModel({ state: 'ready', spec: embedder.spec, device: embedder.device, ...NO_DOWNLOAD });
      void reindexStale();
    } catch (error) {
      if (generation !== modelGeneration) return model;
      await serial(async () => library?.setEmbedder(null)).catch(() => undefined);
      const e = toRagtuneError(error, 'model-unavailable');
      const message = isCancelled(e)
        ? 'You cancelled the embedding model’s download: press Try again to download it.'
        : e.message;
      setModel({ state: 'error', error: message, ...NO_DOWNLOAD });
    }
    return model;
  }

  function reindexStale(): Promise<void> {
    return serial(async () => {
      const stale = library.staleDocuments;
      const total = stale.length;
      for (let i = 0; i < total; i++) {
        emit({ type: 'reindex', progress: { done: i, total, active: true } });
        const doc = stale[i];
        if (doc) await library.reembed(doc.id);
      }
      if (total > 0) {
        emit({ type: 'reindex', progress: { done: total, total, active: false } });
        emit({ type: 'changed' });
      }
    });
  }

  return {
    async init(onEvent, overrides = {}, libraryName) {
      emit = onEvent;
      let early: ReturnType<typeof startModelLoad> | undefined;
      ready = (async () => {
        store = await openStore(libraryName);
        const saved = await store.getSetting<LibrarySettings>(SETTINGS_KEY);
        settings = mergeSettings(mergeSettings(DEFAULT_SETTINGS, saved ?? {}), overrides);
        await store.setSetting(SETTINGS_KEY, settings);
        // The model loads while the indexes are restored: a reload waits for the slower one.
        early = startModelLoad();
        library = await Library.open(store, {
          preloadVectors: true,
          indexKind: settings.vectorIndex,
        });
      })();
      await ready;
      void loadModel(early);
    },
    async getSettings() {
      await opened();
      return settings;
    },
    async updateSettings(patch) {
      await opened();
      const before = settings;
      settings = mergeSettings(settings, patch);
      await store.setSetting(SETTINGS_KEY, settings);
      if (before.rerankerId !== settings.rerankerId || before.modelHost !== settings.modelHost) {
        reranker.reset();
      }
      if (before.vectorIndex !== settings.vectorIndex) {
        await serial(() => library.setIndexKind(settings.vectorIndex));
      }
      if (before.modelId !== settings.modelId || before.modelHost !== settings.modelHost) {
        void loadModel();
      }
      return settings;
    },
    loadModel: () => loadModel(),
    async cancelModelLoad() {
      if (model.state === 'loading') modelAbort.abort();
    },
    async cancelRerankerLoad() {
      reranker.cancel();
    },
    async ingest(jobId, items) {
      await opened();
      const controller = new AbortController();
      jobs.set(jobId, controller);
      items.forEach((item, index) =>
        emit({
          type: 'ingest',
          progress: { jobId, index, name: item.name, stage: 'queued', fraction: 0 },
        }),
      );
      try {
        return await serial(async () => {
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
            if (outcome.stage === 'done') emit({ type: 'changed' });
          }
          await library.flush();
          return outcomes;
        });
      } finally {
        jobs.delete(jobId);
        emit({ type: 'changed' });
      }
    },
    async cancel(jobId) {
      jobs.get(jobId)?.abort();
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
    renameDocument: (id, name) => serial(async () => void (await library.rename(id, name))),
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
        const outcome = await serial(() => {
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
    deleteDocument: (id) => serial(() => library.delete(id)),
    clearLibrary: () => serial(() => library.clear()),
    async search(query, patch = {}) {
      await opened();
      return library.search(query, { ...settings.search, ...patch }, reranker.get);
    },
    importSynthetic: (options, onProgress) =>
      serial(async () => {
        let done = 0;
        for (const doc of syntheticDocuments(options)) {
          await library.addPrepared(doc);
          onProgress((done += doc.meta.chunkCount));
        }
        await library.flush();
        emit({ type: 'changed' });
      }),
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
