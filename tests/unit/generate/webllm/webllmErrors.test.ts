// Every way WebLLM fails (Error objects, the worker handler's plain strings, DOMExceptions, bare
// TypeErrors) becomes a RagtuneError whose message says what to do.
import { describe, expect, it } from 'vitest';
import { RagtuneError, type ErrorCode } from '../../../../src/lib/errors';
import {
  describeWebllmError,
  rawError,
  type WebllmErrorContext,
} from '../../../../src/lib/generate/webllm/errors';

const QWEN: WebllmErrorContext = {
  phase: 'load',
  modelId: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  vramMB: 945,
  f32TwinId: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  online: true,
};

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

// WebLLM 0.2.86's own messages (lib/index.js), as objects and as the worker's `err.toString()`.
const WEBGPU_MISSING =
  'WebGPUNotAvailableError: WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine.';
const CONTEXT =
  'ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096\nConsider shortening the prompt';

const CASES: readonly (readonly [
  string,
  unknown,
  Partial<WebllmErrorContext>,
  ErrorCode,
  RegExp,
])[] = [
  [
    'TypeError offline',
    new TypeError('Failed to fetch'),
    { online: false },
    'model-not-cached',
    /offline and Qwen2\.5-0\.5B-Instruct is not cached yet: connect once to download it/,
  ],
  [
    'worker string offline, size known',
    'TypeError: Failed to fetch',
    { online: false, downloadBytes: 276 * 2 ** 20 },
    'model-not-cached',
    /connect once to download it \(276 MB\)/,
  ],
  [
    'TypeError online',
    'TypeError: Failed to fetch',
    {},
    'model-unavailable',
    /Could not download .*huggingface\.co/,
  ],
  [
    'Firefox network error',
    new TypeError('NetworkError when attempting to fetch resource.'),
    {},
    'model-unavailable',
    /Could not download/,
  ],
  ['cache miss', new Error('Cannot fetch https://x/y'), {}, 'model-unavailable', /Could not/],
  [
    'HTTP 404',
    'Error: ArtifactOPFSCache: Unable to fetch https://x/y, received status 404',
    {},
    'model-unavailable',
    /HTTP 404/,
  ],
  ['no WebGPU (string)', WEBGPU_MISSING, {}, 'webgpu-unavailable', /Chrome or Edge.*ONNX/],
  [
    'no adapter',
    new Error('Unable to find a compatible GPU. This issue might be because'),
    {},
    'webgpu-unavailable',
    /WebGPU is not available/,
  ],
  [
    'shader-f16 (object)',
    named('ShaderF16SupportError', 'This model requires WebGPU extension shader-f16'),
    {},
    'shader-f16-missing',
    /pick its 32-bit version Qwen2\.5-0\.5B-Instruct-q4f32_1-MLC/,
  ],
  [
    'other feature',
    'FeatureSupportError: This model requires feature timestamp-query, which is not yet supported by this browser.',
    {},
    'webgpu-unavailable',
    /timestamp-query/,
  ],
  [
    'device lost',
    'DeviceLostError: The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).',
    {},
    'insufficient-memory',
    /out of GPU memory .*945 MB.*smaller model/,
  ],
  [
    'buffer limits',
    'Error: Cannot initialize runtime because of requested maxBufferSize exceeds limit. requested=256MB, limit=128MB. ',
    {},
    'insufficient-memory',
    /limits are below/,
  ],
  [
    'quota (DOMException)',
    new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    {},
    'quota-exceeded',
    /storage .* is full/,
  ],
  [
    'quota (IndexedDB cache string)',
    'Error: Failed to store https://x with error: QuotaExceededError',
    {},
    'quota-exceeded',
    /delete cached models/,
  ],
  [
    'context window',
    CONTEXT,
    { phase: 'generate' },
    'context-too-long',
    /5000 tokens; Qwen2\.5-0\.5B-Instruct takes 4096.*fewer or shorter sources/,
  ],
  [
    'unknown model id',
    'ModelNotFoundError: Cannot find model record in appConfig for X.',
    {},
    'model-unavailable',
    /not in this version of WebLLM/,
  ],
  [
    'integrity',
    named('IntegrityError', 'Integrity verification failed for https://x'),
    {},
    'model-unavailable',
    /failed verification/,
  ],
  [
    'no model loaded',
    'WorkerEngineModelNotLoadedError: WebWorkerMLCEngine is not loaded with a model.',
    { phase: 'generate' },
    'generation-failed',
    /load the model again/,
  ],
  [
    'bad seed',
    'SeedTypeError: `seed` should be an integer, but got 1.5',
    { phase: 'generate' },
    'generation-failed',
    /whole-number seed/,
  ],
  [
    'bad top_p',
    'RangeError: Make sure 0 < top_p <= 1.',
    { phase: 'generate' },
    'generation-failed',
    /top-p in \(0, 1\]/,
  ],
  [
    'abort after our own stop',
    new DOMException('The operation was aborted.', 'AbortError'),
    { phase: 'generate', stopRequested: true },
    'cancelled',
    /Cancelled/,
  ],
  [
    'unknown string while loading',
    'something odd',
    {},
    'model-unavailable',
    /Loading Qwen2\.5-0\.5B-Instruct failed \(something odd\): reload the page/,
  ],
  ['a number while generating', 42, { phase: 'generate' }, 'generation-failed', /failed \(42\)/],
  [
    'undefined while generating',
    undefined,
    { phase: 'generate' },
    'generation-failed',
    /unknown error/,
  ],
];

