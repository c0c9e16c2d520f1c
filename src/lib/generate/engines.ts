// The engines that can answer, named once: the type, its runtime list (for validating imported
// files) and the key a model is known by in a <select> (engine and id; decoded by looking the key
// up among the listed models, never by splitting it, so no cast can hide a third engine).

export const ENGINE_NAMES = ['webllm', 'transformers'] as const;

export type EngineName = (typeof ENGINE_NAMES)[number];

export function isEngineName(value: unknown): value is EngineName {
  return (ENGINE_NAMES as readonly unknown[]).includes(value);
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
