// Asks before the chat's first question downloads a large model: the chosen model, when it is
// neither loaded nor cached and its card names more than ASK_ABOVE_MB, waits for a yes. A model
// named by the page address or registered by the person (no size known) is theirs already.
import { generatorFromUrl } from '../../library/settings';
import { cachedModelIds } from '../../models/cachedIds';
import { ASK_ABOVE_MB, downloadsToAsk, type DownloadAsk } from '../../start/consent';
import type { AppState } from '../../state/context';

export class DownloadConsent {
  /** The downloads waiting for a yes (the consent panel shows them), else undefined. */
  asks = $state<DownloadAsk[] | undefined>(undefined);
  /** Models the person said yes to (not state: nothing is drawn from it). */
  #agreed: string[] = [];
  #app: Pick<AppState, 'models' | 'library'>;

  constructor(app: Pick<AppState, 'models' | 'library'>) {
    this.#app = app;
  }

  /** True when the question may go now; else the asks are shown and it waits for confirm(). */
  async clear(): Promise<boolean> {
    const { models, library } = this.#app;
    if (models.ready || this.#agreed.includes(models.selected.id)) return true;
    const m = models.selectedModel;
    const { id } = models.selected;
    const loaded = Object.values(models.loaded).map((l) => l.requestedId);
    const hosts = [library.settings?.modelHost, generatorFromUrl(location.search).host];
    const cached = await cachedModelIds(hosts).catch(() => []);
    const wanted = [{ id, name: m?.name ?? id, download: m?.facts.download }];
    const asks = downloadsToAsk(wanted, loaded, cached, ASK_ABOVE_MB);
    this.asks = asks.length ? asks : undefined;
    return asks.length === 0;
  }

  confirm(): void {
    for (const ask of this.asks ?? []) this.#agreed.push(ask.id);
    this.asks = undefined;
  }

  cancel(): void {
    this.asks = undefined;
  }
}
