// What our WebLLM worker serves: the catalogue, the pre-load checks, one Generator over WebLLM's
// in-thread MLCEngine and the loaded model's tokenizer (for the prompt budget), all in the worker,
// so the page never loads the 6 MB WebLLM package itself.
import { RagtuneError, toRagtuneError, type ErrorCode } from '../../errors';
import { createStopSwitch } from '../../rpc/stopBridge';
import { checkBeforeLoad } from '../capabilities';
import { fetchWithTimeout } from '../folderFetch';
import type {
  GenerateRequest,
  GenerationResult,
  LoadProgressCallback,
  TokenCallback,
} from '../Generator';
import { entryRecords, findEntry, type Catalog, type CatalogEntry } from './catalog';
import type { CustomModel } from './customModels';
import { HostContext, hostContext, register, webllm, type WebllmRegistration } from './hostContext';
import {
  loadModelTokenizer,
  transformersTokenizer,
  type ModelTokenizer,
  type TokenizerSources,
} from './modelTokenizer';
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
  /** 'model': countTokens() counts with the model's tokenizer; 'estimate': it could not be read. */
  tokenizer: 'model' | 'estimate';
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
  /** Tokens of `text` in the loaded model's tokenizer (no BOS/EOS); throws when there is none. */
  countTokens(text: string): number;
  /**
   * Generations run one at a time, in call order (the chat and the lab may share this engine);
   * `id` names one for stop().
   */
  generate(
    request: GenerateRequest,
    onToken: TokenCallback,
    id?: number,
  ): Promise<GenerationResult>;
  /** Ends generation `id` (default: every one): it resolves with the text so far, `stopped: true`. */
  stop(id?: number): void;
  unload(): Promise<void>;
}

/** WebLLM's engine in this thread (we are already in a worker): no second worker, no proxy. */
const inThreadEngine: EngineFactory = async (modelId, config) => {
  const { MLCEngine } = await webllm();
  // Not CreateMLCEngine: when its reload fails, the engine it made (and its GPU device) is lost.
  const engine: ChatEngine = new MLCEngine(config);
  try {
    await engine.reload(modelId);
  } catch (error) {
    await engine.unload().catch(() => undefined);
    throw error;
  }
  // unload() frees the GPU; there is no worker of WebLLM's own to end.
  return { engine, dispose: () => {} };
};

/** What the worker uses; tests inject a stand-in engine and their own cache and fetch. */
export interface WebllmHostOptions {
  createEngine?: EngineFactory;
  /** Default: the worker's Cache Storage and fetch, read at each load. */
  tokenizerSources?: () => TokenizerSources;
}

const browserSources = (): TokenizerSources => ({
  caches: typeof caches === 'undefined' ? undefined : caches,
  fetch: fetchWithTimeout,
});

/** Shown when the prompt budget falls back to estimateTokens (generatorClient.ts). */
export function estimateWarning(modelId: string, reason: string): string {
  return (
    `Could not read ${modelId}’s tokenizer (${reason}), so prompts are sized with an estimate of ` +
    '3.5 characters per token: fewer sources may fit than could, and text that splits into more ' +
    'tokens (code, non-Latin scripts) may overflow the context window. After a network error, ' +
    'loading the model again while online fixes this.'
  );
}

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
export function createWebllmHostApi(options: WebllmHostOptions = {}): WebllmHostApi {
  let started: Promise<HostContext> | undefined;
  let custom: CustomModel[] = [];
  /** WebLLM loaded once, with the custom models as last set (they may arrive before it loads). */
  const context = async () => {
    // A start that failed (offline, say) is tried again by the next call, not remembered.
    const c = await (started ??= hostContext().catch((error: unknown) => {
      started = undefined;
      throw error;
    }));
    if (c.given !== custom) c.setCustom(custom);
    return c;
  };
  let catalog: Catalog | undefined;
  const generator = createWebllmGenerator({
    createEngine: options.createEngine ?? inThreadEngine,
    appConfig: async () => (await context()).appConfig(),
    // Your own model has the chat template (and thinks, or not) like the base it was merged into.
    templateOf: (modelId) => {
      const entry = catalog && findEntry(catalog, modelId);
      return entry?.source ? entry.baseId : modelId;
    },
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
  /** Generations under way or waiting, by id; a queue keeps them from overlapping. */
  const stops = createStopSwitch();
  let queue: Promise<unknown> = Promise.resolve();
  let anonymous = 0;
  let tokenizer: ModelTokenizer | undefined;
  /** Counts loads, so that a tokenizer read for an earlier load is never kept for a later one. */
  let loads = 0;

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
      const ticket = ++loads;
      tokenizer = undefined;
      const appConfig = c.appConfig();
      const modelRecord = appConfig.model_list.find((r) => r.model_id === plan.modelId);
      const sources = (options.tokenizerSources ?? browserSources)();
      const readTokenizer = (cacheOnly: boolean) =>
        modelRecord
          ? loadModelTokenizer(modelRecord, appConfig, sources, { cacheOnly })
          : Promise.reject(new Error('its record is missing'));
      // The tokenizer's code (the transformers.js chunk) downloads while WebLLM loads. A cached
      // model's tokenizer.json is cached too: it is read and built meanwhile (a second or two for a
      // 150k-token vocabulary). Otherwise it is read after the load, once WebLLM has stored it.
      void transformersTokenizer().catch(() => undefined);
      const early = plan.cached ? readTokenizer(true) : undefined;
      early?.catch(() => undefined);
      await generator.load(plan.modelId, onProgress);
      const record = entryRecords(entry).find((r) => r.id === plan.modelId) ?? entry;
      const warnings = [...plan.warnings];
      let counter: ModelTokenizer | undefined;
      try {
        const late = () => readTokenizer(false);
        counter = await (early ? early.catch(late) : late());
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        warnings.push(estimateWarning(plan.modelId, reason));
      }
      if (ticket === loads) tokenizer = counter;
      return {
        requestedId: id,
        modelId: plan.modelId,
        contextWindow: record.contextWindow,
        tokenizer: counter ? 'model' : 'estimate',
        warnings,
      };
    },
    countTokens(text) {
      if (!tokenizer) {
        throw new RagtuneError('generation-failed', 'No model is loaded: load a model first.');
      }
      return tokenizer.countTokens(text);
    },
    generate(request, onToken, id = --anonymous) {
      const { signal, release } = stops.start(id);
      const turn = queue.then(async () => {
        try {
          // Stopped while waiting, it rejects with 'cancelled' (nothing was generated).
          return await generator.generate(request, onToken, signal);
        } finally {
          release();
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    stop: (id) => stops.stop(id),
    async unload() {
      loads++;
      tokenizer = undefined;
      await generator.unload();
    },
  };
}
