// The OpenAI-compatible engine behind the page's engine contract: no worker (the page only sends
// requests and reads a stream), one EndpointGenerator per load, the server's tokenizer for the
// prompt budget when it has one (vLLM's /tokenize), else the estimate, said as a warning.
import { RagtuneError, cancelledError } from '../../errors';
import { estimateTokens } from '../Generator';
import type { EngineClient, LoadedGenerator } from '../generatorClient';
import { EndpointGenerator } from './endpointGenerator';
import { splitEndpointModelId } from './modelIds';
import type { Endpoint } from './types';

/** Used when the server does not say (vLLM does, as max_model_len). */
const DEFAULT_CONTEXT = 4096;

/** `find` gives the endpoint an id names (the list the person keeps, read at each load). */
export function createEndpointEngine(find: (id: string) => Endpoint | undefined): EngineClient {
  let generator: EndpointGenerator | undefined;
  let loading: AbortController | undefined;
  return {
    engine: 'endpoint',
    async load(id, onProgress): Promise<LoadedGenerator> {
      const parts = splitEndpointModelId(id);
      const endpoint = parts && find(parts.endpointId);
      if (!parts || !endpoint) {
        throw new RagtuneError(
          'model-unavailable',
          `“${id}” names no server you added: add it under the model picker's “Your servers”.`,
        );
      }
      loading?.abort();
      const controller = (loading = new AbortController());
      const next = new EndpointGenerator(endpoint);
      const cancelled = new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () => reject(cancelledError()), {
          once: true,
        }),
      );
      await Promise.race([next.load(parts.modelId, onProgress), cancelled]);
      generator = next;
      const server = next.hasServerTokenizer === true;
      return {
        engine: 'endpoint',
        requestedId: id,
        modelId: parts.modelId,
        contextWindow: next.loaded?.contextLength ?? DEFAULT_CONTEXT,
        countTokens: server
          ? async (text) => (await next.countServerTokens(text)) ?? estimateTokens(text)
          : estimateTokens,
        warnings: [
          ...(server
            ? []
            : [
                'This server cannot count tokens for ragtune: prompt sizes are estimates (about 3.5 characters a token).',
              ]),
          ...(next.loaded?.contextLength
            ? []
            : [
                `The server does not say its context length: ${DEFAULT_CONTEXT.toLocaleString('en')} tokens assumed.`,
              ]),
        ],
      };
    },
    cancelLoad: () => loading?.abort(),
    async generate(request, onToken, signal) {
      if (!generator) {
        throw new RagtuneError('generation-failed', 'No server model is loaded: pick one first.');
      }
      return generator.generate(request, onToken, signal);
    },
    async unload() {
      await generator?.unload();
      generator = undefined;
    },
    terminate() {
      loading?.abort();
      generator = undefined;
    },
  };
}
