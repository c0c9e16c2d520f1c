// Our Generator over an injected WebLLM engine: loads with readable progress, streams answers without
// their thinking, stops on abort, notices a model WebLLM lost, and reports figures (stats.ts).
import { RagtuneError, throwIfAborted, toRagtuneError } from '../../errors';
import type {
  GenerateRequest,
  GenerationResult,
  Generator,
  LoadProgressCallback,
  TokenCallback,
} from '../Generator';
import { describeWebllmError, type WebllmErrorContext } from './errors';
import { trackInitProgress } from './progress';
import { parseModelId } from './records';
import { foldSystem, foldsSystem } from './templates';
import { NEUTRAL_PENALTIES, statsFrom } from './stats';
import { ThinkSplitter, thinkingOf, type Thinking } from './thinking';
import type {
  AppConfig,
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  CompletionUsage,
  InitProgressCallback,
  MLCEngineConfig,
} from './webllm';

/** The part of WebLLM's engine we use; its WebWorkerMLCEngine and MLCEngine both have it. */
export interface ChatEngine {
  chat: {
    completions: {
      create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
    };
  };
  reload(modelId: string): Promise<void>;
  setAppConfig(appConfig: AppConfig): void;
  setInitProgressCallback(callback: InitProgressCallback): void;
  interruptGenerate(): void;
  unload(): Promise<void>;
  /** Rejects with ModelNotLoadedError when no model is loaded: how we ask "still loaded?". */
  getMessage(): Promise<string>;
}

export interface EngineHandle {
  engine: ChatEngine;
  /** Ends what the factory started (the worker). */
  dispose(): void;
}

/** Creates an engine with `modelId` loaded, like WebLLM's CreateWebWorkerMLCEngine. */
export type EngineFactory = (modelId: string, config: MLCEngineConfig) => Promise<EngineHandle>;

export interface WebllmGeneratorOptions {
  createEngine: EngineFactory;
  /** The model list to load from (prebuilt plus custom); default WebLLM's prebuilt list. */
  appConfig?: () => AppConfig | Promise<AppConfig>;
  /** Facts for error messages: a name, VRAM, download size, the f32 twin. */
  describeModel?: (modelId: string) => Partial<WebllmErrorContext>;
  /** Whether the model thinks before answering; default read off its id (thinking.ts). */
  thinkingOf?: (modelId: string) => Thinking;
  /** The id whose chat template applies (a custom model's base); default the id itself. */
  templateOf?: (modelId: string) => string;
  isOnline?: () => boolean;
  now?: () => number;
}

/** Whether the engine still holds a model; WebLLM unloads by itself when the GPU device is lost. */
async function hasModel(engine: ChatEngine): Promise<boolean> {
  try {
    await engine.getMessage();
    return true;
  } catch {
    return false;
  }
}

