// A stand-in for WebLLM's WebWorkerMLCEngine for the adapter's tests: progress reports, streamed
// chunks, an interrupt flag cleared when a request starts, a usage chunk last, worker-style rejections.
import type {
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  CompletionUsage,
  InitProgressCallback,
  InitProgressReport,
  MLCEngineConfig,
} from '../../../../src/lib/generate/webllm/webllm';
import {
  createWebllmGenerator,
  type ChatEngine,
  type WebllmGeneratorOptions,
} from '../../../../src/lib/generate/webllm/webllmGenerator';

export const QWEN = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
export const CODER = 'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC';

export const USAGE: CompletionUsage = {
  prompt_tokens: 120,
  completion_tokens: 3,
  total_tokens: 123,
  extra: {
    e2e_latency_s: 1.5,
    prefill_tokens_per_s: 800,
    decode_tokens_per_s: 42.5,
    time_to_first_token_s: 0.25,
    time_per_output_token_s: 0.0235,
  },
};

const REPORTS = [
  { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
  {
    progress: 0.33,
    timeElapsed: 2,
    text: 'Fetching param cache[3/9]: 100MB fetched. 33% completed, 2 secs elapsed. It can take a while',
  },
  {
    progress: 1,
    timeElapsed: 6,
    text: 'Fetching param cache[9/9]: 303MB fetched. 100% completed, 6 secs elapsed.',
  },
  {
    progress: 0.5,
    timeElapsed: 7,
    text: 'Loading GPU shader modules[40/80]: 50% completed, 7 secs elapsed.',
  },
  { progress: 1, timeElapsed: 8, text: 'Finish loading on WebGPU - swiftshader' },
];

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

type Finish = 'stop' | 'abort' | 'length';

function chunk(model: string, content?: string, finish?: Finish): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 0,
    model,
    choices:
      content === undefined && !finish
        ? []
        : [{ index: 0, delta: { content: content ?? '' }, finish_reason: finish ?? null }],
  };
}

export interface Script {
  tokens?: string[];
  usage?: CompletionUsage | undefined;
  /** What chunk.model says: the model that really answered. */
  answeredBy?: string;
  createError?: unknown;
  reloadError?: unknown;
  streamError?: { afterTokens: number; error: unknown };
  /** Runs inside create(), before the stream starts (an abort here is lost by WebLLM). */
  beforeStream?: () => void;
  /** The init progress reports a load sends (default: a whole download, shaders, ready). */
  reports?: InitProgressReport[];
  /**
   * A reasoning model: 'hybrid' (Qwen3) thinks unless the request sends enable_thinking: false,
   * when WebLLM puts an empty think block first in the output; 'always' (R1 distills) thinks, its
   * template having opened the block already. The reasoning streams before `tokens`.
   */
  thinks?: { kind: 'hybrid' | 'always'; reasoning: string[] };
  /**
   * The GPU device is lost after some tokens of an answer (or call `loseDevice()` between calls).
   * WebLLM then unloads the model itself (its device.lost handler), so later requests reject with
   * ModelNotLoadedError; the stream under way ends with `error` (default an AbortError).
   */
  loseDevice?: { afterTokens: number; error?: unknown };
  /** reload() is aborted (as unload() does) and, like WebLLM's, resolves with nothing loaded. */
  abortReload?: boolean;
}

/** What WebLLM 0.2.86 rejects with once no model is loaded (getModelIdToUse). */
export const NOT_LOADED =
  'ModelNotLoadedError: Model not loaded before trying to complete ChatCompletion. Please ensure you have called `MLCEngine.reload(model)` to load the model before initiating APIs, or initialize your engine using CreateMLCEngine() with a valid model configuration.';

