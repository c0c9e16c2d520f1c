// What identifies a model beyond its id, for exports and experiment files, per engine (a Record: a
// new engine does not compile until it says what names its models): WebLLM's record (weights,
// compiled library, quantisation), transformers.js's host, a server's address and model name.
import { engineModelId, type EngineName } from './engines';
import type { Catalog } from './webllm/catalog';

export type EngineModelFacts = Record<string, string | number | boolean | null>;

/** What the facts are read from: the page's state, given by ModelsState. */
export interface FactSources {
  /** WebLLM's catalogue as last read, if read. */
  webllmCatalog: Catalog | undefined;
  /** Where transformers.js fetches models. */
  transformersHost: string | undefined;
  /** The address of the server added under this id, if still added. */
  serverUrl(serverId: string): string | undefined;
}

export const ENGINE_MODEL_FACTS: Record<
  EngineName,
  (id: string, sources: FactSources) => EngineModelFacts
> = {
  endpoint: (id, sources) => ({
    // The server's address and the model's name: never the key.
    engine: 'OpenAI-compatible endpoint',
    endpoint: sources.serverUrl(id.split('/')[0] ?? '') ?? 'no longer added',
    model: engineModelId({ engine: 'endpoint', id }),
  }),
  transformers: (_id, sources) => ({
    engine: 'transformers.js',
    host: sources.transformersHost ?? 'https://huggingface.co/',
  }),
  webllm: (id, sources): EngineModelFacts => {
    const entry = sources.webllmCatalog?.entries.find((e) => e.id === id || e.f32Twin?.id === id);
    const facts = entry?.f32Twin?.id === id ? entry.f32Twin : entry;
    if (!entry || !facts) return { engine: 'WebLLM', record: 'not in the loaded menu' };
    return {
      engine: 'WebLLM',
      modelUrl: facts.modelUrl,
      modelLib: facts.modelLib,
      quantization: facts.quantization,
      vramMB: facts.vramMB,
      contextWindow: facts.contextWindow,
      family: entry.family,
      base: entry.baseId,
    };
  },
};
