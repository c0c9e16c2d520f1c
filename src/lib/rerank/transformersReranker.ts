// The Reranker that runs a cross-encoder through transformers.js: picks the device like the
// embedder, loads weights from the model host (or the cache), scores in batches, explains failures.
import { customModelSpec } from '../embed/catalog';
import { describeLoadError } from '../embed/transformersEmbedder';
import { chooseDevice, isOffline } from '../ml/device';
import { RagtuneError, throwIfAborted, toRagtuneError } from '../errors';
import {
  HF_HUB,
  configureModelHost,
  isCrossEncoderCached,
  loadCrossEncoder,
  type CrossEncoder,
  type Device,
  type DownloadProgress,
} from '../ml/transformers';
import type { Reranker, RerankerSpec } from './Reranker';

export interface LoadRerankerOptions {
  /** Model host; default the Hugging Face hub. */
  host?: string;
  device?: 'auto' | Device;
  onProgress?: (p: DownloadProgress) => void;
  /** Aborting rejects with a 'cancelled' error at once; a load already running is disposed when done. */
  signal?: AbortSignal;
}

/** (query, passage) pairs per forward pass: padding is to the longest pair in a batch. */
const BATCH = 16;

/** The embedder's load-error explanations, worded for a reranking model. */
function describeRerankerLoadError(error: unknown, spec: RerankerSpec, host: string): RagtuneError {
  if (error instanceof RagtuneError) return error;
  const asModel = customModelSpec(spec.id, { label: spec.label, downloadMB: spec.downloadMB });
  const described = describeLoadError(error, asModel, host);
  if (described.code === 'cancelled') return described;
  const message = described.message
    .replaceAll('embedding model', 'reranking model')
    .replace('Keyword search works meanwhile.', 'Search works without reranking meanwhile.');
  return new RagtuneError(described.code, message, { cause: error });
}

export async function loadTransformersReranker(
  spec: RerankerSpec,
  options: LoadRerankerOptions = {},
): Promise<Reranker> {
  const { signal, onProgress } = options;
  const host = options.host ?? HF_HUB;
  throwIfAborted(signal);

  let device: Device;
  let crossEncoder: CrossEncoder;
  try {
    const chosen = await chooseDevice(options.device ?? 'auto');
    device = chosen.device;
    const dtype =
      device === 'webgpu' && spec.dtype.webgpu === 'fp16' && !chosen.f16
        ? 'fp32'
        : spec.dtype[device];
    configureModelHost(host);
    if (isOffline() && !(await isCrossEncoderCached(spec.id, { device, dtype }))) {
      throw describeRerankerLoadError(new Error('offline'), spec, host);
    }
    crossEncoder = await loadCrossEncoder(spec.id, { device, dtype, onProgress, signal });
  } catch (error) {
    throw describeRerankerLoadError(error, spec, host);
  }

  let disposed = false;
  // One forward pass at a time: an ONNX session must not run two batches at once.
  let queue: Promise<unknown> = Promise.resolve();

  const scoreAll = async (query: string, passages: string[]): Promise<number[]> => {
    const scores: number[] = [];
    for (let start = 0; start < passages.length; start += BATCH) {
      if (disposed) throw new RagtuneError('internal', 'This reranking model was unloaded.');
      const batch = await crossEncoder.score(query, passages.slice(start, start + BATCH));
      for (const score of batch) scores.push(score);
    }
    return scores;
  };

  return {
    spec,
    device,
    rerank(query: string, passages: string[]): Promise<number[]> {
      if (disposed) {
        return Promise.reject(new RagtuneError('internal', 'This reranking model was unloaded.'));
      }
      if (passages.length === 0) return Promise.resolve([]);
      const run = queue.then(() => scoreAll(query, passages));
      queue = run.catch(() => undefined);
      return run.catch((error: unknown) => {
        const e = toRagtuneError(error);
        throw new RagtuneError(e.code, `Reranking with “${spec.label}” failed: ${e.message}`, {
          cause: error,
        });
      });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await queue;
      await crossEncoder.dispose();
    },
  };
}
