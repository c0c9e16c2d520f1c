// What the transformers.js generator worker serves: a TransformersGenerator behind a Comlink
// contract, where stop(id) stands in for the AbortSignal that cannot cross the worker boundary
// (rpc/stopBridge.ts).
import type {
  ChatMessage,
  GenerateRequest,
  GenerationResult,
  LoadProgressCallback,
  TokenCallback,
} from '../Generator';
import { fetchWithTimeout } from '../folderFetch';
import { causalLmModelTypes } from '../../ml/transformers';
import { createStopSwitch } from '../../rpc/stopBridge';
import { TRANSFORMERS_FAMILIES } from './catalog';
import { validateOnnxModel, type OnnxCustomModel } from './customModels';
import {
  TransformersGenerator,
  type LoadedModel,
  type OnnxModelSource,
  type TransformersGeneratorOptions,
} from './transformersGenerator';

/** What the page asks to register: checked in the worker, where transformers.js says what it runs. */
export interface OnnxRegistration {
  url: string;
  name?: string;
  takenIds: string[];
}

export interface TransformersWorkerApi {
  /** Host, device and dtype for the next load(); unloads the current model. */
  configure(options: TransformersGeneratorOptions): Promise<void>;
  load(modelId: string, onProgress: LoadProgressCallback): Promise<LoadedModel>;
  /** `id` names the generation for stop(). */
  generate(
    request: GenerateRequest,
    onToken: TokenCallback,
    id?: number,
  ): Promise<GenerationResult>;
  /** Ends generation `id` (default: every one): it resolves with its text so far, `stopped: true`. */
  stop(id?: number): void;
  countTokens(text: string): Promise<number>;
  applyChatTemplate(messages: ChatMessage[]): Promise<string>;
  unload(): Promise<void>;
  /** Your own models, loaded by their ids from their own hosts; kept across configure() unless
   * it names others. */
  setCustomModels(models: OnnxModelSource[]): void;
  /** Checks a folder by URL (config, tokenizer, weights) and describes it; throws what to fix. */
  validateCustomModel(registration: OnnxRegistration): Promise<OnnxCustomModel>;
}

export function createTransformersWorkerApi(
  options: TransformersGeneratorOptions = {},
): TransformersWorkerApi {
  let custom: readonly OnnxModelSource[] = options.customModels ?? [];
  let generator = new TransformersGenerator({ ...options, customModels: custom });
  const stops = createStopSwitch();
  let anonymous = 0;
  return {
    async configure(next) {
      await generator.unload();
      custom = next.customModels ?? custom;
      generator = new TransformersGenerator({ ...next, customModels: custom });
    },
    async load(modelId, onProgress) {
      await generator.load(modelId, onProgress);
      return generator.loaded!;
    },
    async generate(request, onToken, id = --anonymous) {
      const { signal, release } = stops.start(id);
      try {
        return await generator.generate(request, onToken, signal);
      } finally {
        release();
      }
    },
    stop: (id) => stops.stop(id),
    countTokens: (text) => generator.countTokens(text),
    applyChatTemplate: (messages) => generator.applyChatTemplate(messages),
    unload: () => generator.unload(),
    setCustomModels(models) {
      custom = models;
      generator.setCustomModels(models);
    },
    validateCustomModel: ({ url, name, takenIds }) => {
      const types = new Set(causalLmModelTypes());
      return validateOnnxModel({
        url,
        ...(name ? { name } : {}),
        takenIds,
        isCausalLm: (type) => types.has(type),
        bases: TRANSFORMERS_FAMILIES.map((f) => ({ family: f.name, shape: f.shape })),
        fetch: fetchWithTimeout,
        baseUrl: globalThis.location?.href,
      });
    },
  };
}
