// Our only door to @huggingface/transformers: where models come from, the browser cache, ONNX
// Runtime's wasm served by the app, and small typed wrappers over the pipelines we use.
import { AutoModelForCausalLM, env, pipeline, ModelRegistry } from '@huggingface/transformers';
import { abortable } from './abortable';
import { trackDownload, type DownloadProgress } from './downloadProgress';
import { HF_HUB } from './hosts';

export { trackDownload, type DownloadProgress, type FileProgress } from './downloadProgress';
export { HF_HUB } from './hosts';
/** For textGeneration.ts, so that this module stays the library's only importer. */
export {
  LogitsProcessor,
  LogitsProcessorList,
  StoppingCriteria,
  TextStreamer,
  pipeline,
  random,
} from '@huggingface/transformers';

export type Device = 'webgpu' | 'wasm';
/** q4 and q4f16 are for text generation (the 4-bit files LLM repos ship). */
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';

const IS_NODE = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** Ensures a trailing slash, so `{model}/file` appends cleanly. */
function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The hub's root (repos under `{model}/resolve/…`); a folder on the hub is a plain host. */
function isHub(host: string): boolean {
  try {
    const url = new URL(host);
    return ['huggingface.co', 'hf.co'].includes(url.hostname) && url.pathname === '/';
  } catch {
    return false;
  }
}

/**
 * Points model downloads at `host`: the Hugging Face hub (files under `{model}/resolve/{revision}/`)
 * or any other server holding `{model}/` folders (a mirror, the tests' local server, a folder of
 * the hub such as `https://huggingface.co/you/repo/resolve/dev/`). Downloaded
 * files go to the browser's Cache API, so a model fetched once loads again offline.
 */
export function configureModelHost(host: string = HF_HUB): void {
  env.remoteHost = withSlash(host);
  env.remotePathTemplate = isHub(host) ? '{model}/resolve/{revision}/' : '{model}/';
  env.allowRemoteModels = true;
  // Never look for a model beside the page (or in node_modules): the host is the one source.
  env.allowLocalModels = false;
  env.useBrowserCache = typeof caches !== 'undefined';
}

/**
 * Node only (tests, scripts): where downloaded files are kept. transformers.js in Node reads
 * remote models through this disk cache, keyed by model id (not host), so use one dir per source.
 */
export function setModelFileCacheDir(dir: string): void {
  env.useFSCache = true;
  env.cacheDir = dir;
}

/** The config.json `model_type`s this transformers.js runs as causal LMs (text generation). */
export function causalLmModelTypes(): string[] {
  return AutoModelForCausalLM.MODEL_CLASS_MAPPINGS.flatMap((mapping) => [...mapping.keys()]);
}

export function currentModelHost(): string {
  return env.remoteHost;
}

let ortConfigured: Promise<void> | undefined;

/** In browsers, serve ONNX Runtime's .mjs/.wasm from the app (before the first session). */
export function configureOrtRuntime(): Promise<void> {
  if (IS_NODE) return Promise.resolve(); // onnxruntime-node: native, nothing to fetch
  ortConfigured ??= import('./ortAssets').then(({ ORT_WASM_PATHS }) => {
    const wasm = env.backends.onnx.wasm;
    if (wasm) wasm.wasmPaths = { ...ORT_WASM_PATHS };
  });
  return ortConfigured;
}

/** transformers.js in Node has no 'wasm' device: its CPU device is onnxruntime-node. */
export function runtimeDevice(device: Device): 'webgpu' | 'wasm' | 'cpu' {
  return IS_NODE && device === 'wasm' ? 'cpu' : device;
}

export interface LoadOptions {
  device: Device;
  dtype: ModelDtype;
  onProgress?: (p: DownloadProgress) => void;
}

/** Last hidden states of a batch, row-major [batch, seq, hidden], with the attention mask. */
export interface HiddenStates {
  data: Float32Array;
  mask: Uint8Array;
  batch: number;
  seq: number;
  hidden: number;
}

export interface FeatureExtractor {
  /** Tokenises (padded, truncated to the model's maximum) and runs the model. */
  run(texts: string[]): Promise<HiddenStates>;
  /** Tokens of `text` alone, without [CLS]/[SEP]. */
  countTokens(text: string): number;
  dispose(): Promise<void>;
}

/** The parts of transformers' Tensor that we read. */
interface TensorLike {
  data: ArrayLike<number | bigint>;
  dims: number[];
  type: string;
  to(type: 'float32'): TensorLike;
}

function isTensor(x: unknown): x is TensorLike {
  return typeof x === 'object' && x !== null && 'data' in x && 'dims' in x && 'type' in x;
}

