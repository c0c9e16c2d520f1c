// The page's handle on the library worker: starts it, forwards its events, moves file bytes
// across without copying and turns every rejection into a RagtuneError.
import { call, callback, transfer, wrapWorker, type Remote, type WorkerEndpoint } from '../rpc/rpc';
import type {
  IndexJobProgress,
  IngestItem,
  LibraryApi,
  LibraryEvent,
  LibrarySettings,
  RechunkProgress,
  SyntheticOptions,
} from './protocol';
import type { BeirFile, BeirProgress } from '../eval/beir';
import type { SearchMode, SearchSettings } from './types';

export type LibraryClient = ReturnType<typeof createLibraryClient>;

/**
 * What the client must offer: a wrapper for every method of the worker's API, resolving to what
 * that method resolves to (`stageIngest` is driven by `ingest`). A method added to LibraryApi
 * without its wrapper here, or a wrapper whose result drifts from the API's, does not compile.
 */
type ClientOf<Api> = {
  [K in Exclude<keyof Api, 'stageIngest'>]: Api[K] extends (...args: never[]) => infer R
    ? (...args: never[]) => Promise<Awaited<R>>
    : never;
};

/** Files posted to the worker per task in a large import (2,000 at once took ~200 ms under load). */
export const INGEST_SLICE = 200;

/** Items with their in-memory bytes moved, not copied (`File`s are cheap handles either way). */
const movable = (items: IngestItem[]) =>
  transfer(
    items,
    items.flatMap((i) => (i.bytes instanceof ArrayBuffer ? [i.bytes] : [])),
  );

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const startWorker = (): WorkerEndpoint =>
  new Worker(new URL('./library.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ragtune-library',
  });

/** `start` gives the worker; tests pass one end of a MessageChannel served by the real API. */
export function createLibraryClient(start: () => WorkerEndpoint = startWorker) {
  const worker = start();
  const api: Remote<LibraryApi> = wrapWorker<LibraryApi>(worker, 'library worker');

  return {
    init: (
      onEvent: (event: LibraryEvent) => void,
      overrides?: Partial<LibrarySettings>,
      libraryName?: string,
    ) => call(api.init(callback(onEvent), overrides, libraryName)),
    getSettings: () => call(api.getSettings()),
    updateSettings: (patch: Partial<LibrarySettings>) => call(api.updateSettings(patch)),
    loadModel: () => call(api.loadModel()),
    cancelModelLoad: () => call(api.cancelModelLoad()),
    resumeReindex: () => call(api.resumeReindex()),
    cancelRerankerLoad: () => call(api.cancelRerankerLoad()),
    async ingest(jobId: string, items: IngestItem[]) {
      // A large import crosses a slice per task, so posting thousands of files never blocks the page.
      let from = 0;
      for (; items.length - from > INGEST_SLICE; from += INGEST_SLICE) {
        await call(api.stageIngest(jobId, movable(items.slice(from, from + INGEST_SLICE))));
        await nextTask();
      }
      return call(api.ingest(jobId, movable(items.slice(from))));
    },
    cancel: (jobId: string) => call(api.cancel(jobId)),
    listDocuments: () => call(api.listDocuments()),
    getDocument: (id: string) => call(api.getDocument(id)),
    renameDocument: (id: string, name: string) => call(api.renameDocument(id, name)),
    updateDocumentText: (id: string, text: string, jobId?: string) =>
      call(api.updateDocumentText(id, text, jobId)),
    rechunkLibrary: (jobId: string, onProgress: (p: RechunkProgress) => void) =>
      call(api.rechunkLibrary(jobId, callback(onProgress))),
    deleteDocument: (id: string) => call(api.deleteDocument(id)),
    clearLibrary: () => call(api.clearLibrary()),
    search: (query: string, settings?: Partial<SearchSettings>) =>
      call(api.search(query, settings)),
    evaluateBeir: (
      jobId: string,
      files: BeirFile[],
      options: { modes: SearchMode[]; maxQueries?: number },
      onProgress: (p: BeirProgress) => void,
    ) => call(api.evaluateBeir(jobId, files, options, callback(onProgress))),
    importSynthetic: (options: SyntheticOptions, onProgress: (done: number) => void) =>
      call(api.importSynthetic(options, callback(onProgress))),
    exportIndex: (jobId: string, onProgress: (p: IndexJobProgress) => void) =>
      call(api.exportIndex(jobId, callback(onProgress))),
    importIndex: (
      jobId: string,
      file: Blob,
      name: string,
      onProgress: (p: IndexJobProgress) => void,
    ) => call(api.importIndex(jobId, file, name, callback(onProgress))),
    storageStats: () => call(api.storageStats()),
    terminate: () => worker.terminate?.(),
  } satisfies ClientOf<LibraryApi> & { terminate(): void };
}
