// The transformers.js (ONNX) model menu: small instruct models with ONNX weights that run without
// WebGPU, grouped as WebLLM's are — a base and the fine-tunes of it — with sizes per device.
import type { ModelDtype } from '../../ml/transformers';

export interface TransformersModelEntry {
  /** Hub id, e.g. 'onnx-community/Qwen2.5-0.5B-Instruct'. */
  id: string;
  name: string;
  family: string;
  isBase: boolean;
  /** What the fine-tune changed ('instruct' for a family's base). */
  tuning: 'instruct' | 'code';
  licence: string;
  /** Tokens of prompt plus answer (config.json's max_position_embeddings). */
  contextWindow: number;
  /** Weights per device: 'f16' is WebGPU with shader-f16, 'webgpu' without it. */
  dtype: { f16: ModelDtype; webgpu: ModelDtype; wasm: ModelDtype };
  /** Approximate download (weights file + tokenizer) for each of those. */
  downloadMB: { f16: number; webgpu: number; wasm: number };
}

/** What config.json says about a model's architecture: a fine-tune of the base keeps all of it. */
export interface ModelShape {
  modelType: string;
  hiddenSize: number;
  numHiddenLayers: number;
  vocabSize: number;
}

export interface TransformersModelFamily {
  name: string;
  /** The base's config.json shape: your own ONNX fine-tune of it joins this family. */
  shape: ModelShape;
  base: TransformersModelEntry;
  variants: TransformersModelEntry[];
}

// Sizes from the repos' onnx/ folders (model_q4f16.onnx, model_q4.onnx, model_quantized.onnx);
// shapes from their config.json files.
const QWEN = { licence: 'Apache-2.0', contextWindow: 32768 };
const QWEN_DTYPE = { f16: 'q4f16', webgpu: 'q4', wasm: 'q8' } as const;
// SmolLM2's improved ONNX export ships fp32, fp16, q4 and q4f16 only: q4 on wasm.
const SMOL = { licence: 'Apache-2.0', contextWindow: 8192 };
const SMOL_DTYPE = { f16: 'q4f16', webgpu: 'q4', wasm: 'q4' } as const;

function entry(
  id: string,
  family: string,
  tuning: TransformersModelEntry['tuning'],
  facts: Pick<TransformersModelEntry, 'licence' | 'contextWindow' | 'dtype' | 'downloadMB'>,
): TransformersModelEntry {
  const name = id.split('/').pop() ?? id;
  return { id, name, family, isBase: tuning === 'instruct', tuning, ...facts };
}

export const TRANSFORMERS_FAMILIES: TransformersModelFamily[] = [
  {
    name: 'Qwen2.5-0.5B-Instruct',
    shape: { modelType: 'qwen2', hiddenSize: 896, numHiddenLayers: 24, vocabSize: 151936 },
    base: entry('onnx-community/Qwen2.5-0.5B-Instruct', 'Qwen2.5-0.5B-Instruct', 'instruct', {
      ...QWEN,
      dtype: QWEN_DTYPE,
      downloadMB: { f16: 490, webgpu: 795, wasm: 520 },
    }),
    variants: [
      entry('onnx-community/Qwen2.5-Coder-0.5B-Instruct', 'Qwen2.5-0.5B-Instruct', 'code', {
        ...QWEN,
        dtype: QWEN_DTYPE,
        downloadMB: { f16: 565, webgpu: 870, wasm: 650 },
      }),
    ],
  },
  {
    name: 'Qwen2.5-1.5B-Instruct',
    shape: { modelType: 'qwen2', hiddenSize: 1536, numHiddenLayers: 28, vocabSize: 151936 },
    base: entry('onnx-community/Qwen2.5-1.5B-Instruct', 'Qwen2.5-1.5B-Instruct', 'instruct', {
      ...QWEN,
      dtype: QWEN_DTYPE,
      downloadMB: { f16: 1230, webgpu: 1800, wasm: 1590 },
    }),
    variants: [
      entry('onnx-community/Qwen2.5-Coder-1.5B-Instruct', 'Qwen2.5-1.5B-Instruct', 'code', {
        ...QWEN,
        dtype: QWEN_DTYPE,
        downloadMB: { f16: 1350, webgpu: 1930, wasm: 1810 },
      }),
    ],
  },
  {
    name: 'SmolLM2-360M-Instruct',
    shape: { modelType: 'llama', hiddenSize: 960, numHiddenLayers: 32, vocabSize: 49152 },
    base: entry('HuggingFaceTB/SmolLM2-360M-Instruct', 'SmolLM2-360M-Instruct', 'instruct', {
      ...SMOL,
      dtype: SMOL_DTYPE,
      downloadMB: { f16: 305, webgpu: 420, wasm: 420 },
    }),
    variants: [],
  },
  {
    name: 'SmolLM2-135M-Instruct',
    shape: { modelType: 'llama', hiddenSize: 576, numHiddenLayers: 30, vocabSize: 49152 },
    base: entry('HuggingFaceTB/SmolLM2-135M-Instruct', 'SmolLM2-135M-Instruct', 'instruct', {
      ...SMOL,
      dtype: SMOL_DTYPE,
      downloadMB: { f16: 140, webgpu: 205, wasm: 205 },
    }),
    variants: [],
  },
];

export const TRANSFORMERS_MODELS: TransformersModelEntry[] = TRANSFORMERS_FAMILIES.flatMap((f) => [
  f.base,
  ...f.variants,
]);

export function findTransformersModel(id: string): TransformersModelEntry | undefined {
  return TRANSFORMERS_MODELS.find((m) => m.id === id);
}

/**
 * Weights for `id` on a device: the catalogue's choice, else what most onnx-community exports
 * ship (q8 = onnx/model_quantized.onnx on wasm, q4f16 or q4 on WebGPU).
 */
export function dtypeFor(id: string, device: 'webgpu' | 'wasm', f16: boolean): ModelDtype {
  const dtype = findTransformersModel(id)?.dtype ?? { f16: 'q4f16', webgpu: 'q4', wasm: 'q8' };
  return device === 'wasm' ? dtype.wasm : f16 ? dtype.f16 : dtype.webgpu;
}
