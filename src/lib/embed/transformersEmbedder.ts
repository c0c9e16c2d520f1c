// The Embedder that runs a feature-extraction model through transformers.js: picks the device,
// loads weights from the model host (or the cache), pools, normalises, and says what went wrong.
import { abortable } from '../ml/abortable';
import { chooseDevice, isOffline } from '../ml/device';
import { describeDownloadFailure } from '../ml/downloadErrors';
import { policyRefusal } from '../security/connectPolicy';
import { RagtuneError, cancelledError, throwIfAborted, toRagtuneError } from '../errors';
import {
  HF_HUB,
  configureModelHost,
  isFeatureExtractorCached,
  loadFeatureExtractor,
  type Device,
  type DownloadProgress,
  type FeatureExtractor,
  type HiddenStates,
} from '../ml/transformers';
import type { EmbedKind, Embedder, EmbeddingModelSpec } from './Embedder';

export interface LoadEmbedderOptions {
  /** Model host; default the Hugging Face hub. */
  host?: string;
  device?: 'auto' | Device;
  onProgress?: (p: DownloadProgress) => void;
  /** Aborting rejects with a 'cancelled' error at once; a load already running is disposed when done. */
  signal?: AbortSignal;
}

/** Texts per forward pass: padding is to the longest text in a batch, so keep batches modest. */
const BATCH = 16;

/** Mean or first-token pooling, then L2 normalisation: [batch, seq, hidden] → [batch, hidden]. */
export function poolAndNormalise(states: HiddenStates, pooling: 'mean' | 'cls'): Float32Array {
  const { data, mask, batch, seq, hidden } = states;
  const out = new Float32Array(batch * hidden);
  for (let b = 0; b < batch; b++) {
    const row = out.subarray(b * hidden, (b + 1) * hidden);
    let count = 0;
    for (let s = 0; s < (pooling === 'cls' ? 1 : seq); s++) {
      if (pooling === 'mean' && !mask[b * seq + s]) continue;
      const offset = (b * seq + s) * hidden;
      for (let h = 0; h < hidden; h++) row[h]! += data[offset + h]!;
      count++;
    }
    let norm = 0;
    for (let h = 0; h < hidden; h++) norm += row[h]! * row[h]!;
    // Dividing by the norm also removes the mean's 1/count; a zero row stays zero (never NaN).
    const scale = count > 0 && norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let h = 0; h < hidden; h++) row[h]! *= scale;
  }
  return out;
}

function hostLabel(host: string): string {
  try {
    return new URL(host).host;
  } catch {
    return host;
  }
}

/** Any load failure as a RagtuneError that says what to do (never a bare "Failed to fetch"). */
export function describeLoadError(
  error: unknown,
  spec: EmbeddingModelSpec,
  host: string,
): RagtuneError {
  if (error instanceof RagtuneError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError') return cancelledError();
  const interrupted = describeDownloadFailure(error, `the embedding model “${spec.label}”`);
  if (interrupted) return interrupted;
  const message = error instanceof Error ? error.message : String(error);
  const size = spec.downloadMB > 0 ? ` (about ${spec.downloadMB} MB)` : '';
  const where = hostLabel(host);
  let code: 'model-unavailable' | 'offline' = 'model-unavailable';
  let text: string;
  const refusal = policyRefusal(host);
  if (refusal) {
    text = refusal;
  } else if (isOffline()) {
    code = 'offline';
    text = `You are offline and the embedding model “${spec.label}”${size} is not in this browser’s cache yet. Connect once to download it; after that it works offline. Keyword search works meanwhile.`;
  } else if (
    name === 'ModelFileNotFoundError' ||
    /\b(401|403|404)\b|could not locate/i.test(message)
  ) {
    text = `The model “${spec.id}” was not found on ${where}. Check the id: it must be a transformers.js model with ONNX weights in an onnx/ folder (like the Xenova/… and onnx-community/… models).`;
  } else if (error instanceof SyntaxError || /is not valid JSON|Unexpected token/i.test(message)) {
    // e.g. a static server that answers every path with its index.html
    text = `The model host ${where} answered with something that is not a model file for “${spec.id}” (a web page?). Check the model host address and the model id.`;
  } else if (
    error instanceof TypeError ||
    /fetch|network|ECONNREFUSED|ENOTFOUND|ETIMEDOUT/i.test(message)
  ) {
    text = `Could not reach ${where} to download the embedding model “${spec.label}”${size}. Check your connection or the model host setting, then try again.`;
  } else {
    text = `The embedding model “${spec.label}” could not be loaded (${message.split('\n')[0]}). Try again, or pick another model or the WASM device.`;
  }
  return new RagtuneError(code, text, { cause: error });
}

export async function loadTransformersEmbedder(
  spec: EmbeddingModelSpec,
  options: LoadEmbedderOptions = {},
): Promise<Embedder> {
  const { signal, onProgress } = options;
  const host = options.host ?? HF_HUB;
  throwIfAborted(signal);
  const { device, f16 } = await chooseDevice(options.device ?? 'auto');
  const dtype =
    device === 'webgpu' && spec.dtype.webgpu === 'fp16' && !f16 ? 'fp32' : spec.dtype[device];
  configureModelHost(host);

  let extractor: FeatureExtractor;
  let dim: number;
  try {
    if (isOffline() && !(await isFeatureExtractorCached(spec.id, { device, dtype }))) {
      throw describeLoadError(new Error('offline'), spec, host);
    }
    const loading = loadFeatureExtractor(spec.id, { device, dtype, onProgress, signal }).then(
      async (fx) => {
        // One tiny forward pass: learns the real dimension and warms the session up.
        const probe = await fx.run(['ragtune']);
        return { fx, dim: probe.hidden };
      },
    );
    ({ fx: extractor, dim } = await abortable(loading, signal, (v) => void v.fx.dispose()));
  } catch (error) {
    throw describeLoadError(error, spec, host);
  }

  const loaded: EmbeddingModelSpec = { ...spec, dim };
  let disposed = false;
  return {
    spec: loaded,
    device,
    async embed(texts: string[], kind: EmbedKind): Promise<Float32Array> {
      if (disposed) throw new RagtuneError('internal', 'This embedding model was unloaded.');
      const prefix = kind === 'query' ? spec.queryPrefix : spec.passagePrefix;
      const out = new Float32Array(texts.length * dim);
      try {
        for (let start = 0; start < texts.length; start += BATCH) {
          const batch = texts.slice(start, start + BATCH).map((t) => prefix + t);
          out.set(poolAndNormalise(await extractor.run(batch), spec.pooling), start * dim);
        }
      } catch (error) {
        const e = toRagtuneError(error);
        throw new RagtuneError('internal', `Embedding with “${spec.label}” failed: ${e.message}`, {
          cause: error,
        });
      }
      return out;
    },
    countTokens: (text: string) => extractor.countTokens(text),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await extractor.dispose();
    },
  };
}
