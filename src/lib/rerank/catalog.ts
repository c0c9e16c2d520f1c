// The reranking models offered, and the spec for a model id a person types in.
// Sizes are the q8 ONNX weights plus tokenizer on the Hugging Face hub (what the wasm device loads).
import type { RerankerSpec } from './Reranker';

export const RERANKER_MODELS: readonly RerankerSpec[] = [
  {
    id: 'Xenova/ms-marco-MiniLM-L-6-v2',
    label: 'MS MARCO MiniLM L6 (English)',
    downloadMB: 23,
    languages: 'English',
    description:
      'A small cross-encoder trained on web search questions: re-orders the top results by reading the question and each passage together.',
    maxTokens: 512,
    // fp32 on webgpu: fp16 weights are not certain to exist in that repository.
    dtype: { webgpu: 'fp32', wasm: 'q8' },
  },
];

export const DEFAULT_RERANKER_ID = 'Xenova/ms-marco-MiniLM-L-6-v2';

export function findReranker(id: string): RerankerSpec | undefined {
  return RERANKER_MODELS.find((m) => m.id === id);
}

/**
 * A spec for any transformers.js cross-encoder (a text-classification model with ONNX weights in
 * `onnx/`, scoring a pair with one logit). fp32 on webgpu: not every repository ships fp16 weights.
 */
export function customRerankerSpec(
  id: string,
  options: Partial<Omit<RerankerSpec, 'id'>> = {},
): RerankerSpec {
  return {
    id,
    label: id,
    downloadMB: 0,
    languages: 'unknown',
    description: 'A reranking model you chose by its id.',
    maxTokens: 512,
    dtype: { webgpu: 'fp32', wasm: 'q8' },
    ...options,
  };
}
