// The page's two generator engines behind one small contract: each runs in its own worker, loads
// one model at a time, streams, stops, counts tokens for the prompt budget, and can cancel a load.
import { cancelledError, isCancelled } from '../errors';
import { call, callback, wrapWorker, type Remote, type WorkerEndpoint } from '../rpc/rpc';
import { createStopBridge } from '../rpc/stopBridge';
import { estimateTokens, type CountTokens } from './Generator';
import type {
  GenerateRequest,
  GenerationResult,
  LoadProgressCallback,
  TokenCallback,
} from './Generator';
import {
  createTransformersGeneratorClient,
  type TransformersGeneratorClient,
} from './transformers/client';
import type { OnnxCustomModel } from './transformers/customModels';
import type { TransformersGeneratorOptions } from './transformers/transformersGenerator';
import type { OnnxRegistration } from './transformers/workerApi';
import type { Catalog } from './webllm/catalog';
import type { CustomModel } from './webllm/customModels';
import type {
  Availability,
  LoadedWebllmModel,
  WebllmHostApi,
  WebllmRegistration,
} from './webllm/hostApi';

import type { EngineName } from './engines';

export type { EngineName };

/** A model ready to answer, with what the prompt builder needs to know about it. */
export interface LoadedGenerator {
  engine: EngineName;
  /** The id the person picked. */
  requestedId: string;
  /** The engine's id of what is loaded (the q4f32 twin when WebLLM switched to it). */
  modelId: string;
  contextWindow: number;
  countTokens: CountTokens;
  /** Things that may go wrong (a software GPU, little storage): shown, not blocking. */
  warnings: string[];
}

export interface EngineClient {
  readonly engine: EngineName;
  /** Loads `id`, replacing the engine's current model. */
  load(id: string, onProgress: LoadProgressCallback): Promise<LoadedGenerator>;
  /** Ends a load under way (its promise rejects with 'cancelled') by ending the worker. */
  cancelLoad(): void;
  generate(
    request: GenerateRequest,
    onToken: TokenCallback,
    signal?: AbortSignal,
  ): Promise<GenerationResult>;
  unload(): Promise<void>;
  terminate(): void;
}

/** Used when a model does not say: small enough for every model in the menus. */
const DEFAULT_CONTEXT = 2048;

/** For a WebLLM model whose tokenizer could not be read (see webllm/modelTokenizer.ts). */
export { estimateTokens };

/** What the page keeps of a WebLLM load: counts from the worker's tokenizer, else the estimate. */
export function webllmLoaded(
  loaded: LoadedWebllmModel,
  countInWorker: (text: string) => Promise<number>,
): LoadedGenerator {
  return {
    engine: 'webllm',
    requestedId: loaded.requestedId,
    modelId: loaded.modelId,
    contextWindow: loaded.contextWindow ?? DEFAULT_CONTEXT,
    countTokens: loaded.tokenizer === 'model' ? countInWorker : estimateTokens,
    warnings: loaded.warnings,
  };
}

/** A worker-backed thing that is started on first use and can be ended (and started again). */
function lazy<T>(start: () => T, end: (value: T) => void) {
  let value: T | undefined;
  const waiting = new Set<(reason: unknown) => void>();
  return {
    get: () => (value ??= start()),
    get started() {
      return value !== undefined;
    },
    /** Runs `work` so that end() rejects it: a terminated worker never answers. */
    cancellable<R>(work: Promise<R>): Promise<R> {
      let reject: (reason: unknown) => void = () => {};
      const cancelled = new Promise<never>((_, r) => (reject = r));
      waiting.add(reject);
      return Promise.race([work, cancelled]).finally(() => waiting.delete(reject));
    },
    end() {
      if (value !== undefined) end(value);
      value = undefined;
      for (const reject of waiting) reject(cancelledError());
      waiting.clear();
    },
  };
}

/** The transformers.js engine, which also checks and runs your own ONNX models. */
export interface TransformersEngine extends EngineClient {
  /** Registered models, sent to the worker now and whenever it starts again. */
  setCustomModels(models: readonly OnnxCustomModel[]): Promise<void>;
  validateCustomModel(registration: OnnxRegistration): Promise<OnnxCustomModel>;
}

