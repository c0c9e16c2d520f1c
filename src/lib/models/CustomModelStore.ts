// Your registered fine-tunes (WebLLM and ONNX) in IndexedDB: list oldest first, add (refusing a
// name already kept), remove. Through runTransaction, like the conversations' store.
import { RagtuneError } from '../errors';
import { openRagtuneDatabase, type RagtuneDatabase } from '../store/database';
import {
  STORES,
  type StoreName,
  type StoredCustomModel,
  type StoredWebllmModel,
} from '../store/schema';
import { quiet } from '../store/storeHelpers';
import { announcing } from '../sync/tabSync';
import { runTransaction, type Tx } from '../store/transaction';

const { customModels } = STORES;
type CustomTx<M extends IDBTransactionMode> = Tx<typeof customModels, M>;

export async function openCustomModelStore(name?: string): Promise<CustomModelStore> {
  return new CustomModelStore(await openRagtuneDatabase(name, 'open your registered models'));
}

/** Records written before the engine tag existed are WebLLM ones (the only kind there was). */
function withEngine(record: StoredCustomModel): StoredCustomModel {
  const kept = record as StoredCustomModel | Omit<StoredWebllmModel, 'engine'>;
  return 'engine' in kept ? kept : { ...kept, engine: 'webllm' };
}

export class CustomModelStore {
  readonly #db: RagtuneDatabase;

  constructor(db: RagtuneDatabase) {
    this.#db = db;
  }

  /** Every registered model, in the order they were added. */
  async list(): Promise<StoredCustomModel[]> {
    const all = await this.#run('readonly', 'read your registered models', (tx) =>
      tx.objectStore(customModels).getAll(),
    );
    return all.map(withEngine).sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
  }

  /** Keeps a model; one with the same id is refused, never overwritten. */
  async add(model: StoredCustomModel): Promise<void> {
    await this.#run('readwrite', 'save your model', async (tx) => {
      const store = tx.objectStore(customModels);
      if ((await store.getKey(model.id)) !== undefined) {
        throw new RagtuneError(
          'invalid-model',
          `A model named “${model.id}” is already registered: choose another name, or remove it first.`,
        );
      }
      quiet(store.add(model));
    });
  }

  /** Forgets a model; an unknown id is ignored. Its downloaded weights stay in the browser cache. */
  async remove(id: string): Promise<void> {
    await this.#run('readwrite', 'remove your model', (tx) => {
      quiet(tx.objectStore(customModels).delete(id));
    });
  }

  close(): void {
    this.#db.close();
  }

  #run<M extends IDBTransactionMode, T>(
    mode: M,
    what: string,
    work: (tx: CustomTx<M>) => T | Promise<T>,
  ): Promise<T> {
    const stores: (StoreName & typeof customModels)[] = [customModels];
    const transaction = runTransaction(this.#db, stores, mode, what, work);
    return announcing(this.#db.name, 'custom-models-changed', mode, transaction);
  }
}