export function createWebllmGenerator(options: WebllmGeneratorOptions): Generator {
  const now = options.now ?? (() => performance.now());
  const isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine ?? true);
  let handle: EngineHandle | undefined;
  let loadedId: string | undefined;

  const describe = (
    error: unknown,
    phase: 'load' | 'generate',
    modelId: string,
    fetchedBytes?: number,
  ) =>
    describeWebllmError(error, {
      ...options.describeModel?.(modelId),
      phase,
      modelId,
      online: isOnline(),
      fetchedBytes,
    });

  async function unload(): Promise<void> {
    const current = handle;
    handle = undefined;
    loadedId = undefined;
    if (!current) return;
    try {
      await current.engine.unload();
    } catch {
      // The device may already be gone; ending the worker frees it either way.
    } finally {
      current.dispose();
    }
  }

  const label = (modelId: string) =>
    options.describeModel?.(modelId).label ?? parseModelId(modelId).name;

  /** WebLLM unloaded the model itself (a lost GPU device): drop the engine and say so. */
  async function lost(current: EngineHandle, modelId: string, cause: unknown) {
    if (handle === current) await unload();
    return new RagtuneError(
      'model-lost',
      `The GPU was reset (its device was lost), so WebLLM unloaded ${label(modelId)}. ` +
        'It loads again from the cache with your next question.',
      { cause },
    );
  }

  async function load(modelId: string, onProgress: LoadProgressCallback): Promise<void> {
    const initProgressCallback = trackInitProgress(onProgress, now);
    try {
      const appConfig = await options.appConfig?.();
      if (handle) {
        if (appConfig) handle.engine.setAppConfig(appConfig);
        handle.engine.setInitProgressCallback(initProgressCallback);
        loadedId = undefined;
        await handle.engine.reload(modelId);
      } else {
        handle = await options.createEngine(modelId, {
          initProgressCallback,
          ...(appConfig ? { appConfig } : {}),
        });
      }
      // reload() returns normally when something aborted it (a device loss unloads, which aborts
      // the load): only a model that answers getMessage() counts as loaded.
      if (!(await hasModel(handle.engine))) {
        throw new RagtuneError(
          'model-lost',
          `Loading ${label(modelId)} stopped before the model was ready (WebLLM was interrupted, ` +
            'as by a GPU reset): try again; the parts already downloaded stay cached.',
        );
      }
      loadedId = modelId;
    } catch (error) {
      // A failed load can leave the engine without a GPU device: start afresh next time.
      await unload();
      throw describe(error, 'load', modelId, initProgressCallback.downloadUnderWay());
    }
  }

  async function generate(
    request: GenerateRequest,
    onToken: TokenCallback,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const current = handle;
    const modelId = loadedId;
    if (!current || !modelId) {
      throw new RagtuneError('generation-failed', 'No model is loaded: load a model first.');
    }
    throwIfAborted(signal);
    const { engine } = current;
    const clock = {
      started: now(),
      firstToken: undefined as number | undefined,
      ended: 0,
      pieces: 0,
    };
    const template = options.templateOf?.(modelId) ?? modelId;
    const messages = foldsSystem(template) ? foldSystem(request.messages) : request.messages;
    const thinking = (options.thinkingOf ?? thinkingOf)(template);
    // Reasoning stays out of the shown (and scored) answer; an always-thinking model starts in it.
    const split = new ThinkSplitter(thinking === 'always');
    let finish: string | null | undefined;
    let answeredBy = modelId;
    let usage: CompletionUsage | undefined;
    let stopped = false;
    let interruptedAgain = false;
    let callbackError: unknown;
    const stop = () => {
      stopped = true;
      engine.interruptGenerate();
    };
    const fail = (error: unknown) => {
      if (callbackError !== undefined) return;
      callbackError = error;
      stop();
    };
    const emit = (piece: string) => {
      if (!piece || callbackError !== undefined) return;
      try {
        // Across Comlink the page's callback returns a promise: its rejection arrives later.
        const returned: unknown = onToken(piece);
        if (returned instanceof Promise) returned.catch(fail);
      } catch (error) {
        fail(error);
      }
    };
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const stream = await engine.chat.completions.create({
        messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: request.temperature,
        top_p: request.topP,
        max_tokens: request.maxTokens,
        seed: request.seed,
        repetition_penalty: NEUTRAL_PENALTIES.repetition,
        frequency_penalty: NEUTRAL_PENALTIES.frequency,
        presence_penalty: NEUTRAL_PENALTIES.presence,
        // Without it a hybrid model (Qwen3) spends the answer budget thinking (forwardPrefill).
        ...(thinking === 'hybrid' ? { extra_body: { enable_thinking: false } } : {}),
      });
      // Always read to the end: WebLLM holds the model until its stream finishes.
      for await (const chunk of stream) {
        if (chunk.model) answeredBy = chunk.model;
        if (chunk.usage) usage = chunk.usage;
        if (stopped) {
          // WebLLM clears its interrupt flag when a request starts: say it again once it streams.
          if (!interruptedAgain) engine.interruptGenerate();
          interruptedAgain = true;
          continue;
        }
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finish = choice.finish_reason;
        const delta = choice?.delta.content;
        if (!delta) continue;
        clock.firstToken ??= now();
        clock.pieces += 1;
        emit(split.push(delta));
      }
    } catch (error) {
      if (!(await hasModel(engine))) throw await lost(current, modelId, error);
      if (!stopped) throw describe(error, 'generate', modelId);
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    const parts = split.finish();
    if (!stopped) emit(parts.shown);
    if (callbackError !== undefined) throw toRagtuneError(callbackError);
    clock.ended = now();
    return {
      // Stopped: exactly what reached onToken (a held-back piece never did).
      text: stopped
        ? parts.answer.slice(0, parts.answer.length - parts.shown.length)
        : parts.answer,
      stopped,
      stats: { ...statsFrom(usage, answeredBy, clock), penalties: { ...NEUTRAL_PENALTIES } },
      ...(finish === 'length' ? { cutOff: true } : {}),
      ...(parts.reasoning ? { reasoning: parts.reasoning } : {}),
      ...(messages !== request.messages ? { prompt: messages } : {}),
    };
  }

  return { load, generate, unload };
}
