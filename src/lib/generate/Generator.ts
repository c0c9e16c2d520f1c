// The engine-independent contract for text generation. WebLLM (WebGPU) and transformers.js (ONNX)
// both implement it, so the chat, the RAG layer and the lab drive either one the same way; what
// differs by engine (menus, model facts, custom-model forms) is still branched on by name in the
// state and a few components (generate/engines.ts names the engines once).

export type ChatRole = 'system' | 'user' | 'assistant';

/** Tokens of `text` in the model's tokenizer (Generator.countTokens), or an estimate. */
export type CountTokens = (text: string) => number | Promise<number>;

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** One generation. The lab sends the same settings and seed to every arm of a comparison. */
export interface GenerateRequest {
  /** At most one system message, first; the last message is the user's question. */
  messages: ChatMessage[];
  /** 0 samples greedily (the most repeatable answers). */
  temperature: number;
  /** Nucleus sampling, in (0, 1]. */
  topP: number;
  /** Upper bound on generated tokens. */
  maxTokens: number;
  /** Integer sampling seed: same model, messages, settings and seed → same answer on one engine. */
  seed: number;
}

/** Figures for one generation; engine-reported where the engine reports them (see timingSource). */
export interface GenerationStats {
  /** The prompt's size: the builder's count once the chat or lab has it (withBuilderPrompt). */
  promptTokens: number;
  /**
   * Prompt tokens the engine itself prefilled: WebLLM reuses its KV cache across turns and counts
   * only the new round, so this may be fewer than the prompt.
   */
  prefillTokens?: number;
  completionTokens: number;
  /** From the call to the first piece of text, by our clock in every engine (so they compare). */
  timeToFirstTokenMs: number;
  prefillTokensPerS: number;
  decodeTokensPerS: number;
  totalMs: number;
  /** The engine's own id of the model that produced the text: how a UI proves who answered. */
  modelId: string;
  /** 'engine': figures the engine measured; 'client': our own clock and chunk count (approximate). */
  timingSource: 'engine' | 'client';
  /** Penalties the engine applied (sent explicitly, so no model's own defaults differ). */
  penalties?: { repetition: number; frequency: number; presence: number };
}

export interface GenerationResult {
  /** The whole answer; when stopped, exactly the text passed to onToken before the stop. */
  text: string;
  stats: GenerationStats;
  /** True when the AbortSignal ended the generation early. */
  stopped: boolean;
  /** The token limit (maxTokens) ended the answer: it is cut off. */
  cutOff?: boolean;
  /** A reasoning model's thinking (its `<think>` block), kept out of `text` but kept to view. */
  reasoning?: string;
  /** The messages as the engine received them, when the adapter changed them (Gemma's system). */
  prompt?: ChatMessage[];
}

export type LoadPhase = 'download' | 'load' | 'compile' | 'ready';

export interface LoadProgress {
  /** 0..1 over the whole load; never goes backwards. */
  fraction: number;
  /** A line a person can read ("Downloading weights: 120 MB of 300 MB"). */
  text: string;
  phase?: LoadPhase;
  /** Bytes fetched or read so far and in all, when the engine says (may be approximate). */
  loadedBytes?: number;
  totalBytes?: number;
  /** Network speed over the last seconds while downloading (cache reads excluded), when known. */
  bytesPerSecond?: number;
  /** Time left at that speed, when the total is known. */
  secondsLeft?: number;
  /** No byte has arrived for a few seconds. */
  stalled?: boolean;
}

export type LoadProgressCallback = (progress: LoadProgress) => void;

/** Receives each new piece of the answer (a delta, not the text so far). */
export type TokenCallback = (text: string) => void;

/**
 * A text generator with one model loaded at a time. Every rejection is a RagtuneError whose message
 * says what to do. Calls are not meant to overlap: await one generate before the next.
 */
export interface Generator {
  /** Downloads (or reads from cache) and prepares `modelId`; replaces any model already loaded. */
  load(modelId: string, onProgress: LoadProgressCallback): Promise<void>;
  /**
   * Streams an answer to `onToken`. Aborting `signal` stops it and resolves with the text so far
   * and `stopped: true`; a signal already aborted before the start rejects with 'cancelled'.
   */
  generate(
    request: GenerateRequest,
    onToken: TokenCallback,
    signal?: AbortSignal,
  ): Promise<GenerationResult>;
  /** Tokens of `text` in the loaded model's tokenizer, when the engine exposes one. */
  countTokens?(text: string): Promise<number>;
  /** Frees the model and its GPU memory; load() may be called again afterwards. */
  unload(): Promise<void>;
}

/**
 * Tokens of `text` by estimate, for when no tokenizer is at hand (a WebLLM model whose tokenizer
 * could not be read, a server without /tokenize): English runs at about 4 characters per token;
 * dividing by 3.5 errs towards too many.
 */
export const estimateTokens: CountTokens = (text) => Math.ceil(text.length / 3.5);

/** Stats showing the prompt size the prompt builder counted, keeping the engine's own count. */
export function withBuilderPrompt(stats: GenerationStats, builderTokens: number): GenerationStats {
  if (!(builderTokens > 0)) return stats;
  return {
    ...stats,
    promptTokens: builderTokens,
    prefillTokens: stats.prefillTokens ?? stats.promptTokens,
  };
}