describe('describeWebllmError', () => {
  it.each(CASES)('%s', (_label, error, context, code, message) => {
    const mapped = describeWebllmError(error, { ...QWEN, ...context });
    expect(mapped).toBeInstanceOf(RagtuneError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(message);
    // No raw `TypeError: Failed to fetch` ever reaches a person.
    expect(mapped.message).not.toMatch(/TypeError/);
  });

  it('passes RagtuneErrors through, also as a cloned { name, message }', () => {
    const original = new RagtuneError('offline', 'Offline.');
    expect(describeWebllmError(original, QWEN)).toBe(original);
    const cloned = describeWebllmError({ name: 'RagtuneError:offline', message: 'Offline.' }, QWEN);
    expect(cloned.code).toBe('offline');
  });

  it('reads names out of the worker handler’s strings', () => {
    expect(rawError('ShaderF16SupportError: needs f16')).toEqual({
      name: 'ShaderF16SupportError',
      message: 'needs f16',
    });
    expect(rawError('plain words: with a colon')).toEqual({
      name: '',
      message: 'plain words: with a colon',
    });
  });
});

describe('describeWebllmError: real download failures and aborts we did not ask for', () => {
  const CACHE_NETWORK =
    "TypeError: Failed to execute 'add' on 'Cache': Cache.add() encountered a network error";
  const CACHE_REFUSED = "TypeError: Failed to execute 'add' on 'Cache': Request failed";
  const midDownload = { ...QWEN, fetchedBytes: 200 * 2 ** 20 };

  it.each([CACHE_NETWORK, CACHE_REFUSED])('%s mid-download: interrupted, parts kept', (raw) => {
    const e = describeWebllmError(raw, midDownload);
    expect(e.code).toBe('download-interrupted');
    expect(e.message).toMatch(/interrupted after 200 MB — try again.*stay cached/);
  });

  it('Cache.add network error before any shard: check the connection', () => {
    const e = describeWebllmError(CACHE_NETWORK, QWEN);
    expect(e.code).toBe('model-unavailable');
    expect(e.message).toMatch(/check your connection/);
  });

  it('Request failed before any shard: the server refused (401/404/429)', () => {
    const e = describeWebllmError(CACHE_REFUSED, QWEN);
    expect(e.code).toBe('model-unavailable');
    expect(e.message).toMatch(/server refused.*too many requests/);
  });

  it.each(['load', 'generate'] as const)(
    'an AbortError we did not ask for while %s is shown, not hidden as cancelled',
    (phase) => {
      const abort = new DOMException('The operation was aborted.', 'AbortError');
      const e = describeWebllmError(abort, { ...QWEN, phase });
      expect(e.code).not.toBe('cancelled');
      expect(e.message).toMatch(/interrupted inside WebLLM, not by you/);
    },
  );
});
