// The downloaded-models list in Settings: reads and deletes the browser's model caches.
import { deleteCachedModel, listCachedModels, type CachedModel } from '../models/modelCache';
import { isPersistent } from '../models/persistStorage';
import { toRagtuneError } from '../errors';

export class ModelCacheState {
  models = $state.raw<CachedModel[]>([]);
  loading = $state(false);
  error = $state<string | undefined>(undefined);
  /** Persistent storage: the browser does not evict these models; undefined when it cannot say. */
  persistent = $state<boolean | undefined>(undefined);
  #hosts: () => string[];

  constructor(hosts: () => string[]) {
    this.#hosts = hosts;
  }

  get totalBytes(): number {
    return this.models.reduce((n, m) => n + m.bytes, 0);
  }

  async refresh(): Promise<void> {
    if (!globalThis.caches) {
      this.error =
        'This browser gives no access to its cache, so downloaded models cannot be listed.';
      return;
    }
    this.loading = true;
    this.persistent = await isPersistent();
    try {
      this.models = await listCachedModels(caches, this.#hosts());
      this.error = undefined;
    } catch (error) {
      this.error = toRagtuneError(error).message;
    } finally {
      this.loading = false;
    }
  }

  async remove(id?: string): Promise<void> {
    await deleteCachedModel(caches, id, this.#hosts());
    await this.refresh();
  }
}