export function createTransformersEngine(
  options: TransformersGeneratorOptions,
): TransformersEngine {
  let custom: OnnxCustomModel[] = [];
  const client = lazy<Promise<TransformersGeneratorClient>>(
    () => createTransformersGeneratorClient({ ...options, customModels: custom }),
    (c) => void c.then((g) => g.terminate()),
  );
  return {
    engine: 'transformers',
    async load(id, onProgress) {
      const generator = await client.get();
      await client.cancellable(generator.load(id, onProgress));
      const info = generator.loadedModel();
      return {
        engine: 'transformers',
        requestedId: id,
        modelId: info?.modelId ?? id,
        contextWindow: info?.contextLength ?? DEFAULT_CONTEXT,
        countTokens: (text) => generator.countTokens(text),
        warnings: [],
      };
    },
    cancelLoad: () => client.end(),
    async generate(request, onToken, signal) {
      return (await client.get()).generate(request, onToken, signal);
    },
    async unload() {
      if (client.started) await (await client.get()).unload();
    },
    terminate: () => client.end(),
    async setCustomModels(models) {
      custom = [...models];
      if (client.started) await (await client.get()).setCustomModels(custom);
    },
    async validateCustomModel(registration) {
      const generator = await client.get();
      return client.cancellable(generator.validateCustomModel(registration));
    },
  };
}

/** The page's handle on our WebLLM worker (host.worker.ts). */
export interface WebllmHost {
  catalog(): Promise<Catalog>;
  check(ids: string[]): Promise<Availability[]>;
  /** Registered models, sent to the worker now and whenever it starts again. */
  setCustomModels(models: readonly CustomModel[]): Promise<void>;
  validateCustomModel(registration: WebllmRegistration): Promise<CustomModel>;
  engine: EngineClient;
}

const startWebllmWorker = (): WorkerEndpoint =>
  new Worker(new URL('./webllm/host.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ragtune-webllm',
  });

/** `start` gives the worker; tests pass one end of a MessageChannel. */
export function createWebllmHost(start: () => WorkerEndpoint = startWebllmWorker): WebllmHost {
  let custom: CustomModel[] = [];
  const worker = lazy(
    () => {
      const w = start();
      const api = wrapWorker<WebllmHostApi>(w, 'WebLLM worker');
      // Sent first: the worker handles messages in order, so every later call sees them.
      if (custom.length > 0) void api.setCustomModels(custom).catch(() => undefined);
      return { worker: w, api };
    },
    ({ worker: w }) => w.terminate?.(),
  );
  const api = (): Remote<WebllmHostApi> => worker.get().api;
  // The chat and the lab may share this worker: a stop ends only the generation whose signal fired.
  const stoppable = createStopBridge();
  const engine: EngineClient = {
    engine: 'webllm',
    async load(id, onProgress) {
      let loaded: LoadedWebllmModel;
      try {
        loaded = await worker.cancellable(call(api().load(id, callback(onProgress))));
      } catch (error) {
        // A failed load can keep a GPU device and shard downloads alive in the worker (WebLLM
        // drops the engine it made): ending the worker frees both; the next call starts a new one.
        if (!isCancelled(error)) {
          worker.end();
          // Its successor starts now, while the network that served the app is likely still
          // there: WebLLM's code loads with it, so a later load (offline, say) says what is wrong
          // instead of failing to load that code.
          void Promise.resolve()
            .then(() => call(api().catalog()))
            .catch(() => undefined);
        }
        throw error;
      }
      // A worker ended since (a cancelled load) is started again and says no model is loaded.
      return webllmLoaded(loaded, (text) => worker.cancellable(call(api().countTokens(text))));
    },
    // WebLLM cannot abort a download in flight: ending its worker stops it and frees the GPU.
    cancelLoad: () => worker.end(),
    generate: (request, onToken, signal) =>
      stoppable(signal, api, (remote, id) => call(remote.generate(request, callback(onToken), id))),
    async unload() {
      if (worker.started) await call(api().unload());
    },
    terminate: () => worker.end(),
  };
  return {
    catalog: () => worker.cancellable(call(api().catalog())),
    check: (ids) => worker.cancellable(call(api().check(ids))),
    async setCustomModels(models) {
      custom = [...models];
      if (worker.started) await call(api().setCustomModels(custom));
    },
    validateCustomModel: (registration) =>
      worker.cancellable(call(api().validateCustomModel(registration))),
    engine,
  };
}
