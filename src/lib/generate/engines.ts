// The engines that can answer, named once: the type, its runtime list (for validating imported
// files; its order is the picker's: the runnable-anywhere models first, the servers' last), what
// each one is (ENGINES: a Record, so a new engine must say it here or the type check
// fails) and the key a model is known by in a <select> (engine and id; decoded by looking the key
// up among the listed models, never by splitting it, so no cast can hide another engine).

export const ENGINE_NAMES = ['transformers', 'webllm', 'endpoint'] as const;

export type EngineName = (typeof ENGINE_NAMES)[number];

export interface EngineFacts {
  /** Its name in labels ("transformers.js"). */
  label: string;
  /** Where it runs and what it needs, for the picker's section title. */
  runs: string;
  /** Whether its models take this device's memory (the lab's memory plan counts them). */
  localMemory: boolean;
  /**
   * Whether each load makes its own GPU device, so a second copy of a model doubles its memory:
   * then the chat lends its loaded model to the lab instead (generate/lending.ts).
   */
  devicePerLoad: boolean;
}

export const ENGINES: Record<EngineName, EngineFacts> = {
  transformers: {
    label: 'transformers.js',
    runs: 'Runs anywhere · transformers.js (ONNX, WebGPU or WASM)',
    localMemory: true,
    devicePerLoad: false,
  },
  webllm: {
    label: 'WebLLM',
    runs: 'Needs WebGPU · WebLLM',
    localMemory: true,
    devicePerLoad: true,
  },
  endpoint: {
    label: 'your server',
    runs: 'Your servers · OpenAI-compatible (vLLM, Ollama, llama.cpp, LM Studio)',
    localMemory: false,
    devicePerLoad: false,
  },
};

/** Each engine's label: "transformers.js", "WebLLM", "your server". */
export const ENGINE_LABELS = Object.fromEntries(
  ENGINE_NAMES.map((name) => [name, ENGINES[name].label]),
) as Record<EngineName, string>;

export function isEngineName(value: unknown): value is EngineName {
  return (ENGINE_NAMES as readonly unknown[]).includes(value);
}

/**
 * The id the engine itself reports for a chosen model (GenerationStats.modelId): the same id, but
 * a server's model without the endpoint it was picked from ("lab/llama" answers as "llama").
 */
export function engineModelId(model: { engine: EngineName; id: string }): string {
  if (model.engine !== 'endpoint') return model.id;
  const at = model.id.indexOf('/');
  return at > 0 ? model.id.slice(at + 1) : model.id;
}

/** A model's key among models of every engine (an option's value). */
export const modelKey = (model: { engine: EngineName; id: string }): string =>
  `${model.engine}:${model.id}`;

/** The model among `models` whose key is `key`. */
export function byModelKey<M extends { engine: EngineName; id: string }>(
  models: readonly M[],
  key: string,
): M | undefined {
  return models.find((m) => modelKey(m) === key);
}
