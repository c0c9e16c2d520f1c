// Your own fine-tunes: the registered list (kept in IndexedDB), the check of a new one with a busy
// state, cancel and errors in words, and removal. The engines get the whole list to run them.
// What differs per kind (WebLLM, ONNX) is models/ownModelKinds.ts.
import { RagtuneError, cancelledError, isCancelled, toRagtuneError } from '../errors';
import { openCustomModelStore, type CustomModelStore } from '../models/CustomModelStore';
import {
  buildOwnModel,
  ofKind,
  ownModelName,
  type FieldsOf,
  type OwnModelEngine,
  type StoredOf,
  type Validators,
} from '../models/ownModelKinds';
import type { StoredCustomModel } from '../store/schema';

/** What the form asks for: the kind, the folder, a name, and the kind's own fields. */
export interface Registration<E extends OwnModelEngine = OwnModelEngine> {
  engine: E;
  url: string;
  name?: string;
  fields: FieldsOf<E>;
}

/** The engines' side: check a folder (in their workers), and run what is registered. */
export interface CustomModelEngines {
  /** Each kind's check, in its engine's worker. */
  validate: Validators;
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

  /** The registered models of one kind. */
  of<E extends OwnModelEngine>(engine: E): StoredOf<E>[] {
    return ofKind(this.models, engine);
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
      this.added = ownModelName(model);
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
    const input = { url, takenIds, fields: r.fields, ...(name ? { name } : {}) };
    return buildOwnModel(r.engine, input, this.#engines.validate);
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
