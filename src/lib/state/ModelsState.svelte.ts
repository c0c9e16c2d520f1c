// The generator models: both engines' menus (WebLLM's fetched lazily from its worker, with the
// reason each model cannot run here, your own models included), the chosen model, and its load.
// Over 300 lines: the three engines' menus, loads and WebLLM's lending; what differs per engine is a
// Record keyed by engine (starting a client, a model's facts). Lending could move out next.
import { isCancelled, toRagtuneError, type ErrorCode } from '../errors';
import type { LoadProgress } from '../generate/Generator';
import { engineModelId, isEngineName } from '../generate/engines';
import {
  createTransformersEngine,
  createWebllmHost,
  type EngineClient,
  type EngineName,
  type LoadedGenerator,
  type TransformersEngine,
  type WebllmHost,
} from '../generate/generatorClient';
import { watchModelLost } from '../generate/modelLost';
import { persistAfterDownload } from '../models/persistStorage';
import type { Catalog } from '../generate/webllm/catalog';
import type { Availability } from '../generate/webllm/hostApi';
import type { GeneratorUrlOptions } from '../library/settings';
import type { StoredCustomModel, StoredOnnxModel, StoredWebllmModel } from '../store/schema';
import { CustomModelsState } from './CustomModelsState.svelte';
import { ADDRESS_ENDPOINT, EndpointsState } from './EndpointsState.svelte';
import { createEndpointEngine } from '../generate/endpoint/endpointEngine';
import { endpointModelId } from '../generate/endpoint/modelIds';
import { clearDownload, interruptedDownload, recordDownload } from './downloadRecord';
import { tuningLabel } from '../generate/tuningLabel';
import { heldLocks, holdLock } from './workLock';
import {
  findModel,
  sameChoice,
  transformersMenu,
  endpointMenu,
  webllmBaseOptions,
  webllmMenu,
  type BaseOptionGroup,
  type MenuFamily,
  type MenuModel,
  type ModelChoice,
} from '../generate/modelMenu';

const CHOICE_KEY = 'ragtune-generator';
const DOWNLOAD_LOCK = 'ragtune-model-download';
/** Small, runs without WebGPU: a sensible first model for anyone. */
const DEFAULT_CHOICE: ModelChoice = {
  engine: 'transformers',
  id: 'onnx-community/Qwen2.5-0.5B-Instruct',
};

/** What identifies a model, for exports and experiment files. */
type ModelFactsRecord = Record<string, string | number | boolean | null>;

export interface LoadingModel {
  choice: ModelChoice;
  progress: LoadProgress;
}

/** A loaded model and the engine that answers with it. */
export interface ReadyGenerator {
  client: EngineClient;
  info: LoadedGenerator;
}

function savedChoice(): ModelChoice | undefined {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(CHOICE_KEY) ?? 'null') as unknown;
    const c = raw as Partial<ModelChoice> | null;
    if (c && isEngineName(c.engine) && typeof c.id === 'string') {
      return { engine: c.engine, id: c.id };
    }
  } catch {
    // A damaged entry is forgotten.
  }
  return undefined;
}

export class ModelsState {
  readonly custom: CustomModelsState;
  /** The OpenAI-compatible servers the person added, and what each one serves. */
  readonly endpoints: EndpointsState;
  readonly endpointFamilies: MenuFamily[] = $derived.by(() => endpointMenu(this.endpoints.list));
  readonly transformersFamilies: MenuFamily[] = $derived.by(() =>
    transformersMenu(this.#urlModels, this.custom.onnx),
  );
  webllmCatalog = $state.raw<Catalog | undefined>(undefined);
  webllmFamilies = $state.raw<MenuFamily[]>([]);
  webllmStatus = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  webllmError = $state<string | undefined>(undefined);
  availability = $state.raw<Record<string, Availability>>({});
  selected = $state.raw<ModelChoice>(DEFAULT_CHOICE);
  loaded = $state.raw<Partial<Record<EngineName, LoadedGenerator>>>({});
  loading = $state.raw<LoadingModel | undefined>(undefined);
  /** Whether the browser keeps downloaded models from eviction; undefined until known. */
  storagePersistent = $state<boolean | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  /** A model whose download a reload or a closed tab cut off, offered to resume on open. */
  interrupted = $state.raw<ModelChoice | undefined>(undefined);
  readonly #urlModels: readonly string[];
  #webllm: WebllmHost;
  /** Lab runs using the chat's WebLLM engine now (see lend). */
  #lent = 0;
  /** Called before the chat loads a WebLLM model: the lab frees its idle copy of it first. */
  beforeWebllmLoad: ((id: string) => Promise<void>) | undefined;
  readonly #transformers: TransformersEngine;
  readonly #engines: Record<EngineName, EngineClient>;
  readonly #transformersOptions: { host?: string };
  #pending: Promise<ReadyGenerator> | undefined;
  #catalog: Catalog | undefined;
  #menuRun = 0;

  constructor(url: GeneratorUrlOptions) {
    this.#urlModels = url.models;
    this.#webllm = createWebllmHost();
    this.#transformersOptions = url.host ? { host: url.host } : {};
    this.#transformers = createTransformersEngine(this.#transformersOptions);
    this.endpoints = new EndpointsState(url.endpoint);
    this.#engines = {
      transformers: this.#watch(this.#transformers),
      webllm: this.#watch(this.#webllm.engine),
      endpoint: this.#watch(this.createEngine('endpoint')),
    };
    this.custom = new CustomModelsState({
      validateWebllm: (r) => this.#webllm.validateCustomModel(r),
      validateOnnx: (r) => this.#transformers.validateCustomModel(r),
      apply: (models) => this.#applyCustom(models),
    });
    const first = url.models[0];
    this.selected = first
      ? url.endpoint
        ? { engine: 'endpoint', id: endpointModelId(ADDRESS_ENDPOINT, first) }
        : { engine: 'transformers', id: first }
      : (savedChoice() ?? DEFAULT_CHOICE);
  }

