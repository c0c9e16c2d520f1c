// What the transformers.js generator worker serves: a TransformersGenerator behind a Comlink
// contract, where stop() stands in for the AbortSignal that cannot cross the worker boundary.
import type {
  ChatMessage,
  GenerateRequest,
  GenerationResult,
  LoadProgressCallback,
  TokenCallback,
} from '../Generator';
import {
  TransformersGenerator,
  type LoadedModel,
  type TransformersGeneratorOptions,
} from './transformersGenerator';

export interface TransformersWorkerApi {
  /** Host, device and dtype for the next load(); unloads the current model. */
  configure(options: TransformersGeneratorOptions): Promise<void>;
  load(modelId: string, onProgress: LoadProgressCallback): Promise<LoadedModel>;
  generate(request: GenerateRequest, onToken: TokenCallback): Promise<GenerationResult>;
  /** Ends the running generation: it resolves with its text so far and `stopped: true`. */
  stop(): void;
  countTokens(text: string): Promise<number>;
  applyChatTemplate(messages: ChatMessage[]): Promise<string>;
  unload(): Promise<void>;
}

export function createTransformersWorkerApi(
  options: TransformersGeneratorOptions = {},
): TransformersWorkerApi {
  let generator = new TransformersGenerator(options);
  let running: AbortController | undefined;
  return {
    async configure(next) {
      await generator.unload();
      generator = new TransformersGenerator(next);
    },
    async load(modelId, onProgress) {
      await generator.load(modelId, onProgress);
      return generator.loaded!;
    },
    async generate(request, onToken) {
      const controller = new AbortController();
      running = controller;
      try {
        return await generator.generate(request, onToken, controller.signal);
      } finally {
        if (running === controller) running = undefined;
      }
    },
    stop: () => running?.abort(),
    countTokens: (text) => generator.countTokens(text),
    applyChatTemplate: (messages) => generator.applyChatTemplate(messages),
    unload: () => generator.unload(),
  };
}
