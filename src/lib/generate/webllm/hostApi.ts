// What our WebLLM worker serves: the catalogue, the pre-load checks and one Generator over WebLLM's
// in-thread MLCEngine, all in the worker, so the page never loads the 6 MB WebLLM package itself.
import { RagtuneError, toRagtuneError, type ErrorCode } from '../../errors';
import { checkBeforeLoad } from '../capabilities';
import type {
  GenerateRequest,
  GenerationResult,
  LoadProgressCallback,
  TokenCallback,
} from '../Generator';
import { findEntry, type Catalog, type CatalogEntry } from './catalog';
import type { CustomModel } from './customModels';
import { HostContext, hostContext, register, webllm, type WebllmRegistration } from './hostContext';
import { createWebllmGenerator, type ChatEngine, type EngineFactory } from './webllmGenerator';

/** Whether a catalogue entry can load here, and if not, why (a RagtuneError's message). */
export interface Availability {
  id: string;
  ok: boolean;
  reason?: string;
  code?: ErrorCode;
  /** What would load: the q4f32 twin when the GPU lacks shader-f16. */
  loadId?: string;
  cached?: boolean;
  warnings: string[];
}

export interface LoadedWebllmModel {
  /** The catalogue id the person picked. */
  requestedId: string;
  /** The record actually loaded (the q4f32 twin when switched). */
  modelId: string;
  /** From the record's overrides; null when the model's own default applies. */
  contextWindow: number | null;
  warnings: string[];
}

export type { WebllmRegistration } from './hostContext';

export interface WebllmHostApi {
  catalog(): Promise<Catalog>;
  /** Your own models: they join the catalogue and the model list WebLLM loads from. */
  setCustomModels(models: CustomModel[]): void;
  /** Checks a weights folder against its base and builds its record; throws what to fix. */
  validateCustomModel(registration: WebllmRegistration): Promise<CustomModel>;
  check(ids: string[]): Promise<Availability[]>;
  load(id: string, onProgress: LoadProgressCallback): Promise<LoadedWebllmModel>;
  generate(request: GenerateRequest, onToken: TokenCallback): Promise<GenerationResult>;
  /** Ends the running generation: it resolves with the text so far and `stopped: true`. */
  stop(): void;
  unload(): Promise<void>;
}

/** WebLLM's engine in this thread (we are already in a worker): no second worker, no proxy. */
const inThreadEngine: EngineFactory = async (modelId, config) => {
  const { CreateMLCEngine } = await webllm();
  const engine: ChatEngine = await CreateMLCEngine(modelId, config);
  // unload() frees the GPU; there is no worker of WebLLM's own to end.
  return { engine, dispose: () => {} };
};

function entryOf(catalog: Catalog, id: string): CatalogEntry {
  const entry = findEntry(catalog, id);
  if (!entry) {
    throw new RagtuneError(
      'model-unavailable',
      `${id} is not in this version of WebLLM’s model list: pick another model.`,
    );
  }
  return entry;
}

/** Checks run against the current connection state (the environment caches the rest). */
const planFor = (context: HostContext, id: string) =>
  checkBeforeLoad(entryOf(context.catalog, id), { ...context.env, onLine: navigator.onLine });

/** A custom model that needs shader-f16 has no twin of ours: say how to make one. */
function explainCustom(entry: CatalogEntry | undefined, e: RagtuneError): string {
  if (!entry?.source || e.code !== 'shader-f16-missing') return e.message;
  return (
    `This GPU lacks 16-bit shaders (shader-f16), which your ${entry.quantization} model needs: ` +
    'convert it again with --quantization q4f32_1 and register that folder with the q4f32_1 base.'
  );
}

async function availability(context: HostContext, id: string): Promise<Availability> {
  try {
    const plan = await planFor(context, id);
    return { id, ok: true, loadId: plan.modelId, cached: plan.cached, warnings: plan.warnings };
  } catch (error) {
    const e = toRagtuneError(error, 'model-unavailable');
    const reason = explainCustom(findEntry(context.catalog, id), e);
    return { id, ok: false, reason, code: e.code, warnings: [] };
  }
}

/** Served synchronously (Comlink must listen from the first message); WebLLM loads on first use. */
export function createWebllmHostApi(): WebllmHostApi {
  let started: Promise<HostContext> | undefined;
  let custom: CustomModel[] = [];
  /** WebLLM loaded once, with the custom models as last set (they may arrive before it loads). */
  const context = async () => {
    const c = await (started ??= hostContext());
    if (c.custom !== custom) c.setCustom(custom);
    return c;
  };
  let catalog: Catalog | undefined;
  const generator = createWebllmGenerator({
    createEngine: inThreadEngine,
    appConfig: async () => (await context()).appConfig(),
    describeModel: (modelId) => {
      const entry = catalog && findEntry(catalog, modelId);
      if (!entry) return {};
      return {
        label: entry.name,
        vramMB: entry.vramMB,
        downloadBytes: entry.downloadBytes,
        ...(entry.f32Twin ? { f32TwinId: entry.f32Twin.id } : {}),
      };
    },
  });
  let running: AbortController | undefined;

  return {
    catalog: async () => (await context()).catalog,
    setCustomModels(models) {
      custom = models;
    },
    validateCustomModel: async (registration) => register(await context(), registration),
    async check(ids) {
      const c = await context();
      return Promise.all(ids.map((id) => availability(c, id)));
    },
    async load(id, onProgress) {
      const c = await context();
      catalog = c.catalog;
      const entry = entryOf(c.catalog, id);
      const plan = await planFor(c, id);
      await generator.load(plan.modelId, onProgress);
      const record = plan.switchedToF32 && entry.f32Twin ? entry.f32Twin : entry;
      return {
        requestedId: id,
        modelId: plan.modelId,
        contextWindow: record.contextWindow,
        warnings: plan.warnings,
      };
    },
    async generate(request, onToken) {
      const controller = new AbortController();
      running = controller;
      try {
        return await generator.generate(request, onToken, controller.signal);
      } finally {
        if (running === controller) running = undefined;
      }
    },
    stop: () => running?.abort(),
    unload: () => generator.unload(),
  };
}
