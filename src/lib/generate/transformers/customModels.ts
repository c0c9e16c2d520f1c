// Bring your own ONNX fine-tune: checks a folder (config.json, tokenizer, onnx/ weights) on any
// host before transformers.js is asked to run it, and describes it for the menu. Storing is not ours.
import { RagtuneError } from '../../errors';
import type { ModelDtype } from '../../ml/transformers';
import { fetchFolderFile, httpProblem, readFolderJson, type FetchLike } from '../folderFetch';
import type { ModelShape, TransformersModelEntry } from './catalog';
import { onnxFolderFromUrl } from './modelLocation';

export type OnnxDtypes = TransformersModelEntry['dtype'];

/** A registered ONNX model: plain data, safe to store and to send to a worker. */
export interface OnnxCustomModel {
  /** The folder's URL without its final '/': what the menu and the engine call it. */
  id: string;
  /** What the menu shows. */
  name: string;
  /** What the person pasted. */
  sourceUrl: string;
  /** transformers.js loads `modelPath` from `host` (see modelLocation.ts). */
  host: string;
  modelPath: string;
  modelType: string;
  architecture: string;
  /** config.json's max_position_embeddings; null when it does not say. */
  contextWindow: number | null;
  /** The weights file each device loads, chosen from what onnx/ holds. */
  dtype: OnnxDtypes;
  /** Bytes of each weights file found, where the host said (Content-Length). */
  weightsBytes: Partial<Record<ModelDtype, number>>;
  /** The catalogue family whose base has this model's shape: it is a fine-tune of that base. */
  family?: string;
  /** Checks that could not be made. */
  warnings: string[];
}

export interface OnnxCustomModelOptions {
  url: string;
  name?: string;
  /** Ids already registered. */
  takenIds?: readonly string[];
  /** Whether transformers.js runs this config.json model_type as a causal LM. */
  isCausalLm: (modelType: string) => boolean;
  /** Catalogue bases a fine-tune may belong to. */
  bases?: readonly { family: string; shape: ModelShape }[];
  fetch?: FetchLike;
  /** Resolves a relative URL (same-origin hosting). */
  baseUrl?: string;
}

interface ConfigJson {
  model_type?: unknown;
  architectures?: unknown;
  hidden_size?: unknown;
  num_hidden_layers?: unknown;
  vocab_size?: unknown;
  max_position_embeddings?: unknown;
}

const HOW_TO =
  'Export the merged model with optimum-cli export onnx --task text-generation-with-past, copy the ' +
  'tokenizer files beside config.json, and host the folder with its onnx/ subfolder.';
const FOLDER = `config.json, the tokenizer files and onnx/. ${HOW_TO}`;

/** Weights files an onnx-community export may hold, by dtype. */
const WEIGHTS: Record<ModelDtype, string> = {
  q4f16: 'model_q4f16.onnx',
  q4: 'model_q4.onnx',
  q8: 'model_quantized.onnx',
  fp16: 'model_fp16.onnx',
  fp32: 'model.onnx',
};
/**
 * Preferred weights per device, best first: the catalogue's choices, then what runs at all (q8's
 * integer ops run poorly on WebGPU, so fp32 comes before it there).
 */
const PREFERENCE: Record<keyof OnnxDtypes, ModelDtype[]> = {
  f16: ['q4f16', 'fp16', 'q4', 'fp32', 'q8'],
  webgpu: ['q4', 'fp32', 'q8', 'fp16'],
  wasm: ['q8', 'q4', 'fp32'],
};

/** Why this config is not a model the chat can run, or undefined when it is. */
function notCausal(config: ConfigJson, isCausalLm: (t: string) => boolean): string | undefined {
  const type = config.model_type;
  if (typeof type !== 'string') {
    return 'its config.json has no model_type, so it is not a transformers model config';
  }
  const architectures = Array.isArray(config.architectures)
    ? config.architectures.filter((a): a is string => typeof a === 'string')
    : [];
  const causal = architectures.filter((a) => /(ForCausalLM|LMHeadModel)$/.test(a));
  if (architectures.length > 0 && causal.length === 0) {
    return `its architecture is ${architectures.join(', ')}, not a causal language model (…ForCausalLM)`;
  }
  if (!isCausalLm(type)) {
    return `transformers.js cannot run model_type “${type}” for text generation`;
  }
  return undefined;
}

async function findWeights(fetchFn: FetchLike, folder: string) {
  const found: Partial<Record<ModelDtype, number>> = {};
  const present = new Set<ModelDtype>();
  let refusedHead = 0;
  const dtypes = Object.keys(WEIGHTS) as ModelDtype[];
  await Promise.all(
    dtypes.map(async (dtype) => {
      const url = new URL(`onnx/${WEIGHTS[dtype]}`, folder).href;
      const response = await fetchFolderFile(fetchFn, url, `onnx/${WEIGHTS[dtype]}`, 'HEAD');
      if (response.status === 405 || response.status === 501) refusedHead++;
      if (!response.ok) return;
      present.add(dtype);
      const bytes = Number(response.headers.get('content-length'));
      if (bytes > 0) found[dtype] = bytes;
    }),
  );
  return { present, bytes: found, headRefused: refusedHead === dtypes.length };
}