export async function loadFeatureExtractor(
  modelId: string,
  options: LoadOptions,
): Promise<FeatureExtractor> {
  await configureOrtRuntime();
  const extractor = await pipeline('feature-extraction', modelId, {
    device: runtimeDevice(options.device),
    dtype: options.dtype,
    progress_callback: options.onProgress ? trackDownload(modelId, options.onProgress) : undefined,
  });
  const { tokenizer, model } = extractor;

  return {
    async run(texts) {
      const inputs = tokenizer(texts, { padding: true, truncation: true });
      const outputs: unknown = await model(inputs);
      const mask: unknown = inputs.attention_mask;
      const raw =
        typeof outputs === 'object' && outputs !== null && 'last_hidden_state' in outputs
          ? outputs.last_hidden_state
          : undefined;
      if (!isTensor(raw) || !isTensor(mask) || raw.dims.length !== 3) {
        throw new Error(`${modelId} did not return last_hidden_state [batch, seq, hidden]`);
      }
      // fp16 models (webgpu) return float16 data: widen before reading.
      const states = raw.type === 'float32' ? raw : raw.to('float32');
      const [batch = 0, seq = 0, hidden = 0] = states.dims;
      return {
        data:
          states.data instanceof Float32Array
            ? states.data
            : Float32Array.from(states.data, Number),
        mask: Uint8Array.from(mask.data, (m) => (Number(m) > 0 ? 1 : 0)),
        batch,
        seq,
        hidden,
      };
    },
    countTokens: (text) => tokenizer.encode(text, { add_special_tokens: false }).length,
    dispose: () => extractor.dispose(),
  };
}

export interface CrossEncoderLoadOptions extends LoadOptions {
  /** Rejects with an AbortError at once; a load still running is disposed when it ends. */
  signal?: AbortSignal;
}

export interface CrossEncoder {
  /** One relevance logit per passage for (query, passage) pairs, in input order (higher = better). */
  score(query: string, passages: string[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Column 0 of [batch, 1] logits; with several labels, last minus first (the "relevant" log-odds). */
function relevance(logits: TensorLike): Float32Array {
  const floats = logits.type === 'float32' ? logits : logits.to('float32');
  const [batch = 0, labels = 0] = floats.dims;
  const out = new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    const first = Number(floats.data[b * labels]);
    out[b] = labels === 1 ? first : Number(floats.data[b * labels + labels - 1]) - first;
  }
  return out;
}

/**
 * A cross-encoder (reranker): a sequence-classification model that reads the query and a passage
 * together, as the pair [CLS] query [SEP] passage [SEP] (padded; truncated to the model maximum).
 */
export async function loadCrossEncoder(
  modelId: string,
  options: CrossEncoderLoadOptions,
): Promise<CrossEncoder> {
  await configureOrtRuntime();
  // The text-classification pipeline is AutoTokenizer + AutoModelForSequenceClassification, with
  // one aggregated progress callback; we call its tokenizer and model directly, for pairs.
  const loading = pipeline('text-classification', modelId, {
    device: runtimeDevice(options.device),
    dtype: options.dtype,
    progress_callback: options.onProgress ? trackDownload(modelId, options.onProgress) : undefined,
  });
  const classifier = await abortable(loading, options.signal, (late) => void late.dispose());
  const { tokenizer, model } = classifier;

  return {
    async score(query, passages) {
      if (passages.length === 0) return new Float32Array(0);
      const inputs = tokenizer(
        passages.map(() => query),
        { text_pair: passages, padding: true, truncation: true },
      );
      const outputs: unknown = await model(inputs);
      const logits =
        typeof outputs === 'object' && outputs !== null && 'logits' in outputs
          ? outputs.logits
          : undefined;
      if (!isTensor(logits) || logits.dims.length !== 2 || logits.dims[0] !== passages.length) {
        throw new Error(`${modelId} did not return logits [batch, labels]`);
      }
      return relevance(logits);
    },
    dispose: () => classifier.dispose(),
  };
}

export async function isPipelineCached(
  task: 'feature-extraction' | 'text-classification' | 'text-generation',
  modelId: string,
  options: LoadOptions,
): Promise<boolean> {
  try {
    return await ModelRegistry.is_pipeline_cached(task, modelId, {
      device: runtimeDevice(options.device),
      dtype: options.dtype,
    });
  } catch {
    return false;
  }
}

/** Whether every file the feature-extraction pipeline needs is already in the cache. */
export function isFeatureExtractorCached(modelId: string, options: LoadOptions): Promise<boolean> {
  return isPipelineCached('feature-extraction', modelId, options);
}

/** Whether every file loadCrossEncoder needs is already in the cache. */
export function isCrossEncoderCached(modelId: string, options: LoadOptions): Promise<boolean> {
  return isPipelineCached('text-classification', modelId, options);
}
