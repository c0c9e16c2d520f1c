// The kinds of model of your own, one per engine that can keep one: its words in the form, what
// the form asks beyond the folder's URL and a name, how a submitted one is checked (in the engine's
// worker, through the validator ModelsState gives) and kept, and how the list names it. The form,
// CustomModelsState and the list iterate this Record: an engine that can keep models is one entry,
// and the type checker points at each place a new one must answer (OwnModelTypes, this Record,
// ModelsState's validators and hand-over, the form's field components).
import { RagtuneError } from '../errors';
import { ENGINES, type EngineName } from '../generate/engines';
import type { OnnxCustomModel } from '../generate/transformers/customModels';
import type { OnnxRegistration } from '../generate/transformers/workerApi';
import type { CustomModel } from '../generate/webllm/customModels';
import type { WebllmRegistration } from '../generate/webllm/hostApi';
import type { StoredCustomModel, StoredOnnxModel, StoredWebllmModel } from '../store/schema';

/**
 * The engines that keep models of your own: every one but a server's (an OpenAI-compatible
 * server serves its own models; you add the server, not a model).
 */
export type OwnModelEngine = Exclude<EngineName, 'endpoint'>;

/** Per engine: the form's own fields, what its worker checks and returns, and what is kept. */
interface OwnModelTypes {
  webllm: {
    fields: { baseId: string };
    request: WebllmRegistration;
    checked: CustomModel;
    stored: StoredWebllmModel;
  };
  transformers: {
    fields: Record<never, never>;
    request: OnnxRegistration;
    checked: OnnxCustomModel;
    stored: StoredOnnxModel;
  };
}

/** What a kind's form asks beyond the folder's URL and a name (WebLLM: the base). */
export type FieldsOf<E extends OwnModelEngine> = OwnModelTypes[E]['fields'];
export type StoredOf<E extends OwnModelEngine> = OwnModelTypes[E]['stored'];
/** The engine's check of a folder, run in its worker. */
export type Validator<E extends OwnModelEngine> = (
  request: OwnModelTypes[E]['request'],
) => Promise<OwnModelTypes[E]['checked']>;
export type Validators = { [E in OwnModelEngine]: Validator<E> };

/** A submitted model, its URL trimmed and present. */
export interface OwnModelInput<E extends OwnModelEngine> {
  url: string;
  name?: string;
  takenIds: string[];
  fields: FieldsOf<E>;
}

export interface OwnModelKind<E extends OwnModelEngine> {
  /** What its weights are, after the engine's label on its radio: "WebLLM (MLC weights)". */
  weights: string;
  /** Its radio's test id is byo-engine-<slug>. */
  slug: string;
  /** What such a folder is and what it needs, under the radios. */
  hint: string;
  placeholder: string;
  /** Its own fields, empty. */
  blank(): FieldsOf<E>;
  /** Checks the folder in the engine's worker and builds the record kept. */
  build(input: OwnModelInput<E>, validate: Validator<E>): Promise<StoredOf<E>>;
  /** Its name in the list and in "Added …". */
  nameOf(model: StoredOf<E>): string;
  /** The list's line after the engine's label: its base. */
  describe(model: StoredOf<E>): string;
}

export const OWN_MODEL_KINDS: { [E in OwnModelEngine]: OwnModelKind<E> } = {
  webllm: {
    weights: 'MLC weights',
    slug: 'mlc',
    hint:
      'A LoRA merged into a base and converted with mlc_llm: it runs on the base’s compiled ' +
      'library, so it needs WebGPU.',
    placeholder: 'https://huggingface.co/you/your-model-q4f16_1-MLC',
    blank: () => ({ baseId: '' }),
    async build({ fields, ...input }, validate) {
      if (!fields.baseId) {
        throw new RagtuneError(
          'invalid-model',
          'Pick the base model your LoRA was merged into: your model runs on its compiled library.',
        );
      }
      const model = await validate({ ...input, baseId: fields.baseId });
      return { ...model, engine: 'webllm', id: model.record.model_id, addedAt: Date.now() };
    },
    nameOf: (m) => m.id,
    describe: (m) => `base ${m.baseId}`,
  },
  transformers: {
    weights: 'ONNX',
    slug: 'onnx',
    hint: 'A causal LM exported with optimum-cli (config.json, tokenizer, onnx/): runs without WebGPU.',
    placeholder: 'https://huggingface.co/you/your-model-onnx',
    blank: () => ({}),
    async build({ fields: _none, ...input }, validate) {
      const model = await validate(input);
      return { ...model, engine: 'transformers', addedAt: Date.now() };
    },
    nameOf: (m) => m.name,
    describe: (m) => `${m.architecture}, ${m.family ? `base ${m.family}` : 'no base of the menu'}`,
  },
};

/** The kinds in the form's order (the Record's: WebLLM first, the form's first choice). */
export const OWN_MODEL_ENGINES = Object.keys(OWN_MODEL_KINDS) as [
  OwnModelEngine,
  ...OwnModelEngine[],
];

/** A kind's label on its radio: the engine's label and what its weights are. */
export const kindLabel = (engine: OwnModelEngine): string =>
  `${ENGINES[engine].label} (${OWN_MODEL_KINDS[engine].weights})`;

/** Each kind's fields, empty. */
export function blankFields(): { [E in OwnModelEngine]: FieldsOf<E> } {
  return {
    webllm: OWN_MODEL_KINDS.webllm.blank(),
    transformers: OWN_MODEL_KINDS.transformers.blank(),
  };
}

/** The kept models of one kind. */
export function ofKind<E extends OwnModelEngine>(
  models: readonly StoredCustomModel[],
  engine: E,
): StoredOf<E>[] {
  return models.filter((m): m is StoredOf<E> => m.engine === engine);
}

/** Checks and builds a submitted model of its kind. */
export function buildOwnModel<E extends OwnModelEngine>(
  engine: E,
  input: OwnModelInput<E>,
  validators: Validators,
): Promise<StoredOf<E>> {
  return OWN_MODEL_KINDS[engine].build(input, validators[engine]);
}

/** A kept model's name, whatever its kind. */
export function ownModelName<E extends OwnModelEngine>(model: StoredOf<E> & { engine: E }): string {
  return OWN_MODEL_KINDS[model.engine].nameOf(model);
}

/** A kept model's description line (its base), whatever its kind. */
export function ownModelLine<E extends OwnModelEngine>(model: StoredOf<E> & { engine: E }): string {
  return OWN_MODEL_KINDS[model.engine].describe(model);
}
