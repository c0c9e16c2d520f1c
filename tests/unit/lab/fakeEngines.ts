// Stand-in EngineClients for the engine pool's and the lab state's tests: a createEngine that records every engine it
// makes and every load, unload, cancel and terminate, in one log. Loads finish at once, or wait
// until the test settles them (to time a swap or cancel it), and can fail; like the real clients,
// cancelLoad and terminate reject a load under way with 'cancelled'.
import { cancelledError } from '../../../src/lib/errors';
import type {
  GenerateRequest,
  GenerationResult,
  LoadProgress,
  TokenCallback,
} from '../../../src/lib/generate/Generator';
import type {
  EngineClient,
  EngineName,
  LoadedGenerator,
} from '../../../src/lib/generate/generatorClient';

export interface FakeEngine extends EngineClient {
  /** 1, 2, 3… in the order createEngine made them. */
  readonly n: number;
  terminated: boolean;
}

export interface FakeEngineOptions {
  /** Loads wait for settle(); otherwise they finish at once. */
  manual?: boolean;
  /** Makes a load fail: the error it rejects with, or undefined to succeed. */
  failLoad?: (id: string, attempt: number) => unknown;
  /** Makes unload fail (the pool must end the worker anyway). */
  failUnload?: boolean;
  /** The engine's id of what it loaded (WebLLM may load a twin); the requested id by default. */
  loadedAs?: (id: string) => string;
  /** How an engine answers, given the id it loaded; by default it refuses. */
  generate?: (
    loadedId: string,
    request: GenerateRequest,
    onToken: TokenCallback,
    signal?: AbortSignal,
  ) => Promise<GenerationResult>;
}

interface PendingLoad {
  engine: FakeEngine;
  id: string;
  resolve: (info: LoadedGenerator) => void;
  reject: (error: unknown) => void;
}

export const PROGRESS: LoadProgress = { fraction: 0.5, text: 'Half way', phase: 'download' };

export function fakeEngines(options: FakeEngineOptions = {}) {
  const log: string[] = [];
  const engines: FakeEngine[] = [];
  const pending: PendingLoad[] = [];
  const attempts = new Map<string, number>();

  const info = (engine: EngineName, id: string): LoadedGenerator => ({
    engine,
    requestedId: id,
    modelId: options.loadedAs?.(id) ?? id,
    contextWindow: 2048,
    countTokens: (text) => text.split(/\s+/).filter(Boolean).length,
    warnings: [],
  });

  const endLoad = (engine: FakeEngine) => {
    for (const load of pending.filter((p) => p.engine === engine)) {
      pending.splice(pending.indexOf(load), 1);
      load.reject(cancelledError());
    }
  };

  function createEngine(name: EngineName): FakeEngine {
    const n = engines.length + 1;
    let loadedId: string | undefined;
    log.push(`create ${name} #${n}`);
    const engine: FakeEngine = {
      n,
      engine: name,
      terminated: false,
      load(id, onProgress) {
        log.push(`load #${n} ${id}`);
        const attempt = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, attempt);
        onProgress(PROGRESS);
        const failure = options.failLoad?.(id, attempt);
        if (failure !== undefined) return Promise.reject(failure);
        const loaded = (result: LoadedGenerator) => {
          loadedId = result.modelId;
          return result;
        };
        if (!options.manual) return Promise.resolve(loaded(info(name, id)));
        return new Promise<LoadedGenerator>((resolve, reject) =>
          pending.push({ engine, id, resolve, reject }),
        ).then(loaded);
      },
      cancelLoad() {
        log.push(`cancelLoad #${n}`);
        endLoad(engine);
      },
      generate(request, onToken, signal) {
        log.push(`generate #${n}`);
        if (!options.generate || loadedId === undefined) {
          return Promise.reject(new Error('This engine does not answer.'));
        }
        return options.generate(loadedId, request, onToken, signal);
      },
      async unload() {
        log.push(`unload #${n}`);
        if (options.failUnload) throw new Error('The worker did not answer.');
      },
      terminate() {
        log.push(`terminate #${n}`);
        engine.terminated = true;
        endLoad(engine);
      },
    };
    engines.push(engine);
    return engine;
  }

  /** Finishes the load of `id` under way (or fails it with `error`). */
  function settle(id: string, error?: unknown): void {
    const load = pending.find((p) => p.id === id);
    if (!load) throw new Error(`No load of ${id} is under way.`);
    pending.splice(pending.indexOf(load), 1);
    if (error === undefined) load.resolve(info(load.engine.engine, id));
    else load.reject(error);
  }

  return {
    createEngine,
    engines,
    log,
    settle,
    /** Ids whose loads are under way. */
    get loading(): string[] {
      return pending.map((p) => p.id);
    },
  };
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
