// The Generator that runs ONNX causal LMs through transformers.js (WebGPU, else WASM/CPU): loads
// from the model host or the cache, streams, stops on demand and times every answer itself.
import { chooseDevice, isOffline } from '../../ml/device';
import { RagtuneError, throwIfAborted } from '../../errors';
import {
  loadTextGenerator,
  isTextGeneratorCached,
  type TextGenerator,
} from '../../ml/textGeneration';
import {
  HF_HUB,
  configureModelHost,
  type Device,
  type DownloadProgress,
  type ModelDtype,
} from '../../ml/transformers';
import type {
  GenerateRequest,
  GenerationResult,
  Generator,
  LoadProgress,
  LoadProgressCallback,
  TokenCallback,
} from '../Generator';
import { dtypeFor, findTransformersModel } from './catalog';
import type { OnnxCustomModel } from './customModels';
import { describeGenerateError, describeLoadError } from './errors';

/** What a load needs to know of a registered ONNX model: where it is and which weights to take. */
export type OnnxModelSource = Pick<OnnxCustomModel, 'id' | 'host' | 'modelPath' | 'dtype'>;

export interface TransformersGeneratorOptions {
  /** Model host; default the Hugging Face hub. */
  host?: string;
  /** 'auto' takes WebGPU on a real (not software) adapter, else WASM. */
  device?: 'auto' | Device;
  /** Weights to load instead of the catalogue's choice (e.g. 'fp32' for onnx/model.onnx). */
  dtype?: ModelDtype;
  /** Your own models, each loaded by its id from its own host (see modelLocation.ts). */
  customModels?: readonly OnnxModelSource[];
}

/** What is loaded, for a UI that shows it. */
export interface LoadedModel {
  modelId: string;
  device: Device;
  dtype: ModelDtype;
  contextLength: number;
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/** Download progress as the Generator's LoadProgress: downloads fill 95 %, never backwards. */
function progressReporter(onProgress: LoadProgressCallback) {
  let best = 0;
  const report = (p: LoadProgress) => {
    best = Math.max(best, p.fraction);
    onProgress({ ...p, fraction: best });
  };
  return {
    report,
    download(p: DownloadProgress) {
      report({
        fraction: p.fraction * 0.95,
        phase: p.done ? 'load' : 'download',
        text: p.done
          ? 'Preparing the model…'
          : `Downloading ${p.model}: ${mb(p.loaded)}${p.total ? ` of ${mb(p.total)}` : ''}`,
        loadedBytes: p.loaded,
        totalBytes: p.total,
        bytesPerSecond: p.bytesPerSecond,
        secondsLeft: p.secondsLeft,
        stalled: p.stalled,
      });
    },
  };
}

export class TransformersGenerator implements Generator {
  private handle: TextGenerator | undefined;
  private info: LoadedModel | undefined;
  private custom = new Map<string, OnnxModelSource>();

  constructor(private readonly options: TransformersGeneratorOptions = {}) {
    this.setCustomModels(options.customModels ?? []);
  }

  /** Replaces the registered models (a loaded one stays loaded). */
  setCustomModels(models: readonly OnnxModelSource[]): void {
    this.custom = new Map(models.map((m) => [m.id, m]));
  }

  get loaded(): LoadedModel | undefined {
    return this.info;
  }

  /**
   * Loads a catalogue model (or any id) from the configured host, or a registered model from its
   * own host; what is loaded is named by its id on that host ('you/your-model').
   */
  async load(requestedId: string, onProgress: LoadProgressCallback): Promise<void> {
    await this.unload();
    const custom = this.custom.get(requestedId);
    const modelId = custom?.modelPath ?? requestedId;
    const host = custom?.host ?? this.options.host ?? HF_HUB;
    const { device, f16 } = await chooseDevice(this.options.device ?? 'auto');
    const key = device === 'wasm' ? 'wasm' : f16 ? 'f16' : 'webgpu';
    const dtype = this.options.dtype ?? custom?.dtype[key] ?? dtypeFor(modelId, device, f16);
    const downloadMB = findTransformersModel(modelId)?.downloadMB[key];
    const progress = progressReporter(onProgress);
    configureModelHost(host);
    const context = { modelId, host, dtype, downloadMB, offline: false };
    try {
      if (isOffline() && !(await isTextGeneratorCached(modelId, { device, dtype }))) {
        throw describeLoadError(new Error('offline'), { ...context, offline: true });
      }
      progress.report({ fraction: 0, phase: 'download', text: `Loading ${modelId}…` });
      this.handle = await loadTextGenerator(modelId, {
        device,
        dtype,
        onProgress: (p) => progress.download(p),
      });
    } catch (error) {
      throw describeLoadError(error, context);
    }
    this.info = { modelId, device, dtype, contextLength: this.handle.contextLength };
    progress.report({ fraction: 1, phase: 'ready', text: `${modelId} is ready (${device}).` });
  }

  private current(): TextGenerator {
    if (!this.handle) {
      throw new RagtuneError('generation-failed', 'No model is loaded: load a model first.');
    }
    return this.handle;
  }

  async generate(
    request: GenerateRequest,
    onToken: TokenCallback,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    throwIfAborted(signal);
    const handle = this.current();
    const started = performance.now();
    let first: number | undefined;
    let last = started;
    let steps = 0;
    try {
      const out = await handle.generate(request.messages, {
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        topP: request.topP,
        seed: request.seed,
        onToken,
        onStep: () => {
          last = performance.now();
          first ??= last;
          steps++;
        },
        signal,
      });
      const ended = performance.now();
      const ttft = (first ?? ended) - started;
      // Tokens after the first, over the time between the first and the last.
      const decodeMs = last - (first ?? last);
      return {
        text: out.text,
        stopped: out.stopped,
        stats: {
          promptTokens: out.promptTokens,
          completionTokens: out.completionTokens,
          timeToFirstTokenMs: ttft,
          prefillTokensPerS: ttft > 0 ? out.promptTokens / (ttft / 1000) : 0,
          decodeTokensPerS: steps > 1 && decodeMs > 0 ? (steps - 1) / (decodeMs / 1000) : 0,
          totalMs: ended - started,
          modelId: handle.modelId,
          timingSource: 'client',
        },
      };
    } catch (error) {
      throw describeGenerateError(error, handle.modelId);
    }
  }

  async countTokens(text: string): Promise<number> {
    return this.current().countTokens(text);
  }

  /** The exact prompt the loaded model reads for `messages` (generation prompt included). */
  async applyChatTemplate(messages: GenerateRequest['messages']): Promise<string> {
    return this.current().applyChatTemplate(messages);
  }

  async unload(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.info = undefined;
    await handle?.dispose();
  }
}
