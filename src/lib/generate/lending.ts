// The chat lends its loaded model to the lab when the lab asks for the same one, for every engine
// whose loads each make their own GPU device (ENGINES[e].devicePerLoad: WebLLM): a second copy
// would double that model's memory. A plain class ModelsState owns: what it needs of the chat (its
// loaded models, its engine of each kind) comes in as deps, and when beforeChatLoad says the
// chat's engine is lent, ModelsState loads in a new one and calls renewed.
import { ENGINE_NAMES, ENGINES, type EngineName } from './engines';
import type { EngineClient, LoadedGenerator } from './generatorClient';
import type { ModelChoice } from './modelMenu';

/** The engines that lend the chat's loaded model to the lab. */
export const LENDING_ENGINES: readonly EngineName[] = ENGINE_NAMES.filter(
  (e) => ENGINES[e].devicePerLoad,
);

export const lends = (engine: EngineName): boolean => ENGINES[engine].devicePerLoad;

/** The chat's model, used by the lab until released. */
export interface Lease {
  ready: { client: EngineClient; info: LoadedGenerator };
  release(): void;
}

export interface LendingDeps {
  /** The chat's loaded model of each engine, now. */
  loaded(): Partial<Record<EngineName, LoadedGenerator>>;
  /** The chat's engine of this kind, now. */
  client(engine: EngineName): EngineClient;
}

export class Lending {
  readonly #deps: LendingDeps;
  /** Lab runs using the chat's engine of each kind now. */
  #lent: Partial<Record<EngineName, number>> = {};
  /** Called before the chat loads a model of a lending engine: the lab frees its idle copy first. */
  beforeLoad: ((model: ModelChoice) => Promise<void>) | undefined;

  constructor(deps: LendingDeps) {
    this.#deps = deps;
  }

  /**
   * The chat's model, lent to the lab when it is the one asked for. If the chat moves to another
   * model while lent, it gets a new engine (see beforeChatLoad) and the lab keeps (and in the end
   * frees) this one.
   */
  lend(model: ModelChoice): Lease | undefined {
    const { engine } = model;
    const info = this.#deps.loaded()[engine];
    if (!lends(engine) || info?.requestedId !== model.id) return undefined;
    const client = this.#deps.client(engine);
    this.#lent[engine] = (this.#lent[engine] ?? 0) + 1;
    let released = false;
    return {
      ready: { client, info },
      release: () => {
        if (released) return;
        released = true;
        if (this.#deps.client(engine) === client)
          this.#lent[engine] = (this.#lent[engine] ?? 1) - 1;
        else client.terminate(); // the chat moved on: this engine is the lab's alone
      },
    };
  }

  /** The chat's models the lab would borrow rather than load: its memory plan must count them. */
  get resident(): ModelChoice[] {
    const loaded = this.#deps.loaded();
    return LENDING_ENGINES.flatMap((engine) => {
      const info = loaded[engine];
      return info ? [{ engine, id: info.requestedId }] : [];
    });
  }

  /**
   * Before the chat loads `model`: the lab frees its idle copy of it first. True when the chat's
   * engine of this kind is lent now, so the chat must load in a new one (then call renewed).
   */
  async beforeChatLoad(model: ModelChoice): Promise<boolean> {
    if (!lends(model.engine)) return false;
    await this.beforeLoad?.(model);
    return (this.#lent[model.engine] ?? 0) > 0;
  }

  /** The chat has a new engine of this kind: nothing of it is lent. */
  renewed(engine: EngineName): void {
    this.#lent[engine] = 0;
  }
}
