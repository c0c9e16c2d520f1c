// The Generator for one OpenAI-compatible server (vLLM, Ollama, llama.cpp server, LM Studio, TGI).
// It runs in the page: load() checks the server lists the model (nothing is downloaded); generate()
// streams POST /chat/completions, stops on the signal, and times the answer by our own clock.
import { RagtuneError, cancelledError, throwIfAborted } from '../../errors';
import type {
  GenerateRequest,
  GenerationResult,
  Generator,
  LoadProgressCallback,
  TokenCallback,
} from '../Generator';
import { answerResult } from './answerResult';
import { serverRoot } from './baseUrl';
import { readCompletionStream, type StreamEnd, type StreamState } from './completionStream';
import { discoverModels } from './discover';
import {
  EndpointHttpError,
  PartialAnswerError,
  connectionLost,
  httpError,
  notTheApi,
} from './errors';
import { send, sendForJson, type FetchLike } from './request';
import type { Endpoint, EndpointModel } from './types';

export interface EndpointGeneratorOptions {
  fetch?: FetchLike;
  /** Our clock (performance.now by default). */
  now?: () => number;
  /** How long a stream may stay silent before it counts as lost (completionStream.ts). */
  idleTimeoutMs?: number;
}

const TOKENIZE_TIMEOUT_MS = 15_000;
/** Statuses that say "this server has no /tokenize": asked once, then never again. */
const NO_TOKENIZER = new Set([404, 405, 501]);

export class EndpointGenerator implements Generator {
  #model: EndpointModel | undefined;
  /** Whether POST {root}/tokenize counts for this server: unknown until first asked. */
  #tokenizer: boolean | undefined;

  constructor(
    readonly endpoint: Endpoint,
    private readonly options: EndpointGeneratorOptions = {},
  ) {}

  /** The model load() found in the server's list (its context length when the server says). */
  get loaded(): EndpointModel | undefined {
    return this.#model;
  }

  /** true: counts come from the server's tokenizer; false: estimates; undefined: not asked yet. */
  get hasServerTokenizer(): boolean | undefined {
    return this.#tokenizer;
  }

  #now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }

  #auth() {
    return {
      ...(this.endpoint.apiKey ? { apiKey: this.endpoint.apiKey } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    };
  }

  /** Checks that the server lists `modelId`, remembers it, and asks once whether it can count tokens. */
  async load(modelId: string, onProgress: LoadProgressCallback): Promise<void> {
    this.#model = undefined;
    const host = new URL(this.endpoint.baseUrl).host;
    onProgress({ fraction: 0, phase: 'load', text: `Asking ${host} for its models…` });
    const { models } = await discoverModels(
      this.endpoint,
      this.options.fetch ? { fetch: this.options.fetch } : {},
    );
    const model = models.find((m) => m.id === modelId);
    if (!model) {
      const listed = models
        .slice(0, 8)
        .map((m) => m.id)
        .join(', ');
      throw new RagtuneError(
        'model-unavailable',
        `${host} does not list the model “${modelId}”${listed ? ` (it lists ${listed}${models.length > 8 ? ', …' : ''})` : ' (it lists none)'}: ` +
          'pick one it serves, or load it on the server first (vLLM: --lora-modules name=path).',
      );
    }
    this.#model = model;
    this.#tokenizer = undefined;
    await this.countServerTokens('');
    onProgress({ fraction: 1, phase: 'ready', text: `${modelId} on ${host} is ready.` });
  }

  #current(): EndpointModel {
    if (!this.#model) {
      throw new RagtuneError(
        'generation-failed',
        'No model is loaded: pick a model of this endpoint first.',
      );
    }
    return this.#model;
  }

  async generate(
    request: GenerateRequest,
    onToken: TokenCallback,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    throwIfAborted(signal);
    const model = this.#current();
    const url = `${this.endpoint.baseUrl}/chat/completions`;
    const started = this.#now();
    const body = {
      model: model.id,
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: request.temperature,
      top_p: request.topP,
      max_tokens: request.maxTokens,
      seed: request.seed,
    };
    const empty: StreamState = { text: '', reasoning: '', pieces: 0 };
    let response: Response;
    try {
      response = await send({
        url,
        method: 'POST',
        body,
        modelId: model.id,
        ...(signal ? { signal } : {}),
        ...this.#auth(),
      });
    } catch (error) {
      // A stop before the server answered is a stop like any other: nothing streamed yet.
      if (signal?.aborted && !(error instanceof RagtuneError && error.code !== 'cancelled')) {
        return this.#result(empty, request, started, true);
      }
      throw error;
    }
    const { state, end } = await readCompletionStream(response, {
      onToken,
      ...(signal ? { signal } : {}),
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.idleTimeoutMs ? { idleTimeoutMs: this.options.idleTimeoutMs } : {}),
    });
    return this.#ended(state, end, request, started, url);
  }

  #ended(
    state: StreamState,
    end: StreamEnd,
    request: GenerateRequest,
    started: number,
    url: string,
  ): GenerationResult {
    const model = this.#current().id;
    switch (end.kind) {
      case 'done':
        return this.#result(state, request, started, false);
      case 'stopped':
        return this.#result(state, request, started, true);
      case 'lost':
        throw connectionLost(url, this.#result(state, request, started, false), end.cause);
      case 'error': {
        const described = httpError(end.error.status ?? 500, end.error, { url, modelId: model });
        throw new PartialAnswerError(
          described.code,
          described.message,
          this.#result(state, request, started, false),
        );
      }
      case 'not-json': {
        const described = notTheApi(url, 'the answer', end.cause);
        throw new PartialAnswerError(
          described.code,
          described.message,
          this.#result(state, request, started, false),
        );
      }
    }
  }

  #result(
    state: StreamState,
    request: GenerateRequest,
    started: number,
    stopped: boolean,
  ): GenerationResult {
    const timing = { started, ended: this.#now() };
    return answerResult(state, request, timing, this.#current().id, stopped);
  }

  /**
   * Tokens of `text` in the server's own tokenizer (vLLM: POST {root}/tokenize), or undefined when
   * the server has none (asked once, then remembered) or did not answer: the caller estimates.
   */
  async countServerTokens(text: string, signal?: AbortSignal): Promise<number | undefined> {
    if (this.#tokenizer === false) return undefined;
    const model = this.#current();
    let body: unknown;
    try {
      body = await sendForJson(
        {
          url: `${serverRoot(this.endpoint.baseUrl)}/tokenize`,
          method: 'POST',
          body: { model: model.id, prompt: text },
          timeoutMs: TOKENIZE_TIMEOUT_MS,
          ...(signal ? { signal } : {}),
          ...this.#auth(),
        },
        'POST /tokenize',
      );
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      if (error instanceof EndpointHttpError && NO_TOKENIZER.has(error.status)) {
        this.#tokenizer = false;
      }
      return undefined;
    }
    // vLLM answers {count, max_model_len, tokens}. llama.cpp's /tokenize wants `content`, not
    // `prompt`, and answers {tokens: []} to this request: no count, so no server tokenizer.
    const n =
      typeof body === 'object' && body !== null ? (body as { count?: unknown }).count : undefined;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      this.#tokenizer = false;
      return undefined;
    }
    this.#tokenizer = true;
    return n;
  }

  /** Nothing to free on our side: the server keeps its model. */
  async unload(): Promise<void> {
    this.#model = undefined;
    this.#tokenizer = undefined;
  }
}
