// The library worker's cross-encoder: loaded on the first search that reranks, with its download's
// progress as 'reranker' events, cancellable, and loaded afresh after a failure or a settings change.
import { isCancelled, toRagtuneError } from '../errors';
import { customRerankerSpec, findReranker } from '../rerank/catalog';
import type { Reranker } from '../rerank/Reranker';
import { loadTransformersReranker } from '../rerank/transformersReranker';
import { NO_DOWNLOAD, downloadStatus } from './modelStatus';
import type { ModelStatus } from './protocol';

export interface RerankerLoader {
  /** The reranker of the current settings, loaded once (a failed load is tried again next time). */
  get(): Promise<Reranker>;
  /** Stops a download under way: get() rejects with 'cancelled'. */
  cancel(): void;
  /** Forgets the loaded reranker (its settings changed) and frees it. */
  reset(): void;
}

export function createRerankerLoader(
  settings: () => { rerankerId: string; modelHost: string },
  report: (status: Omit<ModelStatus, 'host'>) => void,
): RerankerLoader {
  let loaded: Promise<Reranker> | undefined;
  let controller = new AbortController();
  return {
    get() {
      if (loaded) return loaded;
      const { rerankerId, modelHost } = settings();
      const spec = findReranker(rerankerId) ?? customRerankerSpec(rerankerId);
      const mine = (controller = new AbortController());
      report({ state: 'loading', ...NO_DOWNLOAD });
      const loading = loadTransformersReranker(spec, {
        host: modelHost,
        signal: mine.signal,
        onProgress: (p) => {
          if (!mine.signal.aborted) report({ state: 'loading', ...downloadStatus(p) });
        },
      });
      loaded = loading;
      loading.then(
        (r) => report({ state: 'ready', device: r.device, ...NO_DOWNLOAD }),
        (error) => {
          if (loaded === loading) loaded = undefined;
          const e = toRagtuneError(error);
          const message = isCancelled(e) ? 'You cancelled the reranker’s download.' : e.message;
          report({ state: 'error', error: message, ...NO_DOWNLOAD });
        },
      );
      return loading;
    },
    cancel: () => controller.abort(),
    reset() {
      const old = loaded;
      loaded = undefined;
      void old?.then((r) => r.dispose()).catch(() => undefined);
    },
  };
}
