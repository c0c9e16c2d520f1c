// Asks before a question downloads a large model (the chat's chosen model, or the lab's arms): a
// model neither loaded nor cached whose card names more than ASK_ABOVE_MB waits for a yes. A model
// named by the page address or registered by the person (no size known) is theirs already.
import { cachedModelIds } from '../models/cachedIds';
import { ASK_ABOVE_MB, downloadsToAsk, type DownloadAsk } from '../start/consent';
import type { ArmModel } from '../lab/types';
import type { AppState } from './context';

export interface WantedModel {
  id: string;
  name: string;
  download?: string | undefined;
}

/** The lab's models as a consent names them: its card's download size, when the menu knows it. */
export function wantedModels(
  lab: AppState['lab'],
  models: readonly Pick<ArmModel, 'engine' | 'id' | 'name'>[],
): WantedModel[] {
  return models.map((m) => ({
    id: m.id,
    name: m.name ?? m.id,
    download: lab.menuModel(m)?.facts.download,
  }));
}

export class DownloadConsent {
  /** The downloads waiting for a yes (the consent panel shows them), else undefined. */
  asks = $state<DownloadAsk[] | undefined>(undefined);
  /** Models the person said yes to (not state: nothing is drawn from it). */
  #agreed: string[] = [];
  #app: Pick<AppState, 'models' | 'library'>;
  #wanted: () => WantedModel[];

  /** `wanted`: the models the next question needs (default: the chat's chosen model). */
  constructor(app: Pick<AppState, 'models' | 'library'>, wanted?: () => WantedModel[]) {
    this.#app = app;
    this.#wanted =
      wanted ??
      (() => {
        const m = app.models.selectedModel;
        const { id } = app.models.selected;
        return app.models.ready ? [] : [{ id, name: m?.name ?? id, download: m?.facts.download }];
      });
  }

  /** Models that may need a yes: large by their card, not loaded, not agreed to (no await). */
  #candidates(): WantedModel[] {
    const loaded = Object.values(this.#app.models.loaded).map((l) => l.requestedId);
    return downloadsToAsk(this.#wanted(), loaded, [], ASK_ABOVE_MB).filter(
      (ask) => !this.#agreed.includes(ask.id),
    );
  }

  /** Nothing large to fetch: the question goes at once, in the same task as the click. */
  get clearNow(): boolean {
    return this.#candidates().length === 0;
  }

  /** True when the question may go now; else the asks are shown and it waits for confirm(). */
  async clear(): Promise<boolean> {
    const candidates = this.#candidates();
    if (candidates.length === 0) return true;
    const cached = await cachedModelIds(this.#app.library.settings?.modelHost).catch(() => []);
    const wanted = this.#wanted().filter((w) => candidates.some((c) => c.id === w.id));
    const asks = downloadsToAsk(wanted, [], cached, ASK_ABOVE_MB);
    this.asks = asks.length ? asks : undefined;
    return asks.length === 0;
  }

  /** What guard() holds back until confirm() (not state: nothing is drawn from it). */
  #pending: (() => void) | undefined;

  /** Runs `action` now when nothing large is fetched, else after the person's yes (confirm). */
  guard(action: () => void): void {
    if (this.clearNow) return action();
    this.#pending = action;
    void this.clear().then((ok) => {
      if (!ok) return;
      this.#pending = undefined;
      action();
    });
  }

  confirm(): void {
    for (const ask of this.asks ?? []) this.#agreed.push(ask.id);
    this.asks = undefined;
    const action = this.#pending;
    this.#pending = undefined;
    action?.();
  }

  cancel(): void {
    this.asks = undefined;
    this.#pending = undefined;
  }
}
