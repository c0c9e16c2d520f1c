// Turns anything WebLLM throws or rejects with (Error objects, the worker handler's plain strings,
// a bare `TypeError: Failed to fetch`) into a RagtuneError whose message says what to do.
import { RagtuneError, toRagtuneError, type ErrorCode } from '../../errors';
import { parseModelId } from './records';

export interface WebllmErrorContext {
  phase: 'load' | 'generate';
  modelId: string;
  /** A readable name; default the id without its quantisation. */
  label?: string;
  vramMB?: number;
  downloadBytes?: number | null;
  /** The q4f32 twin to suggest when shader-f16 is missing. */
  f32TwinId?: string;
  /** navigator.onLine when the error happened. */
  online?: boolean;
  /** Weight bytes a load had fetched (or found cached) when it failed mid-download; else 0. */
  fetchedBytes?: number;
  /**
   * We asked for the stop. We never abort WebLLM ourselves otherwise, so an AbortError without it
   * came from WebLLM (its unload() after a lost device aborts a load) and is not a cancel.
   */
  stopRequested?: boolean;
}

/** An error's name and message, whether it arrived as an Error, a DOMException or a string. */
export interface RawError {
  name: string;
  message: string;
}

// The worker handler rejects with `err.toString()`: 'ShaderF16SupportError: This model requires…'.
const NAMED_STRING = /^([A-Z][A-Za-z0-9]*(?:Error|Exception)): ([\s\S]*)$/;

