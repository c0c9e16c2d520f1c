// Text generation with transformers.js: a causal LM and its tokenizer behind a small handle that
// applies the chat template, streams text deltas, samples (or decodes greedily) and stops on demand.
import { RagtuneError, throwIfAborted } from '../errors';
import {
  LogitsProcessor,
  LogitsProcessorList,
  StoppingCriteria,
  TextStreamer,
  guardedLoad,
  isPipelineCached,
  pipeline,
  random,
  runtimeDevice,
  type LoadOptions,
} from './transformers';

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** `signal` rejects at once and aborts the downloads in flight; a late result is disposed. */
export type TextGeneratorLoadOptions = LoadOptions;

export interface TextGenerationOptions {
  maxTokens: number;
  /** 0 decodes greedily; above 0 samples with this temperature. */
  temperature: number;
  /** Nucleus sampling in (0, 1]; 1 turns it off. Ignored when greedy. */
  topP: number;
  /** Seeds transformers.js' sampler (a global MT19937) before a sampled generation. */
  seed?: number;
  /** Text deltas as they become stable; their concatenation is the result's text. */
  onToken?: (piece: string) => void;
  /** Called once per generated token, the stop token included (for timing). */
  onStep?: () => void;
  /** Ends the generation after the current token: the result has `stopped: true`. */
  signal?: AbortSignal;
}

export interface TextGenerationOutput {
  text: string;
  promptTokens: number;
  /** Generated tokens, without the final stop token. */
  completionTokens: number;
  stopped: boolean;
}

export interface TextGenerator {
  readonly modelId: string;
  /** Prompt plus answer tokens the model accepts. */
  readonly contextLength: number;
  generate(messages: ChatTurn[], options: TextGenerationOptions): Promise<TextGenerationOutput>;
  countTokens(text: string): number;
  /** The exact prompt the model reads, generation prompt included. */
  applyChatTemplate(messages: ChatTurn[]): string;
  dispose(): Promise<void>;
}

type Logits = Parameters<LogitsProcessor['_call']>[1];

/** Ends generation once `signal` has fired (checked after every token). */
class AbortCriteria extends StoppingCriteria {
  constructor(private readonly signal: AbortSignal | undefined) {
    super();
  }
  override _call(inputIds: number[][]): boolean[] {
    return inputIds.map(() => this.signal?.aborted === true);
  }
}

/** Top-p (nucleus) filtering, which transformers.js 4.3 declares but does not apply. */
class TopPProcessor extends LogitsProcessor {
  constructor(private readonly topP: number) {
    super();
  }
  // The generation loop uses the returned tensor, although the declared type says void.
  override _call(_inputIds: bigint[][], logits: Logits): Logits {
    const data = logits.data;
    if (!(data instanceof Float32Array)) return logits;
    const vocab = logits.dims.at(-1) ?? data.length;
    for (let start = 0; start < data.length; start += vocab) {
      keepNucleus(data.subarray(start, start + vocab), this.topP);
    }
    return logits;
  }
}

/** Sets every logit outside the smallest set of tokens holding `topP` of the mass to -Infinity. */
export function keepNucleus(row: Float32Array, topP: number): void {
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  // Tokens 20 nats below the best hold a negligible share: sort only the others.
  const order: number[] = [];
  for (let i = 0; i < row.length; i++) if (row[i]! > max - 20) order.push(i);
  order.sort((a, b) => row[b]! - row[a]!);
  const kept = new Set<number>();
  let mass = 0;
  for (const i of order) {
    kept.add(i);
    mass += Math.exp(row[i]! - max) / sum;
    if (mass >= topP) break;
  }
  // When the kept tokens fall short (the tail is needed too), everything stays.
  for (let i = 0; i < row.length && mass >= topP; i++) if (!kept.has(i)) row[i] = -Infinity;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]$/;

/** Collects the generated ids and passes on text deltas, holding back a word that may change. */
class DeltaStreamer extends TextStreamer {
  readonly ids: bigint[] = [];
  sent = '';

  constructor(
    tokenizer: ConstructorParameters<typeof TextStreamer>[0],
    private readonly hooks: Pick<TextGenerationOptions, 'onToken' | 'onStep'>,
  ) {
    super(tokenizer);
  }