  /**
   * A model an engine lost by itself (a GPU reset) stops counting as loaded: the next question
   * loads it again instead of failing on the dead one.
   */
  #watch(client: EngineClient): EngineClient {
    const watched = watchModelLost(client, () => {
      if (this.#engines[client.engine] !== watched) return;
      const { [client.engine]: _lost, ...others } = this.loaded;
      this.loaded = others;
    });
    return watched;
  }

  /**
   * The chat's WebLLM model, lent to the lab when it is the one asked for: each WebLLM load makes
   * its own GPU device, so a second copy would double its memory. If the chat moves to another
   * model while lent, it gets a new engine and the lab keeps (and in the end frees) this one.
   */
  lend(model: ModelChoice): { ready: ReadyGenerator; release(): void } | undefined {
    const info = this.loaded.webllm;
    if (model.engine !== 'webllm' || info?.requestedId !== model.id) return undefined;
    const client = this.#engines.webllm;
    this.#lent += 1;
    let released = false;
    return {
      ready: { client, info },
      release: () => {
        if (released) return;
        released = true;
        if (this.#engines.webllm === client) this.#lent -= 1;
        else client.terminate(); // the chat moved on: this engine is the lab's alone
      },
    };
  }

  /** Models the chat holds in memory, which the lab's plan must count. */
  get resident(): ModelChoice[] {
    const info = this.loaded.webllm;
    return info ? [{ engine: 'webllm', id: info.requestedId }] : [];
  }

  /** Each engine's families (a Record: a new engine does not compile until it lists its own). */
  get familiesByEngine(): Record<EngineName, MenuFamily[]> {
    return {
      transformers: this.transformersFamilies,
      webllm: this.webllmFamilies,
      endpoint: this.endpointFamilies,
    };
  }

  get families(): MenuFamily[] {
    // In the Record's order: the runnable-anywhere models first, the servers' last.
    return Object.values(this.familiesByEngine).flat();
  }

  /** The chosen model's menu entry (a WebLLM one only once its menu has loaded). */
  get selectedModel(): MenuModel | undefined {
    return findModel(this.families, this.selected);
  }

  /** The loaded model of the chosen engine, when it is the chosen model. */
  get ready(): LoadedGenerator | undefined {
    const info = this.loaded[this.selected.engine];
    return info?.requestedId === this.selected.id ? info : undefined;
  }

  /** WebLLM bases your own model can be registered on (both quantisations), by family. */
  get webllmBases(): BaseOptionGroup[] {
    return this.webllmCatalog ? webllmBaseOptions(this.webllmCatalog) : [];
  }

  /** Reads your registered models (IndexedDB) and gives them to the engines. */
  async start(databaseName?: string): Promise<void> {
    // A download another tab is running holds the lock; a note left without it was cut off.
    const live = await heldLocks();
    if (!live.has(DOWNLOAD_LOCK)) this.interrupted = interruptedDownload();
    void this.endpoints.start();
    return this.custom.start(databaseName);
  }

  /** Loads WebLLM's menu and checks every model against this browser; once, lazily. */
  async loadWebllmMenu(): Promise<void> {
    if (this.webllmStatus === 'loading' || this.webllmStatus === 'ready') return;
    await this.#readWebllmMenu();
  }

  /** Reads the menu again (after your models changed); the newest read wins. */
  async #readWebllmMenu(): Promise<void> {
    const run = ++this.#menuRun;
    if (this.webllmStatus !== 'ready') this.webllmStatus = 'loading';
    try {
      const catalog = await this.#webllm.catalog();
      this.#catalog = catalog;
      const ids = webllmMenu(catalog).flatMap((f) => f.models.map((m) => m.id));
      const checks = await this.#webllm.check(ids);
      if (run !== this.#menuRun) return;
      this.availability = Object.fromEntries(checks.map((a) => [a.id, a]));
      this.webllmCatalog = catalog;
      this.webllmFamilies = webllmMenu(
        catalog,
        Object.fromEntries(checks.map((a) => [a.id, a.loadId])),
      );
      this.webllmStatus = 'ready';
    } catch (error) {
      if (run !== this.#menuRun) return;
      this.webllmError = toRagtuneError(error, 'model-unavailable').message;
      this.webllmStatus = 'error';
    }
  }

  async #applyCustom(models: readonly StoredCustomModel[]): Promise<void> {
    const onnx = models.filter((m): m is StoredOnnxModel => m.engine === 'transformers');
    const webllm = models.filter((m): m is StoredWebllmModel => m.engine === 'webllm');
    await Promise.all([
      this.#transformers.setCustomModels(onnx),
      this.#webllm.setCustomModels(webllm),
    ]);
    if (this.webllmStatus !== 'idle') await this.#readWebllmMenu();
  }

  /** Forgets one of your models; if it was the choice, the default model is chosen instead. */
  async removeCustom(id: string): Promise<void> {
    await this.custom.remove(id);
    if (this.selected.id === id && !this.custom.models.some((m) => m.id === id)) {
      this.#choose(DEFAULT_CHOICE);
    }
  }

  /** Forgets a server; if one of its models was the choice, the default model is chosen instead. */
  removeEndpoint(id: string): void {
    this.endpoints.remove(id);
    if (this.selected.engine === 'endpoint' && this.selected.id.startsWith(`${id}/`)) {
      this.#choose(DEFAULT_CHOICE);
    }
  }

  /** Chooses a model and starts loading it (a load of another model is cancelled first). */
  select(choice: ModelChoice): void {
    if (this.loading && !sameChoice(this.loading.choice, choice)) this.cancelLoad();
    this.#choose(choice);
    this.ensureLoaded().catch(() => undefined); // the error is shown from this.error
  }

  #choose(choice: ModelChoice): void {
    this.selected = choice;
    globalThis.localStorage?.setItem(CHOICE_KEY, JSON.stringify(choice));
  }

