// What a reranking model is (its spec) and what a loaded one does: a cross-encoder that scores how
// well each passage answers a query, reading both together (slower than vectors, more precise).

export interface RerankerSpec {
  /** Hub id, e.g. 'Xenova/ms-marco-MiniLM-L-6-v2'. */
  id: string;
  label: string;
  /** Approximate download on the wasm device (q8 weights + tokenizer); 0 when unknown. */
  downloadMB: number;
  languages: string;
  description: string;
  /** Longest query + passage pair the model reads; the passage's tail is truncated beyond it. */
  maxTokens: number;
  /** Weights to load on each device. fp16 on webgpu needs the adapter's 'shader-f16' (else fp32). */
  dtype: { webgpu: 'fp16' | 'fp32'; wasm: 'q8' | 'fp32' };
}

export interface Reranker {
  readonly spec: RerankerSpec;
  readonly device: 'webgpu' | 'wasm';
  /**
   * One relevance score per passage, aligned with `passages` (not sorted): the model's raw logit,
   * higher = more relevant. Only the order is meaningful; scales differ between models.
   */
  rerank(query: string, passages: string[]): Promise<number[]>;
  dispose(): Promise<void>;
}
