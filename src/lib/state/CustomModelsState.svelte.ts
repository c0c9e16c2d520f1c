// Your own fine-tunes: the registered list (kept in IndexedDB), the check of a new one with a busy
// state, cancel and errors in words, and removal. The engines get the whole list to run them.
import { RagtuneError, cancelledError, isCancelled, toRagtuneError } from '../errors';
import type { EngineName } from '../generate/generatorClient';
import type { OnnxCustomModel } from '../generate/transformers/customModels';
import type { OnnxRegistration } from '../generate/transformers/workerApi';
import type { CustomModel } from '../generate/webllm/customModels';
import type { WebllmRegistration } from '../generate/webllm/hostApi';
import { openCustomModelStore, type CustomModelStore } from '../models/CustomModelStore';
import type { StoredCustomModel, StoredOnnxModel, StoredWebllmModel } from '../store/schema';

/** What the form asks for. */
export interface Registration {
  engine: EngineName;
  url: string;
  /** WebLLM only: the record the LoRA was merged into. */
  baseId?: string;
  name?: string;
}

/** The engines' side: check a folder (in their workers), and run what is registered. */
export interface CustomModelEngines {
  validateWebllm(registration: WebllmRegistration): Promise<CustomModel>;
  validateOnnx(registration: OnnxRegistration): Promise<OnnxCustomModel>;
  /** Given the whole list whenever it changes, and once at start. */
  apply(models: readonly StoredCustomModel[]): Promise<void>;
}

/** Resolves with `work`, or rejects as cancelled as soon as `signal` fires. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(cancelledError());
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

export class CustomModelsState {
  models = $state.raw<StoredCustomModel[]>([]);
  busy = $state(false);
  error = $state<string | undefined>(undefined);
  /** What the last registration could not check: shown, not blocking. */
  warnings = $state.raw<string[]>([]);
  /** The name of the model just added, for the status line. */
  added = $state<string | undefined>(undefined);
  readonly #engines: CustomModelEngines;
  #store: CustomModelStore | undefined;
  #controller: AbortController | undefined;
  #started: Promise<void> | undefined;

  constructor(engines: CustomModelEngines) {
    this.#engines = engines;
  }

  get webllm(): StoredWebllmModel[] {
    return this.models.filter((m): m is StoredWebllmModel => m.engine === 'webllm');
  }

  get onnx(): StoredOnnxModel[] {
    return this.models.filter((m): m is StoredOnnxModel => m.engine === 'transformers');
  }

  /** Reads the registered models and hands them to the engines (once). */
  start(databaseName?: string): Promise<void> {
    this.#started ??= (async () => {
      try {
        this.#store = await openCustomModelStore(databaseName);
        this.models = await this.#store.list();
        await this.#engines.apply(this.models);
      } catch (error) {
        this.error = toRagtuneError(error, 'storage').message;
      }
    })();
    return this.#started;
  }

  /** Another tab registered or removed a model: read the list again and hand it to the engines. */
  async followOtherTab(): Promise<void> {
    if (!this.#store) return;
    try {
      this.models = await this.#store.list();
      await this.#engines.apply(this.models);
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    }
  }

  /** Settled once the stored models are known to the engines (at once if never started). */
  whenReady(): Promise<void> {
    return this.#started ?? Promise.resolve();
  }

  /** Checks and keeps a model; false (with `error` set) when it is refused or cancelled. */
  async add(registration: Registration): Promise<boolean> {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.busy = true;
    this.error = undefined;
    this.warnings = [];
    this.added = undefined;
    try {
      const model = await untilAborted(this.#validate(registration), controller.signal);
      if (!this.#store) {
        throw new RagtuneError('storage', 'Your models could not be opened: reload the page.');
      }
      await this.#store.add(model);
      this.models = [...this.models, model];
      await this.#engines.apply(this.models);
      // Said once the menus show it.
      this.warnings = model.warnings;
      this.added = model.engine === 'webllm' ? model.id : model.name;
      return true;
    } catch (error) {
      const e = toRagtuneError(error, 'invalid-model');
      if (!isCancelled(e)) this.error = e.message;
      return false;
    } finally {
      if (this.#controller === controller) {
        this.#controller = undefined;
        this.busy = false;
      }
    }
  }

  async #validate(r: Registration): Promise<StoredCustomModel> {
    const takenIds = this.models.map((m) => m.id);
    const name = r.name?.trim();
    const url = r.url.trim();
    if (!url) {
      throw new RagtuneError('invalid-model', 'Paste the URL of your model’s folder first.');
    }
    if (r.engine === 'transformers') {
      const model = await this.#engines.validateOnnx({ url, takenIds, ...(name ? { name } : {}) });
      return { ...model, engine: 'transformers', addedAt: Date.now() };
    }
    if (!r.baseId) {
      throw new RagtuneError(
        'invalid-model',
        'Pick the base model your LoRA was merged into: your model runs on its compiled library.',
      );
    }
    const registration = { url, baseId: r.baseId, takenIds, ...(name ? { name } : {}) };
    const model = await this.#engines.validateWebllm(registration);
    return { ...model, engine: 'webllm', id: model.record.model_id, addedAt: Date.now() };
  }

  /** Stops waiting for the check under way; nothing is kept. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Forgets a model (its downloaded weights stay in the browser cache until deleted there). */
  async remove(id: string): Promise<void> {
    try {
      await this.#store?.remove(id);
      this.models = this.models.filter((m) => m.id !== id);
      this.added = undefined;
      this.warnings = [];
      await this.#engines.apply(this.models);
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    }
  }
}
