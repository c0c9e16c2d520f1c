// Our only door to @huggingface/transformers: where models come from, the browser cache, ONNX
// Runtime's wasm served by the app, guarded downloads, and typed wrappers over our pipelines.
// Over 300 lines: the one module that imports transformers.js (one importer per library), so every
// use of it is here.
import {
  AutoModelForCausalLM,
  env,
  pipeline,
  ModelRegistry,
  PreTrainedTokenizer,
} from '@huggingface/transformers';
import { abortable } from './abortable';
import { createDownloadGuard } from './downloadGuard';
import { ModelFileDamagedError, isUnreadableModelFile, isWebPage } from './downloadErrors';
import { trackDownload, type DownloadProgress, type DownloadTracker } from './downloadProgress';
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

/** Every model file transformers.js fetches goes through the guard (see downloadGuard.ts). */
const downloads = createDownloadGuard(env.fetch);
env.fetch = downloads.fetch;

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

/** Where `modelId`'s files are fetched from: the start of each file's URL and Cache API key. */
export function modelUrlPrefix(modelId: string): string {
  const folder = env.remotePathTemplate
    .replaceAll('{model}', modelId)
    .replaceAll('{revision}', 'main');
  return withSlash(env.remoteHost) + withSlash(folder);
}

/** Deletes `modelId`'s files (from the current host) from the browser's cache; returns how many. */
export async function forgetModelFiles(modelId: string): Promise<number> {
  // Node keeps files on disk (tests and scripts only): nothing to do there.
  if (!env.useBrowserCache || typeof caches === 'undefined') return 0;
  const prefix = modelUrlPrefix(modelId);
  const cache = await caches.open(env.cacheKey);
  let deleted = 0;
  for (const request of await cache.keys()) {
    if (request.url.startsWith(prefix) && (await cache.delete(request))) deleted++;
  }
  return deleted;
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
  /** Rejects with an AbortError at once and aborts the model's downloads in flight. */
  signal?: AbortSignal;
}

/**
 * Runs a model load (a pipeline) with what every load needs: progress with bytes, speed and time
 * left; `signal` aborting the downloads themselves (a late result is disposed); and a file that
 * turns out unreadable (cut off, zero-filled, a web page) deleted from the cache so that trying
 * again downloads it afresh instead of failing on the same cached file for ever.
 */
export async function guardedLoad<T extends { dispose(): Promise<unknown> }>(
  modelId: string,
  options: Pick<LoadOptions, 'onProgress' | 'signal'>,
  load: (progress_callback: DownloadTracker | undefined) => Promise<T>,
): Promise<T> {
  await configureOrtRuntime();
  const watch = downloads.watch(modelUrlPrefix(modelId), options.signal);
  let settled = false;
  const onProgress = options.onProgress;
  const tracker = onProgress
    ? trackDownload(modelId, (p) => settled || onProgress(p), { fetchedBytes: () => watch.bytes })
    : undefined;
  try {
    return await abortable(load(tracker), options.signal, (late) => void late.dispose());
  } catch (error) {
    if (options.signal?.aborted || !isUnreadableModelFile(error)) throw error;
    await forgetModelFiles(modelId).catch(() => 0);
    throw isWebPage(error) ? error : new ModelFileDamagedError(modelId, { cause: error });
  } finally {
    settled = true;
    tracker?.stop();
    watch.close();
  }
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
  const extractor = await guardedLoad(modelId, options, (progress_callback) =>
    pipeline('feature-extraction', modelId, {
      device: runtimeDevice(options.device),
      dtype: options.dtype,
      progress_callback,
    }),
  );
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
  options: LoadOptions,
): Promise<CrossEncoder> {
  // The text-classification pipeline is AutoTokenizer + AutoModelForSequenceClassification, with
  // one aggregated progress callback; we call its tokenizer and model directly, for pairs.
  const classifier = await guardedLoad(modelId, options, (progress_callback) =>
    pipeline('text-classification', modelId, {
      device: runtimeDevice(options.device),
      dtype: options.dtype,
      progress_callback,
    }),
  );
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

/** Counts tokens as a model's tokenizer splits a text, without BOS/EOS or other added tokens. */
export interface TokenCounter {
  countTokens(text: string): number;
}

/**
 * A model's tokenizer built from its parsed tokenizer.json and tokenizer_config.json, for a model
 * whose files another engine fetched (WebLLM). AutoTokenizer would pick the class that
 * `tokenizer_class` names; in transformers.js 4.3.1 every class a chat LLM names (Llama, Qwen2,
 * Gemma, GPT2, GPTNeoX, CodeLlama, Cohere, Bloom, Falcon…) is PreTrainedTokenizer with nothing
 * changed for encoding (only translation and speech classes differ), so counts are AutoTokenizer's.
 * An empty config is fine for them too: of its fields, only `remove_space` and
 * `do_lowercase_and_remove_accent` change how text is split. Throws on a tokenizer.json it cannot read.
 */
export function tokenizerFromFiles(
  tokenizerJson: unknown,
  tokenizerConfig: unknown = {},
): TokenCounter {
  const isObject = (x: unknown): x is object => typeof x === 'object' && x !== null;
  if (!isObject(tokenizerJson) || !('model' in tokenizerJson)) {
    throw new Error('tokenizer.json has no tokenizer model');
  }
  const tokenizer = new PreTrainedTokenizer(
    tokenizerJson,
    isObject(tokenizerConfig) ? tokenizerConfig : {},
  );
  return {
    countTokens: (text) => tokenizer.encode(text, { add_special_tokens: false }).length,
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
