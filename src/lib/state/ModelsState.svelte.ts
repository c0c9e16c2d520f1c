// The generator models: every engine's menu (WebLLM's fetched lazily from its worker, with the
// reason each model cannot run here, your own models included), the chosen model, and its load.
// What differs per engine is a Record keyed by engine (starting a client, a model's facts, a menu's
// status, your own models' checks); lending the chat's model to the lab is generate/lending.ts.
// WebLLM's menu is WebllmMenuState; what names a model in exports is generate/engineModelFacts.ts.
// Over 300 lines: the chat's engines (made, renewed when lent, watched for a GPU reset), the load
// of the chosen model with its download record, lock and cancel, and the hand-over of your own
// models; the load could move to a unit of its own next.
import { isCancelled, toRagtuneError, type ErrorCode } from '../errors';
import type { LoadProgress } from '../generate/Generator';
import { ENGINE_NAMES } from '../generate/engines';
import { Lending } from '../generate/lending';
import { ENGINE_MODEL_FACTS, type EngineModelFacts } from '../generate/engineModelFacts';
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
import { WebllmMenuState } from './WebllmMenuState.svelte';
import { ADDRESS_ENDPOINT, EndpointsState } from './EndpointsState.svelte';
import { createEndpointEngine } from '../generate/endpoint/endpointEngine';
import { endpointModelId } from '../generate/endpoint/modelIds';
import { clearDownload, interruptedDownload, recordDownload } from './downloadRecord';
import { savedChoice, saveChoice } from './savedChoice';
import { tuningLabel } from '../generate/tuningLabel';
import { heldLocks, holdLock } from './workLock';
import {
  findModel,
  sameChoice,
  transformersMenu,
  endpointMenu,
  type MenuFamily,
  type MenuModel,
  type ModelChoice,
} from '../generate/modelMenu';

const DOWNLOAD_LOCK = 'ragtune-model-download';
/** Small, runs without WebGPU: a sensible first model for anyone. */
const DEFAULT_CHOICE: ModelChoice = {
  engine: 'transformers',
  id: 'onnx-community/Qwen2.5-0.5B-Instruct',
};

export interface LoadingModel {
  choice: ModelChoice;
  progress: LoadProgress;
}

/** A loaded model and the engine that answers with it. */
export interface ReadyGenerator {
  client: EngineClient;
  info: LoadedGenerator;
}

export class ModelsState {
  readonly custom: CustomModelsState;
  /** The OpenAI-compatible servers the person added, and what each one serves. */
  readonly endpoints: EndpointsState;
  readonly endpointFamilies: MenuFamily[] = $derived.by(() => endpointMenu(this.endpoints.list));
  readonly transformersFamilies: MenuFamily[] = $derived.by(() =>
    transformersMenu(this.#urlModels, this.custom.of('transformers')),
  );
  /** WebLLM's menu, read in its worker on first need. */
  readonly webllmMenu = new WebllmMenuState(() => this.#webllm);
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
      webllm: this.webllmMenu.families,
      endpoint: this.endpointFamilies,
    };
  }

  /** Whether each engine's menu is there (a Record: only WebLLM's is read from its worker). */
  get menuStatus(): Record<EngineName, MenuStatus> {
    return { transformers: MENU_READY, webllm: this.webllmMenu.menuStatus, endpoint: MENU_READY };
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

  /** Reads your registered models (IndexedDB) and gives them to the engines. */
  async start(databaseName?: string): Promise<void> {
    // A download another tab is running holds the lock; a note left without it was cut off.
    const live = await heldLocks();
    if (!live.has(DOWNLOAD_LOCK)) this.interrupted = interruptedDownload();
    void this.endpoints.start();
    return this.custom.start(databaseName);
  }

  /** Loads WebLLM's menu and checks every model against this browser; once, lazily. */
  loadWebllmMenu(): Promise<void> {
    return this.webllmMenu.load();
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
    if (this.webllmMenu.status !== 'idle') await this.webllmMenu.read();
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
    saveChoice(choice);
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
    transformers: () => (this.#transformers = this.#newTransformers()),
    webllm: () => (this.#webllm = this.#newWebllm()).engine,
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
      this.webllmMenu.workerEnded(); // its menu lived in the ended worker
    }
  }

  /** A new engine of this kind in its own worker (the lab runs several models at once). */
  createEngine(engine: EngineName): EngineClient {
    return this.#engineMakers[engine]();
  }

  /** Per engine (a Record: a new engine does not compile until it says how it starts). */
  readonly #engineMakers: Record<EngineName, () => EngineClient> = {
    endpoint: () => createEndpointEngine((id) => this.endpoints.find(id)),
    transformers: () => this.#newTransformers(),
    webllm: () => this.#newWebllm().engine,
  };

  // Your models are known before a worker starts (the list is kept and sent on start).
  #newTransformers(): TransformersEngine {
    const client = createTransformersEngine(this.#transformersOptions);
    void client.setCustomModels(this.custom.of('transformers')).catch(() => undefined);
    return client;
  }

  #newWebllm(): WebllmHost {
    const host = createWebllmHost();
    void host.setCustomModels(this.custom.of('webllm')).catch(() => undefined);
    return host;
  }

  /** What identifies a model beyond its id: its WebLLM record's weights and library, or its host. */
  modelFacts(choice: ModelChoice): EngineModelFacts {
    const menu = findModel(this.families, choice);
    // What the model is, in the export too: "public fine-tune for code — not trained on …".
    const tuning: Record<string, string> = menu ? { tuning: tuningLabel(menu).label } : {};
    const sources = {
      webllmCatalog: this.webllmMenu.lastRead,
      transformersHost: this.#transformersOptions.host,
      serverUrl: (id: string) => this.endpoints.find(id)?.baseUrl,
    };
    return { ...tuning, ...ENGINE_MODEL_FACTS[choice.engine](choice.id, sources) };
  }

  /** What this browser's checks said of a model (only WebLLM's models are checked: WebGPU, memory). */
  availabilityOf(choice: ModelChoice): Availability | undefined {
    return choice.engine === 'webllm' ? this.webllmMenu.availability[choice.id] : undefined;
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
