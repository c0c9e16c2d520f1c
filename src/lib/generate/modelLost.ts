// Notices a model the engine lost by itself (WebLLM unloads after a GPU reset): the holder drops its
// "loaded" mark, so the next question loads the model again (from the cache) instead of failing.
import { RagtuneError } from '../errors';
import type { EngineClient } from './generatorClient';

export const isModelLost = (error: unknown): boolean =>
  error instanceof RagtuneError && error.code === 'model-lost';

const inner = new WeakMap<EngineClient, EngineClient>();

/** The client a watched one wraps (itself when it wraps none): which worker answers. */
export const unwatched = (client: EngineClient): EngineClient => inner.get(client) ?? client;

/** Runs one generation when its turn comes (the lab's one-at-a-time queue); default at once. */
export type Turn = <T>(generation: () => Promise<T>) => Promise<T>;

/** `client`, calling `onLost` when a generation rejects with 'model-lost'. */
export function watchModelLost(
  client: EngineClient,
  onLost: () => void,
  turn: Turn = (generation) => generation(),
): EngineClient {
  const watched: EngineClient = {
    engine: client.engine,
    load: (id, onProgress) => client.load(id, onProgress),
    cancelLoad: () => client.cancelLoad(),
    async generate(request, onToken, signal) {
      try {
        return await turn(() => client.generate(request, onToken, signal));
      } catch (error) {
        if (isModelLost(error)) onLost();
        throw error;
      }
    },
    unload: () => client.unload(),
    terminate: () => client.terminate(),
  };
  inner.set(watched, client);
  return watched;
}
