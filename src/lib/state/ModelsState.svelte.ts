// The generator models: every engine's menu (WebLLM's fetched lazily from its worker, with the
// reason each model cannot run here, your own models included), the chosen model, and its load.
// What differs per engine is a Record keyed by engine (starting a client, a model's facts, a menu's
// status, your own models' checks); lending the chat's model to the lab is generate/lending.ts.
// Over 300 lines: the chat's engines and their load, and WebLLM's menu read from its worker.
import { isCancelled, toRagtuneError, type ErrorCode } from '../errors';
import type { LoadProgress } from '../generate/Generator';
import { ENGINE_NAMES, engineModelId, isEngineName } from '../generate/engines';
import { Lending } from '../generate/lending';
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
import type { StoredCustomModel } from '../store/schema';
import {
  OWN_MODEL_ENGINES,
  ofKind,
  type OwnModelEngine,
  type StoredOf,
  type Validators,
} from '../models/ownModelKinds';
import { MENU_READY, type MenuStatus } from '../models/pickerSections';
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
    transformersMenu(this.#urlModels, this.custom.of('transformers')),
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
  /** The chat's model lent to the lab (engines whose loads each take a GPU device). */
  readonly lending: Lending;
  readonly #urlModels: readonly string[];
  #webllm!: WebllmHost;
  #transformers!: TransformersEngine;
  readonly #engines: Record<EngineName, EngineClient>;
  readonly #transformersOptions: { host?: string };
  #pending: Promise<ReadyGenerator> | undefined;
  #catalog: Catalog | undefined;
  #menuRun = 0;

  constructor(url: GeneratorUrlOptions) {
    this.#urlModels = url.models;
    this.#transformersOptions = url.host ? { host: url.host } : {};
    this.endpoints = new EndpointsState(url.endpoint);
    this.custom = new CustomModelsState({
      validate: this.#validators,
      apply: (models) => this.#applyCustom(models),
    });
    this.#engines = Object.fromEntries(
      ENGINE_NAMES.map((e) => [e, this.#watch(this.#chatEngineMakers[e]())]),
    ) as Record<EngineName, EngineClient>;
    this.lending = new Lending({
      loaded: () => this.loaded,
      client: (engine) => this.#engines[engine],
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

  /** Each engine's families (a Record: a new engine does not compile until it lists its own). */
  get familiesByEngine(): Record<EngineName, MenuFamily[]> {
    return {
      transformers: this.transformersFamilies,
      webllm: this.webllmFamilies,
      endpoint: this.endpointFamilies,
    };
  }

  /** Whether each engine's menu is there (a Record: only WebLLM's is read from its worker). */
  get menuStatus(): Record<EngineName, MenuStatus> {
    const webllm: MenuStatus =
      this.webllmStatus === 'ready'
        ? MENU_READY
        : this.webllmStatus === 'error'
          ? { state: 'error', error: this.webllmError ?? '' }
          : { state: 'loading', text: 'Reading WebLLM’s model list and checking this browser…' };
    return { transformers: MENU_READY, webllm, endpoint: MENU_READY };
  }

  get families(): MenuFamily[] {
    // In ENGINE_NAMES order: the runnable-anywhere models first, the servers' last.
    const byEngine = this.familiesByEngine;
    return ENGINE_NAMES.flatMap((e) => byEngine[e]);
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

  /** Each engine's check of a folder for your own model, in its worker (see models/ownModelKinds). */
  readonly #validators: Validators = {
    transformers: (r) => this.#transformers.validateCustomModel(r),
    webllm: (r) => this.#webllm.validateCustomModel(r),
  };

  /** Gives each engine that keeps your own models its list (sent on to its worker). */
  readonly #customTo: { [E in OwnModelEngine]: (models: StoredOf<E>[]) => Promise<void> } = {
    transformers: (models) => this.#transformers.setCustomModels(models),
    webllm: (models) => this.#webllm.setCustomModels(models),
  };

  #giveCustom<E extends OwnModelEngine>(
    engine: E,
    models: readonly StoredCustomModel[],
  ): Promise<void> {
    return this.#customTo[engine](ofKind(models, engine));
  }

  async #applyCustom(models: readonly StoredCustomModel[]): Promise<void> {
    await Promise.all(OWN_MODEL_ENGINES.map((e) => this.#giveCustom(e, models)));
    // WebLLM's menu lists your models: read it again once it has been read.
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

  /**
   * The chat's engine of each kind, made at start and again when the one it had is lent to the
   * lab (the lab keeps that one): a Record, so a new engine does not compile until it says how.
   */
  readonly #chatEngineMakers: Record<EngineName, () => EngineClient> = {
    transformers: () => {
      this.#transformers = createTransformersEngine(this.#transformersOptions);
      void this.#transformers.setCustomModels(this.custom.of('transformers')).catch(() => {});
      return this.#transformers;
    },
    webllm: () => {
      this.#webllm = createWebllmHost();
      void this.#webllm.setCustomModels(this.custom.of('webllm')).catch(() => undefined);
      return this.#webllm.engine;
    },
    endpoint: () => this.createEngine('endpoint'),
  };

  /** A fresh engine for the chat; the lent one stays with the lab. */
  #renew(engine: EngineName): EngineClient {
    this.lending.renewed(engine);
    this.#engines[engine] = this.#watch(this.#chatEngineMakers[engine]());
    return this.#engines[engine];
  }

  async #load(choice: ModelChoice, chosen: EngineClient): Promise<ReadyGenerator> {
    let client = chosen;
    const unavailable = this.availabilityOf(choice);
    this.error = undefined;
    this.loading = { choice, progress: { fraction: 0, text: 'Starting…' } };
    const { [choice.engine]: _previous, ...others } = this.loaded;
    this.loaded = others; // the engine replaces its model: the previous one is gone
    let release = () => {};
    try {
      // Your own models must reach the engines before one of them is loaded (after a reload).
      await this.custom.whenReady();
      if (unavailable && !unavailable.ok) {
        throw toRagtuneError(unavailable.reason, unavailable.code);
      }
      recordDownload(choice);
      release = holdLock(DOWNLOAD_LOCK);
      // The lab frees its idle copy first; a chat engine lent to the lab is left to it.
      if (await this.lending.beforeChatLoad(choice)) client = this.#renew(choice.engine);
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
      void client.setCustomModels(this.custom.of('transformers'));
      return client;
    },
    webllm: () => {
      const host = createWebllmHost();
      void host.setCustomModels(this.custom.of('webllm'));
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