/** A load of a model already cached: WebLLM reads the shards into the GPU ("upload"). */
export const CACHED_REPORTS: InitProgressReport[] = [
  { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
  {
    progress: 0.5,
    timeElapsed: 1,
    text: 'Loading model from cache[5/9]: 152MB loaded. 50% completed, 1 secs elapsed.',
  },
  {
    progress: 1,
    timeElapsed: 2,
    text: 'Loading model from cache[9/9]: 303MB loaded. 100% completed, 2 secs elapsed.',
  },
  {
    progress: 0.5,
    timeElapsed: 3,
    text: 'Loading GPU shader modules[40/80]: 50% completed, 3 secs elapsed.',
  },
  { progress: 1, timeElapsed: 4, text: 'Finish loading on WebGPU - swiftshader' },
];

/** A stand-in for WebWorkerMLCEngine, with WebLLM's interrupt semantics. */
export function standIn(script: Script) {
  const log = { requests: [] as ChatCompletionRequestStreaming[], interrupts: 0, unloads: 0 };
  let interrupted = false;
  let loaded = '';
  let progress: InitProgressCallback | undefined;
  const state = { drained: false, disposed: 0, created: 0, reloads: [] as string[], appConfigs: 0 };

  /** What the model writes: any reasoning, then the answer (each piece one token). */
  function output(request: ChatCompletionRequestStreaming): string[] {
    const answer = script.tokens ?? [];
    const thinks = script.thinks;
    if (!thinks) return answer;
    if (thinks.kind === 'hybrid' && request.extra_body?.enable_thinking === false) {
      return ['<think>\n\n</think>\n\n', ...answer];
    }
    const open = thinks.kind === 'hybrid' ? ['<think>'] : [];
    return [...open, ...thinks.reasoning, '</think>', '\n\n', ...answer];
  }

  async function* stream(
    request: ChatCompletionRequestStreaming,
  ): AsyncGenerator<ChatCompletionChunk> {
    interrupted = false; // WebLLM clears the flag when a request starts
    state.drained = false;
    const model = script.answeredBy ?? loaded;
    let finish: Finish = 'stop';
    const limit = request.max_tokens ?? Infinity;
    const lose = script.loseDevice;
    for (const [i, token] of output(request).entries()) {
      await tick();
      if (script.streamError?.afterTokens === i) throw script.streamError.error;
      if (lose?.afterTokens === i) {
        loaded = '';
        throw lose.error ?? new DOMException('The operation was aborted.', 'AbortError');
      }
      if (interrupted) {
        finish = 'abort';
        break;
      }
      if (i >= limit) {
        finish = 'length';
        break;
      }
      yield chunk(model, token);
    }
    yield chunk(model, '', finish);
    if (script.usage) yield { ...chunk(model), usage: script.usage };
    state.drained = true;
  }

  const engine: ChatEngine = {
    chat: {
      completions: {
        async create(request) {
          log.requests.push(request);
          script.beforeStream?.();
          await tick();
          if (!loaded) throw new Error(NOT_LOADED);
          return stream(request);
        },
      },
    },
    async reload(modelId) {
      state.reloads.push(modelId);
      for (const r of script.reports ?? REPORTS) progress?.(r);
      if (script.reloadError !== undefined) throw script.reloadError;
      settle(modelId);
    },
    setAppConfig: () => void (state.appConfigs += 1),
    setInitProgressCallback: (cb) => void (progress = cb),
    interruptGenerate: () => {
      log.interrupts += 1;
      interrupted = true;
    },
    async unload() {
      log.unloads += 1;
      loaded = '';
    },
    async getMessage() {
      await tick();
      if (!loaded) throw new Error(NOT_LOADED.replace('ChatCompletion', 'getMessage'));
      return '';
    },
  };

  /** The end of a load: loaded, unless aborted. */
  function settle(modelId: string) {
    loaded = script.abortReload ? '' : modelId;
  }

  const options: WebllmGeneratorOptions = {
    async createEngine(modelId: string, config: MLCEngineConfig) {
      state.created += 1;
      progress = config.initProgressCallback;
      for (const r of script.reports ?? REPORTS) progress?.(r);
      if (script.createError !== undefined) throw script.createError;
      settle(modelId);
      return { engine, dispose: () => void (state.disposed += 1) };
    },
    isOnline: () => true,
  };
  /** The GPU is reset between calls: WebLLM's device.lost handler unloads the model. */
  const loseDevice = () => void (loaded = '');
  return { options, log, state, loseDevice };
}

export const REQUEST = {
  messages: [
    { role: 'system' as const, content: 'Answer from the sources.' },
    { role: 'user' as const, content: 'What is RAG?' },
  ],
  temperature: 0,
  topP: 0.9,
  maxTokens: 64,
  seed: 7,
};

export async function loaded(script: Script, extra: Partial<WebllmGeneratorOptions> = {}) {
  const fake = standIn(script);
  const generator = createWebllmGenerator({ ...fake.options, ...extra });
  await generator.load(QWEN, () => {});
  return { ...fake, generator };
}
