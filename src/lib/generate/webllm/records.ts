// Facts read off one WebLLM ModelRecord: model name, quantisation, library key, f32 twin, whether it
// needs shader-f16. Pure, type-only use of WebLLM, shared by the catalogue and custom models.
import type { ModelRecord } from './webllm';

/** The parts of a record our checks need; a catalogue entry and a custom model both carry them. */
export interface RecordFacts {
  /** WebLLM's model_id, what the engine loads. */
  id: string;
  /** e.g. 'q4f16_1'; '' when the id does not say. */
  quantization: string;
  vramMB: number;
  /** From the record's overrides; null = the model's own default (known only once loaded). */
  contextWindow: number | null;
  lowResource: boolean;
  /** f16 weights or activations need the WebGPU feature 'shader-f16', declared or not. */
  needsShaderF16: boolean;
  /** WebLLM's per-record `maxStorageBufferBindingSize` requirement, when it states one. */
  bufferSizeRequiredBytes?: number;
  modelLib: string;
  modelUrl: string;
  /** The same model's '-1k' low-resource record, which runs on small-buffer GPUs. */
  lowResourceTwin?: RecordFacts;
}

const ID_PATTERN = /^(.+)-(q\d+f\d+(?:_\d+)?)-MLC(-.+)?$/;
const LIB_PATTERN = /^(.+)-(q\d+f\d+(?:_\d+)?)(?:_cs\d+k?)?(?:-ctx\d+[^-]*)?-webgpu\.wasm$/;

/** Splits 'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC' into name, quantisation and any suffix ('-1k'). */
export function parseModelId(id: string): { name: string; quantization: string; suffix: string } {
  const m = ID_PATTERN.exec(id);
  if (!m) return { name: id, quantization: '', suffix: '' };
  return { name: m[1] ?? id, quantization: m[2] ?? '', suffix: m[3] ?? '' };
}

/**
 * The compiled library a record runs on, without its quantisation:
 * '…/Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm' → 'Qwen2-0.5B-Instruct'.
 */
export function libraryKey(modelLib: string): string {
  const file = modelLib.slice(modelLib.lastIndexOf('/') + 1);
  const m = LIB_PATTERN.exec(file);
  return m?.[1] ?? file;
}

export function libraryQuantization(modelLib: string): string {
  const file = modelLib.slice(modelLib.lastIndexOf('/') + 1);
  return LIB_PATTERN.exec(file)?.[2] ?? '';
}

/** Only 30 of 86 f16 records declare 'shader-f16', so the quantisation decides too. */
export function needsShaderF16(record: ModelRecord): boolean {
  if (record.required_features?.includes('shader-f16')) return true;
  const q = parseModelId(record.model_id).quantization || libraryQuantization(record.model_lib);
  return /f16/.test(q);
}

export function recordFacts(record: ModelRecord): RecordFacts {
  const facts: RecordFacts = {
    id: record.model_id,
    quantization:
      parseModelId(record.model_id).quantization || libraryQuantization(record.model_lib),
    vramMB: Math.round(record.vram_required_MB ?? 0),
    contextWindow: record.overrides?.context_window_size ?? null,
    lowResource: record.low_resource_required ?? false,
    needsShaderF16: needsShaderF16(record),
    modelLib: record.model_lib,
    modelUrl: record.model,
  };
  if (record.buffer_size_required_bytes !== undefined) {
    facts.bufferSizeRequiredBytes = record.buffer_size_required_bytes;
  }
  return facts;
}

/** 'X-q4f16_1-MLC' → 'X-q4f32_1-MLC' (the twin for GPUs without shader-f16), if it exists. */
export function f32TwinOf(
  record: ModelRecord,
  list: readonly ModelRecord[],
): ModelRecord | undefined {
  const { name, quantization, suffix } = parseModelId(record.model_id);
  if (!/f16/.test(quantization)) return undefined;
  const twinId = `${name}-${quantization.replace('f16', 'f32')}-MLC${suffix}`;
  return list.find((r) => r.model_id === twinId);
}

/** 'X-q4f16_1-MLC' → 'X-q4f16_1-MLC-1k', when it exists and is marked low-resource. */
export function lowResourceTwinOf(
  record: ModelRecord,
  list: readonly ModelRecord[],
): ModelRecord | undefined {
  if (record.low_resource_required || parseModelId(record.model_id).suffix) return undefined;
  return list.find((r) => r.model_id === `${record.model_id}-1k` && r.low_resource_required);
}

/** Whether a record is a text LLM (not an embedding or vision model). ModelType.LLM is 0. */
export function isTextModel(record: ModelRecord): boolean {
  return record.model_type === undefined || record.model_type === 0;
}
