// Turns what transformers.js and ONNX Runtime throw while loading or running a text-generation
// model into a RagtuneError that says what to do (never a bare "fetch failed").
import { RagtuneError, cancelledError, toRagtuneError } from '../../errors';
import { describeDownloadFailure } from '../../ml/downloadErrors';

export interface LoadErrorContext {
  modelId: string;
  /** The model host's address, for "not found on …" and "could not reach …". */
  host: string;
  /** Weights the load asked for, e.g. 'q8' (onnx/model_quantized.onnx). */
  dtype: string;
  downloadMB?: number;
  offline: boolean;
}

function hostLabel(host: string): string {
  try {
    return new URL(host).host;
  } catch {
    return host;
  }
}

function parts(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: '', message: String(error) };
}

/** A failed load as a RagtuneError: cancelled, offline, not found, not a text model, … */
export function describeLoadError(error: unknown, c: LoadErrorContext): RagtuneError {
  if (error instanceof RagtuneError) return error;
  const { name, message } = parts(error);
  if (name.startsWith('RagtuneError:')) return toRagtuneError(error);
  if (name === 'AbortError') return cancelledError();
  const interrupted = describeDownloadFailure(error, c.modelId);
  if (interrupted) return interrupted;
  const where = hostLabel(c.host);
  const size = c.downloadMB ? ` (about ${c.downloadMB} MB)` : '';
  const say = (code: ConstructorParameters<typeof RagtuneError>[0], text: string) =>
    new RagtuneError(code, text, { cause: error });
  if (c.offline) {
    return say(
      'model-not-cached',
      `You are offline and ${c.modelId}${size} is not in this browser’s cache yet. Connect once to download it; after that it works offline.`,
    );
  }
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    return say(
      'quota-exceeded',
      `The browser’s storage for this site is full, so ${c.modelId} cannot be saved: delete cached models or documents, then try again.`,
    );
  }
  if (name === 'ModelFileNotFoundError' || /\b(401|403|404)\b|could not locate/i.test(message)) {
    const file = /\/(onnx\/[^"/\s]+\.onnx)\b/.exec(message)?.[1];
    if (file) {
      return say(
        'model-unavailable',
        `The model “${c.modelId}” on ${where} has no ${file} (its ${c.dtype} weights). Pick another device or model: not every repo ships every quantisation.`,
      );
    }
    return say(
      'model-unavailable',
      `The model “${c.modelId}” was not found on ${where}. Check the id: it must be a transformers.js text-generation model with ONNX weights in an onnx/ folder (like the onnx-community/… models).`,
    );
  }
  if (/Unsupported model type|not compatible with `\.generate\(\)`/i.test(message)) {
    return say(
      'invalid-model',
      `“${c.modelId}” is not a text-generation model transformers.js can run (${message.split('\n')[0]}). Pick a causal language model such as onnx-community/Qwen2.5-0.5B-Instruct.`,
    );
  }
  if (error instanceof SyntaxError || /is not valid JSON|Unexpected token/i.test(message)) {
    return say(
      'invalid-model',
      `The model host ${where} answered with something that is not a model file for “${c.modelId}” (a web page?). Check the model host address and the model id.`,
    );
  }
  if (/out of memory|allocation failed|Cannot allocate|std::bad_alloc/i.test(message)) {
    return say(
      'insufficient-memory',
      `The browser ran out of memory loading ${c.modelId}${size}: close other tabs, or pick a smaller model.`,
    );
  }
  if (
    error instanceof TypeError ||
    /fetch|network|ECONNREFUSED|ENOTFOUND|ETIMEDOUT/i.test(message)
  ) {
    return say(
      'model-unavailable',
      `Could not reach ${where} to download ${c.modelId}${size}. Check your connection or the model host setting, then try again.`,
    );
  }
  return say(
    'model-unavailable',
    `${c.modelId} could not be loaded (${message.split('\n')[0]}). Try again, or pick another model or the WASM device.`,
  );
}

/** A failure while generating, as a RagtuneError ('generation-failed' unless it says otherwise). */
export function describeGenerateError(error: unknown, modelId: string): RagtuneError {
  if (error instanceof RagtuneError) return error;
  const { name, message } = parts(error);
  if (name.startsWith('RagtuneError:') || name === 'AbortError') return toRagtuneError(error);
  if (/out of memory|allocation failed|Cannot allocate|std::bad_alloc/i.test(message)) {
    return new RagtuneError(
      'insufficient-memory',
      `${modelId} ran out of memory while answering: use fewer or shorter sources, or a smaller model.`,
      { cause: error },
    );
  }
  return new RagtuneError(
    'generation-failed',
    `${modelId} failed while answering (${message.split('\n')[0]}). Try again; if it keeps failing, load the model again.`,
    { cause: error },
  );
}