/** Each device's weights: its preferred file that is there, else any that is. */
function chooseDtypes(present: ReadonlySet<ModelDtype>): OnnxDtypes | undefined {
  const any = (Object.keys(WEIGHTS) as ModelDtype[]).find((d) => present.has(d));
  if (!any) return undefined;
  const pick = (device: keyof OnnxDtypes) => PREFERENCE[device].find((d) => present.has(d)) ?? any;
  return { wasm: pick('wasm'), webgpu: pick('webgpu'), f16: pick('f16') };
}

async function checkTokenizer(fetchFn: FetchLike, folder: string): Promise<void> {
  const tokenizerUrl = new URL('tokenizer.json', folder).href;
  const tokenizer = await fetchFolderFile(fetchFn, tokenizerUrl, 'tokenizer.json', 'HEAD');
  if (!tokenizer.ok && tokenizer.status !== 405 && tokenizer.status !== 501) {
    throw httpProblem(tokenizer, tokenizerUrl, 'tokenizer.json', FOLDER);
  }
  const configUrl = new URL('tokenizer_config.json', folder).href;
  const config = (await readFolderJson(fetchFn, configUrl, 'tokenizer_config.json', FOLDER)) as {
    chat_template?: unknown;
  } | null;
  const template = config?.chat_template;
  if (typeof template !== 'string' && !Array.isArray(template)) {
    throw new RagtuneError(
      'invalid-model',
      `${configUrl} has no chat_template, and the chat needs one: save the base model’s tokenizer ` +
        '(AutoTokenizer.from_pretrained(base).save_pretrained(folder)) into the folder.',
    );
  }
}

const positive = (x: unknown) => (typeof x === 'number' && x > 0 ? x : undefined);

function familyOf(config: ConfigJson, bases: OnnxCustomModelOptions['bases']): string | undefined {
  return bases?.find(
    ({ shape }) =>
      shape.modelType === config.model_type &&
      shape.hiddenSize === config.hidden_size &&
      shape.numHiddenLayers === config.num_hidden_layers &&
      shape.vocabSize === config.vocab_size,
  )?.family;
}

/** Checks the folder and describes the model; throws a RagtuneError that says what to fix. */
export async function validateOnnxModel(options: OnnxCustomModelOptions): Promise<OnnxCustomModel> {
  const fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const location = onnxFolderFromUrl(options.url, options.baseUrl);
  const id = location.folder.replace(/\/$/, '');
  if (options.takenIds?.includes(id)) {
    throw new RagtuneError('invalid-model', `${id} is already registered: remove it first.`);
  }
  const configUrl = new URL('config.json', location.folder).href;
  const config = (await readFolderJson(fetchFn, configUrl, 'config.json', FOLDER)) as ConfigJson;
  const why = notCausal(config ?? {}, options.isCausalLm);
  if (why) {
    throw new RagtuneError(
      'invalid-model',
      `This is not a model the chat can run: ${why}. Register a decoder-only text-generation model ` +
        '(e.g. a fine-tune of Qwen2.5, Llama or SmolLM2) exported to ONNX.',
    );
  }
  await checkTokenizer(fetchFn, location.folder);
  const weights = await findWeights(fetchFn, location.folder);
  const warnings: string[] = [];
  let dtype = chooseDtypes(weights.present);
  if (!dtype && weights.headRefused) {
    warnings.push(
      `${new URL(location.folder).host} does not answer HEAD requests, so the weights in onnx/ ` +
        'were not checked: loading expects onnx/model_quantized.onnx (WASM) or model_q4.onnx (WebGPU).',
    );
    dtype = { wasm: 'q8', webgpu: 'q4', f16: 'q4f16' };
  }
  if (!dtype) {
    throw new RagtuneError(
      'invalid-model',
      `No ONNX weights in ${location.folder}onnx/ (looked for ${Object.values(WEIGHTS).join(', ')}). ` +
        HOW_TO,
    );
  }
  const type = String(config.model_type);
  const architectures = Array.isArray(config.architectures) ? config.architectures : [];
  const family = familyOf(config, options.bases);
  return {
    id,
    name: options.name?.trim() || location.modelPath,
    sourceUrl: options.url.trim(),
    host: location.host,
    modelPath: location.modelPath,
    modelType: type,
    architecture: typeof architectures[0] === 'string' ? architectures[0] : type,
    contextWindow: positive(config.max_position_embeddings) ?? null,
    dtype,
    weightsBytes: weights.bytes,
    ...(family ? { family } : {}),
    warnings,
  };
}
