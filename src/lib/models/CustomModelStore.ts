// Your registered fine-tunes (WebLLM and ONNX) in IndexedDB: list oldest first, add (refusing a
// name already kept), remove. Through the record-store helper (store/recordStore), like the other page stores.
import { RagtuneError } from '../errors';
import { STORES, type StoredCustomModel, type StoredWebllmModel } from '../store/schema';
import { openRecordStore, type RecordStore } from '../store/recordStore';
import { quiet } from '../store/transaction';

const { customModels } = STORES;

export async function openCustomModelStore(name?: string): Promise<CustomModelStore> {
  return new CustomModelStore(
    await openRecordStore(
      [customModels],
      'custom-models-changed',
      'open your registered models',
      name,
    ),
  );
}

/** Records written before the engine tag existed are WebLLM ones (the only kind there was). */
function withEngine(record: StoredCustomModel): StoredCustomModel {
  const kept = record as StoredCustomModel | Omit<StoredWebllmModel, 'engine'>;
  return 'engine' in kept ? kept : { ...kept, engine: 'webllm' };
}

export class CustomModelStore {
  readonly #records: RecordStore<typeof customModels>;

  constructor(records: RecordStore<typeof customModels>) {
    this.#records = records;
  }

  /** Every registered model, in the order they were added. */
  async list(): Promise<StoredCustomModel[]> {
    const all = await this.#records.run('readonly', 'read your registered models', (tx) =>
      tx.objectStore(customModels).getAll(),
    );
    return all.map(withEngine).sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
  }

  /** Keeps a model; one with the same id is refused, never overwritten. */
  async add(model: StoredCustomModel): Promise<void> {
    await this.#records.run('readwrite', 'save your model', async (tx) => {
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
    await this.#records.run('readwrite', 'remove your model', (tx) => {
      quiet(tx.objectStore(customModels).delete(id));
    });
  }

  close(): void {
    this.#records.close();
  }
}
