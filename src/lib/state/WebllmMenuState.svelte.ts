// WebLLM's menu: its catalogue read in its worker (lazily, once; again when your models change),
// every model checked against this browser (WebGPU, memory) and the state of that read. Kept apart
// from ModelsState, which owns the worker (it is made anew when the chat's engine is lent).
import { toRagtuneError } from '../errors';
import type { WebllmHost } from '../generate/generatorClient';
import {
  webllmBaseOptions,
  webllmMenu,
  type BaseOptionGroup,
  type MenuFamily,
} from '../generate/modelMenu';
import type { Catalog } from '../generate/webllm/catalog';
import type { Availability } from '../generate/webllm/hostApi';
import { MENU_READY, type MenuStatus } from '../models/pickerSections';

export class WebllmMenuState {
  catalog = $state.raw<Catalog | undefined>(undefined);
  families = $state.raw<MenuFamily[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<string | undefined>(undefined);
  /** Each model's check in this browser, by id. */
  availability = $state.raw<Record<string, Availability>>({});
  /** The catalogue last read (before its checks end): what names a model in exports. */
  lastRead: Catalog | undefined;
  readonly #host: () => WebllmHost;
  #run = 0;

  constructor(host: () => WebllmHost) {
    this.#host = host;
  }

  /** The picker's status of this menu. */
  get menuStatus(): MenuStatus {
    if (this.status === 'ready') return MENU_READY;
    if (this.status === 'error') return { state: 'error', error: this.error ?? '' };
    return { state: 'loading', text: 'Reading WebLLM’s model list and checking this browser…' };
  }

  /** WebLLM bases your own model can be registered on (both quantisations), by family. */
  get bases(): BaseOptionGroup[] {
    return this.catalog ? webllmBaseOptions(this.catalog) : [];
  }

  /** Loads the menu and checks every model against this browser; once, lazily. */
  async load(): Promise<void> {
    if (this.status === 'loading' || this.status === 'ready') return;
    await this.read();
  }

  /** Reads the menu again (after your models changed); the newest read wins. */
  async read(): Promise<void> {
    const run = ++this.#run;
    if (this.status !== 'ready') this.status = 'loading';
    try {
      const host = this.#host();
      const catalog = await host.catalog();
      this.lastRead = catalog;
      const ids = webllmMenu(catalog).flatMap((f) => f.models.map((m) => m.id));
      const checks = await host.check(ids);
      if (run !== this.#run) return;
      this.availability = Object.fromEntries(checks.map((a) => [a.id, a]));
      this.catalog = catalog;
      this.families = webllmMenu(catalog, Object.fromEntries(checks.map((a) => [a.id, a.loadId])));
      this.status = 'ready';
    } catch (error) {
      if (run !== this.#run) return;
      this.error = toRagtuneError(error, 'model-unavailable').message;
      this.status = 'error';
    }
  }

  /** The worker that held the menu was ended (a cancelled load): what it said stays true. */
  workerEnded(): void {
    this.status = this.families.length > 0 ? 'ready' : 'idle';
  }
}
