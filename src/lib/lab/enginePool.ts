// The lab's models: one engine (its own worker) per model, so models that fit together stay loaded
// side by side (answering one at a time), and the chat's model borrowed rather than loaded twice. Loads are timed as swaps;
// models a later wave does not need are unloaded first. Models on the person's servers use no
// device here: their answers take their own turns, up to the server concurrency setting at once.
import { toRagtuneError, type ErrorCode } from '../errors';
import type { LoadProgress } from '../generate/Generator';
import type { EngineClient, EngineName, LoadedGenerator } from '../generate/generatorClient';
import { ENGINES } from '../generate/engines';
import { watchModelLost, type Turn } from '../generate/modelLost';
import { createLimiter } from './limit';
import { modelKey, type ArmModel, type ModelSwap } from './types';

export interface ReadyModel {
  client: EngineClient;
  info: LoadedGenerator;
}

export interface PoolDeps {
  /** A fresh engine of this kind (a new worker). */
  createEngine(engine: EngineName): EngineClient;
  /**
   * The model already loaded elsewhere (the chat's), lent to the pool: no second copy is loaded.
   * The pool calls release() instead of unloading it.
   */
  borrow?(model: ArmModel): { ready: ReadyModel; release(): void } | undefined;
  /** Why this model cannot run here (no WebGPU…), or undefined when it may. */
  unavailable?(model: ArmModel): { code: ErrorCode; reason: string } | undefined;
  /** Answers from the person's servers at once (default 1: each one's times alone). */
  serverConcurrency?: () => number;
  now?: () => number;
}

interface Slot {
  client: EngineClient;
  ready?: Promise<ReadyModel>;
  loaded?: boolean;
  /** A borrowed model: given back, never unloaded or ended by the pool. */
  release?: () => void;
}

export class EnginePool {
  readonly #deps: PoolDeps;
  readonly #slots = new Map<string, Slot>();
  /** The last generation queued: models of a wave stay loaded together but answer in turn. */
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * Models answering at once time-slice one GPU (or the CPU), which skews each one's tokens/s
   * and time to first token: generations run one at a time, in the order they are asked for.
   */
  readonly #turn: Turn = (generation) => {
    this.#generating += 1;
    const run = this.#queue.then(generation).finally(() => (this.#generating -= 1));
    this.#queue = run.catch(() => undefined);
    return run;
  };
  /** Generations running or waiting their turn: no model is freed under them. */
  #generating = 0;
  /**
   * A server's model takes no share of this device: its answers do not wait for local ones, and
   * up to `serverConcurrency` of them run at once (they share the servers, so past 1 their times
   * overlap; the plan says so).
   */
  readonly #serverTurn: Turn;

  constructor(deps: PoolDeps) {
    this.#deps = deps;
    const limited = createLimiter(() => deps.serverConcurrency?.() ?? 1);
    this.#serverTurn = (generation) => {
      this.#generating += 1;
      return limited(generation).finally(() => (this.#generating -= 1));
    };
  }

  /** The turn a model's generations take: the device's queue, or the servers' limit. */
  #turnFor(model: ArmModel): Turn {
    return ENGINES[model.engine].localMemory ? this.#turn : this.#serverTurn;
  }

  /** Keys of the models loaded (or loading) now. */
  get loadedKeys(): string[] {
    return [...this.#slots.keys()];
  }

  /**
   * The model, loaded: from this pool when it is there already (a swap of 0 ms, `reused`), else
   * loaded in its own engine and timed. Rejects with the load's RagtuneError.
   */
  async acquire(
    model: ArmModel,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<{ ready: ReadyModel; swap: ModelSwap }> {
    const key = modelKey(model);
    const now = this.#deps.now ?? (() => performance.now());
    const existing = this.#slots.get(key);
    if (existing?.ready) {
      const ready = await existing.ready;
      return { ready, swap: { modelKey: key, ms: 0, reused: true } };
    }
    const lent = this.#deps.borrow?.(model);
    if (lent) {
      const slot: Slot = { client: lent.ready.client, loaded: true, release: lent.release };
      const watched = watchModelLost(
        lent.ready.client,
        () => this.#drop(key, slot),
        this.#turnFor(model),
      );
      slot.ready = Promise.resolve({ client: watched, info: lent.ready.info });
      this.#slots.set(key, slot);
      return { ready: await slot.ready, swap: { modelKey: key, ms: 0, reused: true } };
    }
    const why = this.#deps.unavailable?.(model);
    if (why) throw toRagtuneError(why.reason, why.code);
    const client = this.#deps.createEngine(model.engine);
    const started = now();
    const slot: Slot = { client };
    // A model the engine lost (a GPU reset) leaves the pool: the next acquire loads it afresh.
    const watched = watchModelLost(client, () => this.#drop(key, slot), this.#turnFor(model));
    slot.ready = client.load(model.id, onProgress).then((info) => {
      slot.loaded = true;
      return { client: watched, info };
    });
    this.#slots.set(key, slot);
    try {
      const ready = await slot.ready;
      return { ready, swap: { modelKey: key, ms: Math.round(now() - started) } };
    } catch (error) {
      // cancelLoads or releaseExcept may have dropped this slot and a new load taken the key.
      if (this.#slots.get(key) === slot) this.#slots.delete(key);
      client.terminate();
      throw toRagtuneError(error, 'model-unavailable');
    }
  }

  #drop(key: string, slot: Slot): void {
    if (this.#slots.get(key) !== slot) return;
    this.#slots.delete(key);
    this.#end(slot);
  }

  /** Ends a slot's engine, or gives a borrowed one back. */
  #end(slot: Slot): void {
    if (slot.release) slot.release();
    else slot.client.terminate();
  }

  /** Frees one model the pool holds idle (before the chat loads its own copy). */
  async release(key: string): Promise<void> {
    if (this.#generating > 0 || !this.#slots.get(key)?.loaded) return;
    await this.releaseExcept(this.loadedKeys.filter((k) => k !== key));
  }

  /** Unloads and ends every model not in `keep` (before a wave that needs the room). */
  async releaseExcept(keep: readonly string[]): Promise<void> {
    const gone = [...this.#slots.entries()].filter(([key]) => !keep.includes(key));
    for (const [key, slot] of gone) {
      this.#slots.delete(key);
      if (slot.release) {
        slot.release();
        continue;
      }
      try {
        await slot.client.unload();
      } catch {
        // Ending the worker below frees it anyway.
      }
      slot.client.terminate();
    }
  }

  /** Ends loads under way (their acquire rejects with 'cancelled'); loaded models stay. */
  cancelLoads(): void {
    for (const [key, slot] of this.#slots) {
      if (slot.loaded) continue;
      void slot.ready?.catch(() => undefined);
      slot.client.cancelLoad();
      this.#slots.delete(key);
    }
  }

  dispose(): void {
    for (const slot of this.#slots.values()) this.#end(slot);
    this.#slots.clear();
  }
}