export function rawError(error: unknown): RawError {
  if (typeof error === 'string') {
    const m = NAMED_STRING.exec(error.trim());
    return m ? { name: m[1] ?? '', message: m[2] ?? '' } : { name: '', message: error.trim() };
  }
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return {
      name: typeof name === 'string' ? name : '',
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { name: '', message: error === undefined ? '' : String(error) };
}

const ABORTED = /^AbortError|aborted|Engine\.unload\(\) is called/;

const mb = (n: number) => `${Math.round(n).toLocaleString('en')} MB`;

type Rule = {
  test: (e: RawError) => boolean;
  code: ErrorCode | ((e: RawError, c: WebllmErrorContext) => ErrorCode);
  say: (e: RawError, c: WebllmErrorContext & { label: string }) => string;
};

const has = (pattern: RegExp) => (e: RawError) => pattern.test(`${e.name}: ${e.message}`);

// Chrome's Cache.add() (how WebLLM stores each shard) rejects with "Cache.add() encountered a
// network error" when the connection drops (cf. mlc-ai/web-llm#389).
const NETWORK =
  /TypeError: (Failed to fetch|NetworkError|Load failed|Network request failed)|Cannot fetch |Network response was not ok|Unable to fetch|failed to fetch|encountered a network error/i;
/** Cache.add() got an HTTP error (401, 404, 429…): "Failed to execute 'add' on 'Cache': Request failed". */
const REFUSED = /Request failed/i;
const LIMITS =
  /maxBufferSize|maxStorageBufferBindingSize|maxComputeWorkgroupStorageSize|maxStorageBuffersPerShaderStage/;

const RULES: readonly Rule[] = [
  {
    test: (e) => ABORTED.test(`${e.name}: ${e.message}`),
    code: (_e, c) =>
      c.stopRequested
        ? 'cancelled'
        : c.phase === 'load'
          ? 'model-unavailable'
          : 'generation-failed',
    say: (_e, c) =>
      c.stopRequested
        ? 'Cancelled.'
        : `${c.phase === 'load' ? 'Loading' : 'The answer of'} ${c.label} was interrupted inside ` +
          'WebLLM, not by you (a GPU reset can do this): try again; if it keeps happening, reload ' +
          'the page or pick a smaller model.',
  },
  {
    test: has(/QuotaExceeded|quota/i),
    code: 'quota-exceeded',
    say: (_e, c) =>
      `The browser’s storage for this site is full, so ${c.label} cannot be saved: delete cached ` +
      'models or documents (or allow more storage), then try again.',
  },
  {
    test: has(NETWORK),
    code: (_e, c) => (c.online === false ? 'model-not-cached' : 'model-unavailable'),
    say: (e, c) => {
      const size = c.downloadBytes ? ` (${mb(c.downloadBytes / 2 ** 20)})` : '';
      if (c.online === false) {
        return `You appear to be offline and ${c.label} is not cached yet: connect once to download it${size}.`;
      }
      const notFound = /\b404\b/.test(e.message) ? ' (its files were not found: HTTP 404)' : '';
      return (
        `Could not download ${c.label}${notFound}: check your connection, and that huggingface.co ` +
        'and raw.githubusercontent.com are reachable (not blocked by a firewall or an ad blocker).'
      );
    },
  },
  {
    test: has(REFUSED),
    code: 'model-unavailable',
    say: (_e, c) =>
      `The server refused a file of ${c.label} (an HTTP error: not found, sign-in needed, or too ` +
      'many requests): wait a minute and try again; if it keeps failing, pick another model.',
  },
  {
    test: has(/^ShaderF16SupportError|shader-f16/),
    code: 'shader-f16-missing',
    say: (_e, c) =>
      `Your GPU or browser lacks 16-bit shaders (shader-f16), which ${c.label} needs: ` +
      (c.f32TwinId ? `pick its 32-bit version ${c.f32TwinId}.` : 'pick a q4f32 model instead.'),
  },
  {
    test: has(
      /^WebGPUNot(Available|Found)Error|Unable to find a compatible GPU|WebGPU is not supported|navigator\.gpu/,
    ),
    code: 'webgpu-unavailable',
    say: () =>
      'WebGPU is not available here: use a recent Chrome or Edge (113+) on a computer with a GPU, ' +
      'with hardware acceleration on, or pick an ONNX model (transformers.js) instead.',
  },
  {
    test: has(/^FeatureSupportError/),
    code: 'webgpu-unavailable',
    say: (e, c) =>
      `${c.label} needs a WebGPU feature this browser lacks (${e.message}): update the browser ` +
      'or pick another model.',
  },
  {
    test: has(LIMITS),
    code: 'insufficient-memory',
    say: (e) =>
      `This GPU’s WebGPU limits are below what WebLLM needs (${e.message.split('.')[0]}): update ` +
      'the browser and GPU drivers, or pick an ONNX model (transformers.js) instead.',
  },
  {
    test: has(
      /^DeviceLostError|device (was )?lost|out of memory|\bOOM\b|Cannot allocate|allocation failed|Array buffer allocation/i,
    ),
    code: 'insufficient-memory',
    say: (_e, c) =>
      `The browser ran out of GPU memory for ${c.label}` +
      (c.vramMB ? ` (it needs about ${mb(c.vramMB)})` : '') +
      ': close other tabs or apps that use the GPU, or pick a smaller model (a 1k-context, 0.5B or 1B one), then load again.',
  },
  {
    test: has(/^ContextWindowSizeExceededError|exceed context window/i),
    code: 'context-too-long',
    say: (e, c) => {
      const m = /prompt tokens: (\d+); context window size: (\d+)/.exec(e.message);
      const sizes = m ? ` (${m[1]} tokens; ${c.label} takes ${m[2]})` : '';
      return `The prompt is longer than the model’s context window${sizes}: use fewer or shorter sources, or a shorter conversation.`;
    },
  },
  {
    test: has(/^ModelNotFoundError|Cannot find model record/),
    code: 'model-unavailable',
    say: (_e, c) =>
      `${c.modelId} is not in this version of WebLLM’s model list (it may have been renamed in an ` +
      'update): pick another model, or add your custom model again.',
  },
  {
    test: has(/^IntegrityError|Integrity verification failed/),
    code: 'model-unavailable',
    say: (_e, c) =>
      `The downloaded files of ${c.label} failed verification: delete the cached model and download it again.`,
  },
  {
    test: has(/^MissingModelError|model_lib/),
    code: 'invalid-model',
    say: (_e, c) =>
      `${c.modelId} has no model library: re-add it with the base it was merged into.`,
  },
  {
    test: has(
      /^(ModelNotLoadedError|WorkerEngineModelNotLoadedError|EngineNotLoadedError)|not loaded with a model/,
    ),
    code: 'generation-failed',
    say: () => 'No model is loaded (the GPU may have been reset): load the model again.',
  },
  {
    test: has(
      /^(MessageOrderError|SystemMessageOrderError|ContentTypeError|SeedTypeError|UnsupportedRoleError)|: Make sure /,
    ),
    code: 'generation-failed',
    say: (e) =>
      `WebLLM refused the request (${e.message}): use a temperature ≥ 0, a top-p in (0, 1], a whole-number seed, ` +
      'and messages with at most one system message, first.',
  },
];

/** Maps any WebLLM failure to a RagtuneError that says what to do; RagtuneErrors pass through. */
export function describeWebllmError(error: unknown, context: WebllmErrorContext): RagtuneError {
  if (error instanceof RagtuneError) return error;
  const raw = rawError(error);
  if (raw.name.startsWith('RagtuneError:')) return toRagtuneError(error);
  const ctx = { ...context, label: context.label ?? parseModelId(context.modelId).name };
  const fetched = context.fetchedBytes ?? 0;
  if (
    context.phase === 'load' &&
    fetched > 0 &&
    context.online !== false &&
    (NETWORK.test(`${raw.name}: ${raw.message}`) || REFUSED.test(raw.message))
  ) {
    // WebLLM caches each weight shard whole (Cache.add), so the next try skips the finished ones.
    return new RagtuneError(
      'download-interrupted',
      `The download of ${ctx.label} was interrupted after ${mb(fetched / 2 ** 20)} — try again: the weight shards that finished stay cached, so it goes on from there.`,
      { cause: error },
    );
  }
  for (const rule of RULES) {
    if (!rule.test(raw)) continue;
    const code = typeof rule.code === 'function' ? rule.code(raw, ctx) : rule.code;
    return new RagtuneError(code, rule.say(raw, ctx), { cause: error });
  }
  const detail = raw.message || raw.name || 'unknown error';
  return context.phase === 'load'
    ? new RagtuneError(
        'model-unavailable',
        `Loading ${ctx.label} failed (${detail}): reload the page and try again; if it keeps failing, pick a smaller model.`,
        { cause: error },
      )
    : new RagtuneError(
        'generation-failed',
        `Generating with ${ctx.label} failed (${detail}): try again; if it keeps failing, load the model again.`,
        { cause: error },
      );
}