  override put(value: bigint[][]): void {
    if (this.next_tokens_are_prompt) {
      this.next_tokens_are_prompt = false; // generate() first hands over the prompt
      return;
    }
    this.hooks.onStep?.();
    this.ids.push(...(value[0] ?? []));
    this.flush(false);
  }

  override end(): void {
    this.flush(true);
  }

  private flush(final: boolean): void {
    if (this.ids.length === 0) return;
    const text = this.tokenizer.decode(this.ids, { skip_special_tokens: true });
    const cut =
      final || CJK.test(text)
        ? text.length
        : Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n')) + 1;
    const stable = text.slice(0, cut).replace(/\uFFFD+$/, '');
    // A decode that rewrote text already sent (rare) is not sent: the text stays what was streamed.
    if (stable.length <= this.sent.length || !stable.startsWith(this.sent)) return;
    this.hooks.onToken?.(stable.slice(this.sent.length));
    this.sent = stable;
  }
}

/** Lets the event loop run (so a stop request can arrive) before each forward pass. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') return void setImmediate(resolve);
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

export async function loadTextGenerator(
  modelId: string,
  options: TextGeneratorLoadOptions,
): Promise<TextGenerator> {
  const generator = await guardedLoad(modelId, options, (progress_callback) =>
    pipeline('text-generation', modelId, {
      device: runtimeDevice(options.device),
      dtype: options.dtype,
      progress_callback,
    }),
  );
  const { tokenizer, model } = generator;
  // The decoding loop awaits only microtasks on the wasm device: yield a task before each step.
  const host = model as unknown as { forward: (inputs: unknown) => Promise<unknown> };
  const forward = host.forward.bind(model);
  host.forward = async (inputs) => {
    await nextTask();
    return forward(inputs);
  };
  // The config's limit, else the tokenizer's (often a placeholder such as 1e30).
  const config = model.config as { max_position_embeddings?: unknown };
  const limits = [config.max_position_embeddings, tokenizer.model_max_length].map(Number);
  const contextLength = limits.find((n) => n > 0 && n < 1e7) ?? 2048;
  const special = new Set(tokenizer.all_special_ids.map(BigInt));
  const countTokens = (text: string) =>
    tokenizer.encode(text, { add_special_tokens: false }).length;
  const applyChatTemplate = (messages: ChatTurn[]) =>
    String(
      tokenizer.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true }),
    );
  let running = false;

  return {
    modelId,
    contextLength,
    countTokens,
    applyChatTemplate,
    async generate(messages, opts) {
      throwIfAborted(opts.signal);
      if (running) throw new RagtuneError('internal', 'A generation is already running.');
      const prompt = applyChatTemplate(messages);
      const inputs = tokenizer(prompt, { add_special_tokens: false });
      const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
      const room = contextLength - promptTokens;
      if (room < 1) {
        throw new RagtuneError(
          'context-too-long',
          `The prompt is ${promptTokens} tokens but ${modelId} reads at most ${contextLength}. Use fewer or shorter sources.`,
        );
      }
      const sample = opts.temperature > 0;
      if (sample && opts.seed !== undefined) random.seed(opts.seed);
      const processors = new LogitsProcessorList();
      if (sample && opts.topP > 0 && opts.topP < 1) processors.push(new TopPProcessor(opts.topP));
      const streamer = new DeltaStreamer(tokenizer, opts);
      running = true;
      try {
        await model.generate({
          ...inputs,
          max_new_tokens: Math.max(1, Math.min(opts.maxTokens, room)),
          do_sample: sample,
          ...(sample ? { temperature: opts.temperature } : {}),
          logits_processor: processors,
          stopping_criteria: [new AbortCriteria(opts.signal)],
          streamer,
        });
      } finally {
        running = false;
      }
      const last = streamer.ids.at(-1);
      const completionTokens =
        streamer.ids.length - (last !== undefined && special.has(last) ? 1 : 0);
      const stopped = opts.signal?.aborted === true;
      // end() has flushed the rest: the text is exactly what onToken received.
      return { text: streamer.sent, promptTokens, completionTokens, stopped };
    },
    dispose: () => generator.dispose(),
  };
}

/** Whether every file the text-generation pipeline needs is already in the cache. */
export function isTextGeneratorCached(modelId: string, options: LoadOptions): Promise<boolean> {
  return isPipelineCached('text-generation', modelId, options);
}