  /** The chosen model, loaded (once, however many callers wait for it). */
  ensureLoaded(): Promise<ReadyGenerator> {
    const choice = this.selected;
    const client = this.#engines[choice.engine];
    const info = this.ready;
    if (info) return Promise.resolve({ client, info });
    if (this.#pending && this.loading && sameChoice(this.loading.choice, choice)) {
      return this.#pending;
    }
    this.#pending = this.#load(choice, client);
    return this.#pending;
  }

  /** A fresh WebLLM worker for the chat; the lent one stays with the lab. */
  #newWebllmEngine(): EngineClient {
    this.#lent = 0;
    this.#webllm = createWebllmHost();
    void this.#webllm.setCustomModels(this.custom.webllm).catch(() => undefined);
    this.#engines.webllm = this.#watch(this.#webllm.engine);
    return this.#engines.webllm;
  }

  async #load(choice: ModelChoice, chosen: EngineClient): Promise<ReadyGenerator> {
    let client = chosen;
    const unavailable = this.availability[choice.id];
    this.error = undefined;
    this.loading = { choice, progress: { fraction: 0, text: 'Starting…' } };
    const { [choice.engine]: _previous, ...others } = this.loaded;
    this.loaded = others; // the engine replaces its model: the previous one is gone
    let release = () => {};
    try {
      // Your own models must reach the engines before one of them is loaded (after a reload).
      await this.custom.whenReady();
      if (choice.engine === 'webllm' && unavailable && !unavailable.ok) {
        throw toRagtuneError(unavailable.reason, unavailable.code);
      }
      recordDownload(choice);
      release = holdLock(DOWNLOAD_LOCK);
      if (choice.engine === 'webllm') {
        await this.beforeWebllmLoad?.(choice.id);
        if (this.#lent > 0) client = this.#newWebllmEngine();
      }
      let downloaded = 0;
      const info = await client.load(choice.id, (progress) => {
        if (progress.phase === 'download') downloaded = progress.loadedBytes ?? downloaded;
        if (this.loading && sameChoice(this.loading.choice, choice)) {
          this.loading = { choice, progress };
        }
      });
      this.loaded = { ...this.loaded, [choice.engine]: info };
      // A large download is worth keeping: ask the browser not to evict it.
      void persistAfterDownload(downloaded).then((p) => (this.storagePersistent = p));
      return { client, info };
    } catch (error) {
      const e = toRagtuneError(error, 'model-unavailable');
      if (!isCancelled(e)) this.error = e.message;
      throw e;
    } finally {
      release();
      if (this.loading && sameChoice(this.loading.choice, choice)) {
        clearDownload(); // ended here, loaded or not: nothing was cut off
        this.loading = undefined;
        this.#pending = undefined;
      }
    }
  }

  /** Loads the model whose download was cut off (cached files and shards are not fetched again). */
  resumeDownload(): void {
    const choice = this.interrupted;
    this.interrupted = undefined;
    if (choice) this.select(choice);
  }

  dismissDownload(): void {
    this.interrupted = undefined;
    clearDownload();
  }

  /** Loads the chosen model again after a failed load (the error goes while it loads). */
  retry(): void {
    this.ensureLoaded().catch(() => undefined); // a new failure is shown from this.error
  }

  /** Stops the load under way; the engine's worker is ended and starts afresh next time. */
  cancelLoad(): void {
    const loading = this.loading;
    if (!loading) return;
    this.#engines[loading.choice.engine].cancelLoad();
    if (loading.choice.engine === 'webllm') {
      // The menu lived in the ended worker; what it said stays true.
      this.webllmStatus = this.webllmFamilies.length > 0 ? 'ready' : 'idle';
    }
  }

  /** A new engine of this kind in its own worker (the lab runs several models at once). */
  createEngine(engine: EngineName): EngineClient {
    return this.#engineMakers[engine]();
  }

  /** Per engine (a Record: a new engine does not compile until it says how it starts). */
  readonly #engineMakers: Record<EngineName, () => EngineClient> = {
    endpoint: () => createEndpointEngine((id) => this.endpoints.find(id)),
    transformers: () => {
      const client = createTransformersEngine(this.#transformersOptions);
      // Your models are known before the worker starts (the list is kept and sent on start).
      void client.setCustomModels(this.custom.onnx);
      return client;
    },
    webllm: () => {
      const host = createWebllmHost();
      void host.setCustomModels(this.custom.webllm);
      return host.engine;
    },
  };

  /** What identifies a model beyond its id: its WebLLM record's weights and library, or its host. */
  modelFacts(choice: ModelChoice): ModelFactsRecord {
    const menu = findModel(this.families, choice);
    // What the model is, in the export too: "public fine-tune for code — not trained on …".
    const tuning: Record<string, string> = menu ? { tuning: tuningLabel(menu).label } : {};
    return { ...tuning, ...this.#engineFacts[choice.engine](choice.id) };
  }

  /** Per engine (a Record: a new engine does not compile until it says what names its models). */
  readonly #engineFacts: Record<EngineName, (id: string) => ModelFactsRecord> = {
    endpoint: (id) => {
      // The server's address and the model's name: never the key.
      const server = this.endpoints.find(id.split('/')[0] ?? '');
      return {
        engine: 'OpenAI-compatible endpoint',
        endpoint: server?.baseUrl ?? 'no longer added',
        model: engineModelId({ engine: 'endpoint', id }),
      };
    },
    transformers: () => ({
      engine: 'transformers.js',
      host: this.#transformersOptions.host ?? 'https://huggingface.co/',
    }),
    webllm: (id): ModelFactsRecord => {
      const entry = this.#catalog?.entries.find((e) => e.id === id || e.f32Twin?.id === id);
      const facts = entry?.f32Twin?.id === id ? entry.f32Twin : entry;
      if (!entry || !facts) return { engine: 'WebLLM', record: 'not in the loaded menu' };
      return {
        engine: 'WebLLM',
        modelUrl: facts.modelUrl,
        modelLib: facts.modelLib,
        quantization: facts.quantization,
        vramMB: facts.vramMB,
        contextWindow: facts.contextWindow,
        family: entry.family,
        base: entry.baseId,
      };
    },
  };

  /** What this browser's checks said of a model (only WebLLM's models are checked: WebGPU, memory). */
  availabilityOf(choice: ModelChoice): Availability | undefined {
    return choice.engine === 'webllm' ? this.availability[choice.id] : undefined;
  }

  /** Why a model cannot run in this browser, when its engine's checks said so. */
  unavailable(choice: ModelChoice): { code: ErrorCode; reason: string } | undefined {
    const a = this.availabilityOf(choice);
    if (!a || a.ok) return undefined;
    return {
      code: a.code ?? 'model-unavailable',
      reason: a.reason ?? 'This model cannot run here.',
    };
  }

  dispose(): void {
    for (const engine of Object.values(this.#engines)) engine.terminate();
  }
}
