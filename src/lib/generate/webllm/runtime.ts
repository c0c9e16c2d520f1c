// Browser wiring for WebLLM: starts the engine worker, builds the model list with your own models
// and asks WebLLM's cache. Each function loads the 6 MB WebLLM chunk lazily, on first use.
import type { Generator } from '../Generator';
import type { WebllmErrorContext } from './errors';
import type { AppConfig, ModelRecord } from './webllm';
import { createWebllmGenerator, type EngineFactory } from './webllmGenerator';

/** WebLLM's prebuilt list plus custom records (a custom id must not repeat a prebuilt one). */
export async function webllmAppConfig(custom: readonly ModelRecord[] = []): Promise<AppConfig> {
  const { prebuiltAppConfig } = await import('./webllm');
  return { ...prebuiltAppConfig, model_list: [...prebuiltAppConfig.model_list, ...custom] };
}

/** Starts a worker running WebLLM's handler and a WebWorkerMLCEngine that talks to it. */
export const workerEngineFactory: EngineFactory = async (modelId, config) => {
  const { CreateWebWorkerMLCEngine } = await import('./webllm');
  const worker = new Worker(new URL('./webllm.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ragtune-webllm',
  });
  try {
    const engine = await CreateWebWorkerMLCEngine(worker, modelId, config);
    return { engine, dispose: () => worker.terminate() };
  } catch (error) {
    worker.terminate();
    throw error;
  }
};

/** Whether WebLLM's cache holds the model's weights; false when the cache cannot be read. */
export async function isModelCached(
  modelId: string,
  custom: readonly ModelRecord[] = [],
): Promise<boolean> {
  const { hasModelInCache } = await import('./webllm');
  try {
    return await hasModelInCache(modelId, await webllmAppConfig(custom));
  } catch {
    return false;
  }
}

/** The app's WebLLM generator; `customModels` is read at every load, so new ones are seen. */
export function createBrowserWebllmGenerator(
  customModels: () => readonly ModelRecord[] = () => [],
  describeModel?: (modelId: string) => Partial<WebllmErrorContext>,
): Generator {
  return createWebllmGenerator({
    createEngine: workerEngineFactory,
    appConfig: () => webllmAppConfig(customModels()),
    ...(describeModel ? { describeModel } : {}),
  });
}
