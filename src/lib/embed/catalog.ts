// The embedding models offered in the menu, and the spec for a model id a person types in.
// Sizes are the q8 ONNX weights plus tokenizer on the Hugging Face hub (what the wasm device loads).
import type { EmbeddingModelSpec } from './Embedder';

export const EMBEDDING_MODELS: readonly EmbeddingModelSpec[] = [
  {
    id: 'Xenova/bge-small-en-v1.5',
    label: 'BGE small (English)',
    dim: 384,
    downloadMB: 34,
    languages: 'English',
    description: 'Strong English retrieval for its size; queries get an instruction prefix.',
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    passagePrefix: '',
    pooling: 'cls',
    maxTokens: 512,
    dtype: { webgpu: 'fp16', wasm: 'q8' },
  },
  {
    id: 'Xenova/all-MiniLM-L6-v2',
    label: 'MiniLM L6 (English, fastest)',
    dim: 384,
    downloadMB: 23,
    languages: 'English',
    description: 'Smallest and fastest; trained on short texts, so keep chunks short.',
    queryPrefix: '',
    passagePrefix: '',
    pooling: 'mean',
    maxTokens: 256,
    dtype: { webgpu: 'fp16', wasm: 'q8' },
  },
  {
    id: 'Xenova/multilingual-e5-small',
    label: 'E5 small (multilingual)',
    dim: 384,
    downloadMB: 135,
    languages: '~100 languages',
    description:
      'For documents or questions not in English; a larger download for its big vocabulary.',
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
    pooling: 'mean',
    maxTokens: 512,
    dtype: { webgpu: 'fp16', wasm: 'q8' },
  },
];

export const DEFAULT_EMBEDDING_MODEL_ID = 'Xenova/bge-small-en-v1.5';

export function findEmbeddingModel(id: string): EmbeddingModelSpec | undefined {
  return EMBEDDING_MODELS.find((m) => m.id === id);
}

export type CustomModelOptions = Partial<Omit<EmbeddingModelSpec, 'id'>>;

/**
 * A spec for any transformers.js feature-extraction model (ONNX weights in `onnx/`). Mean pooling
 * and no prefixes unless told; the dimension is learnt when it loads. fp32 on webgpu, because not
 * every repository ships fp16 weights.
 */
export function customModelSpec(id: string, options: CustomModelOptions = {}): EmbeddingModelSpec {
  return {
    id,
    label: id,
    dim: 0,
    downloadMB: 0,
    languages: 'unknown',
    description: 'A model you chose by its id.',
    queryPrefix: '',
    passagePrefix: '',
    pooling: 'mean',
    maxTokens: 512,
    dtype: { webgpu: 'fp32', wasm: 'q8' },
    ...options,
  };
}
