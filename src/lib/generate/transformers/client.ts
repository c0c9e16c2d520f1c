// The page's transformers.js Generator: starts the generator worker and forwards to it, turning an
// AbortSignal into stop() and every rejection into a RagtuneError.
import { call, callback, wrapWorker, type Remote, type WorkerEndpoint } from '../../rpc/rpc';
import { createStopBridge } from '../../rpc/stopBridge';
import type { Generator } from '../Generator';
import type {
  LoadedModel,
  OnnxModelSource,
  TransformersGeneratorOptions,
} from './transformersGenerator';
import type { TransformersWorkerApi } from './workerApi';

export interface TransformersGeneratorClient extends Generator {
  countTokens(text: string): Promise<number>;
  applyChatTemplate: TransformersWorkerApi['applyChatTemplate'];
  /** What the last load() loaded (device, dtype, context length); undefined before or after. */
  loadedModel(): LoadedModel | undefined;
  /** Unloads and ends the worker. */
  terminate(): Promise<void>;
  setCustomModels(models: OnnxModelSource[]): Promise<void>;
  validateCustomModel: TransformersWorkerApi['validateCustomModel'];
}

/** Wraps a worker (or anything serving TransformersWorkerApi) as a Generator. */
export function wrapTransformersWorker(
  api: Remote<TransformersWorkerApi>,
  end: () => void = () => {},
): TransformersGeneratorClient {
  let loaded: LoadedModel | undefined;
  const stoppable = createStopBridge();
  return {
    async load(modelId, onProgress) {
      loaded = undefined;
      loaded = await call(api.load(modelId, callback(onProgress)));
    },
    loadedModel: () => loaded,
    generate: (request, onToken, signal) =>
      stoppable(
        signal,
        () => api,
        (worker, id) => call(worker.generate(request, callback(onToken), id)),
      ),
    countTokens: (text) => call(api.countTokens(text)),
    applyChatTemplate: (messages) => call(api.applyChatTemplate(messages)),
    async unload() {
      loaded = undefined;
      await call(api.unload());
    },
    setCustomModels: (models) => call(api.setCustomModels(models)),
    validateCustomModel: (registration) => call(api.validateCustomModel(registration)),
    async terminate() {
      await call(api.unload()).catch(() => undefined);
      end();
    },
  };
}

const startWorker = (): WorkerEndpoint =>
  new Worker(new URL('./generator.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ragtune-transformers-generator',
  });

/** `start` gives the worker; tests pass one end of a MessageChannel. */
export async function createTransformersGeneratorClient(
  options: TransformersGeneratorOptions = {},
  start: () => WorkerEndpoint = startWorker,
): Promise<TransformersGeneratorClient> {
  const worker = start();
  const api = wrapWorker<TransformersWorkerApi>(worker, 'transformers.js generator worker');
  await call(api.configure(options));
  return wrapTransformersWorker(api, () => worker.terminate?.());
}
