// What an embedding model is (its spec) and what a loaded one does, whatever runs it. The library
// stores `spec.id` and `spec.dim` beside the vectors, so a model change forces a re-index.

export interface EmbeddingModelSpec {
  /** Hub id, e.g. 'Xenova/bge-small-en-v1.5'. */
  id: string;
  label: string;
  /** Vector length; 0 while unknown (a custom model): the loaded Embedder's spec has the real one. */
  dim: number;
  /** Approximate download on the wasm device (q8 weights + tokenizer); 0 when unknown. */
  downloadMB: number;
  languages: string;
  description: string;
  /** Prepended to queries / passages before embedding, as the model was trained. */
  queryPrefix: string;
  passagePrefix: string;
  pooling: 'mean' | 'cls';
  /** Longest input the model reads; longer text is truncated, so chunks should stay below it. */
  maxTokens: number;
  /** Weights to load on each device. fp16 on webgpu needs the adapter's 'shader-f16' (else fp32). */
  dtype: { webgpu: 'fp16' | 'fp32'; wasm: 'q8' | 'fp32' };
}

export type EmbedKind = 'query' | 'passage';

export interface Embedder {
  /** The spec as loaded: `dim` is the model's actual output size. */
  readonly spec: EmbeddingModelSpec;
  readonly device: 'webgpu' | 'wasm';
  /** n × dim floats, row-major, each row unit length (a row is all zeros only if the model gave zeros). */
  embed(texts: string[], kind: EmbedKind): Promise<Float32Array>;
  /** Tokens of `text` in the model's tokenizer, without special tokens or the prefix. */
  countTokens(text: string): number;
  dispose(): Promise<void>;
}
