// Checks made before a WebLLM model loads, since WebLLM fetches first and fails late or untyped:
// WebGPU, shader-f16 (else the q4f32 twin), GPU limits, online-or-cached, room to store the weights.
import { RagtuneError } from '../errors';
import { parseModelId } from './webllm/records';

/** The parts of a WebGPU adapter we read (TypeScript's DOM library has no WebGPU types). */
export interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupStorageSize?: number;
    maxStorageBuffersPerShaderStage?: number;
  };
  isFallbackAdapter?: boolean;
  info?: {
    isFallbackAdapter?: boolean;
    architecture?: string;
    vendor?: string;
    description?: string;
  };
}

export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapterLike | null>;
}

/** The browser, injected so that the checks run in Node tests. */
export interface BrowserEnvironment {
  gpu: GpuLike | undefined;
  onLine: boolean;
  estimateStorage?: () => Promise<{ quota?: number; usage?: number }>;
  /** navigator.deviceMemory: RAM in GB, Chrome only, capped at 8. */
  deviceMemoryGB?: number;
  /** WebLLM's hasModelInCache for the same model list. */
  isCached: (modelId: string) => Promise<boolean>;
}

interface RecordRequirements {
  id: string;
  vramMB: number;
  lowResource: boolean;
  needsShaderF16: boolean;
  bufferSizeRequiredBytes?: number;
  /** The same model's '-1k' record (low_resource_required), for GPUs with small buffers. */
  lowResourceTwin?: RecordRequirements;
}

/** What the checks need to know; a catalogue entry has all of it. */
export interface ModelRequirements extends RecordRequirements {
  name?: string;
  /** Exact weights size when known; null = unknown. */
  downloadBytes?: number | null;
  f32Twin?: RecordRequirements;
}

export interface LoadPlan {
  /** The id to load: the q4f32 twin when the GPU lacks shader-f16. */
  modelId: string;
  switchedToF32: boolean;
  cached: boolean;
  gpu: { description: string; fallback: boolean; shaderF16: boolean; maxBufferSize: number };
  /** Things that may go wrong but are not certain: show them, do not block. */
  warnings: string[];
}

const MiB = 2 ** 20;
const mb = (bytes: number) => `${Math.round(bytes / MiB).toLocaleString('en')} MB`;
// WebLLM's own minimums (detectGPUDevice, ~4761–4850): below them it refuses to start.
const MIN_BUFFER = 256 * MiB;
const MIN_BINDING = 128 * MiB;
const MIN_WORKGROUP_STORAGE = 32 * 1024;
const MIN_STORAGE_BUFFERS = 10;
/**
 * The binding size WebLLM's device really gets: it asks for 1 GiB and, when the adapter offers
 * less, falls back to 128 MiB (not to what the adapter offers); records' needs compare with that.
 */
export const webllmBinding = (adapterBinding: number): number =>
  adapterBinding >= 1024 * MiB ? 1024 * MiB : MIN_BINDING;
// WebLLM's examples treat a binding limit under 1 GiB as a constrained (phone-class) device.
const LOW_RESOURCE_BINDING = 1024 * MiB;

const ONNX_HINT = 'or pick an ONNX model (transformers.js), which also runs without WebGPU';

async function requestAdapter(gpu: GpuLike | undefined): Promise<GpuAdapterLike> {
  if (!gpu) {
    throw new RagtuneError(
      'webgpu-unavailable',
      `This browser has no WebGPU: use a recent Chrome or Edge (113+), ${ONNX_HINT}.`,
    );
  }
  const adapter = await gpu
    .requestAdapter({ powerPreference: 'high-performance' })
    .catch(() => null);
  if (!adapter) {
    throw new RagtuneError(
      'webgpu-unavailable',
      'WebGPU is present but offers no GPU (hardware acceleration off, a blocklisted driver or a ' +
        `virtual machine): turn on hardware acceleration in the browser settings, ${ONNX_HINT}.`,
    );
  }
  return adapter;
}

function checkLimits(adapter: GpuAdapterLike, model: RecordRequirements, name: string): string[] {
  const { maxBufferSize, maxStorageBufferBindingSize: adapterBinding } = adapter.limits;
  if (maxBufferSize < MIN_BUFFER || adapterBinding < MIN_BINDING) {
    throw new RagtuneError(
      'insufficient-memory',
      `This GPU’s WebGPU buffers are too small for WebLLM (${mb(maxBufferSize)} / ${mb(adapterBinding)}): ` +
        `update the browser and GPU drivers, ${ONNX_HINT}.`,
    );
  }
  const { maxComputeWorkgroupStorageSize: workgroup, maxStorageBuffersPerShaderStage: buffers } =
    adapter.limits;
  if (
    (workgroup !== undefined && workgroup < MIN_WORKGROUP_STORAGE) ||
    (buffers !== undefined && buffers < MIN_STORAGE_BUFFERS)
  ) {
    throw new RagtuneError(
      'insufficient-memory',
      `This GPU’s WebGPU limits are below what WebLLM asks for (workgroup storage ${workgroup ?? '?'} ` +
        `bytes of ${MIN_WORKGROUP_STORAGE}, ${buffers ?? '?'} storage buffers of ${MIN_STORAGE_BUFFERS}): ` +
        `update the browser and GPU drivers, ${ONNX_HINT}.`,
    );
  }
  const binding = webllmBinding(adapterBinding);
  if (model.bufferSizeRequiredBytes !== undefined && model.bufferSizeRequiredBytes > binding) {
    throw new RagtuneError(
      'insufficient-memory',
      `${name} needs GPU buffers of ${mb(model.bufferSizeRequiredBytes)} but this GPU allows ` +
        `${mb(binding)}: pick a smaller model.`,
    );
  }
  if (binding < LOW_RESOURCE_BINDING && !model.lowResource) {
    return [
      `This GPU reports small buffer limits (typical of phones and small integrated GPUs). ${name} ` +
        `needs about ${model.vramMB.toLocaleString('en')} MB of GPU memory and may fail to load; ` +
        'browsers do not say how much is free. A model marked low-resource is safer.',
    ];
  }
  return [];
}

/** Runs every check in order; throws a RagtuneError for what will certainly fail. */
export async function checkBeforeLoad(
  model: ModelRequirements,
  env: BrowserEnvironment,
): Promise<LoadPlan> {
  const name = model.name ?? parseModelId(model.id).name;
  const adapter = await requestAdapter(env.gpu);
  const warnings: string[] = [];
  const info = adapter.info ?? {};
  const fallback =
    adapter.isFallbackAdapter === true ||
    info.isFallbackAdapter === true ||
    info.architecture === 'swiftshader';
  if (fallback) {
    warnings.push('WebGPU runs in software here (no GPU): models load but answer very slowly.');
  }

  const shaderF16 = adapter.features.has('shader-f16');
  let chosen: RecordRequirements = model;
  const toF32 = model.needsShaderF16 && !shaderF16;
  if (toF32) {
    if (!model.f32Twin) {
      throw new RagtuneError(
        'shader-f16-missing',
        `This GPU lacks 16-bit shaders (shader-f16), which ${name} needs, and it has no 32-bit ` +
          'version: pick another model (one marked q4f32), or try Chrome on another GPU.',
      );
    }
    chosen = model.f32Twin;
    warnings.push(
      `This GPU lacks 16-bit shaders (shader-f16): loading ${chosen.id} instead, the same model ` +
        `with 32-bit activations (about ${chosen.vramMB.toLocaleString('en')} MB of GPU memory).`,
    );
  }
  // On a small-buffer GPU WebLLM's device gets 128 MiB bindings: the '-1k' record is what runs.
  const small = webllmBinding(adapter.limits.maxStorageBufferBindingSize) < 1024 * MiB;
  if (small && !chosen.lowResource && chosen.lowResourceTwin) {
    chosen = chosen.lowResourceTwin;
    warnings.push(
      `This GPU has small buffer limits: loading ${chosen.id} instead, the low-resource version ` +
        'with a 1k-token context window.',
    );
  }
  warnings.push(...checkLimits(adapter, chosen, name));
  if (env.deviceMemoryGB !== undefined && env.deviceMemoryGB < 8) {
    if (env.deviceMemoryGB * 1024 < chosen.vramMB) {
      warnings.push(
        `This device reports ${env.deviceMemoryGB} GB of memory; ${name} needs about ` +
          `${chosen.vramMB.toLocaleString('en')} MB on the GPU and may not fit.`,
      );
    }
  }

  const cached = await env.isCached(chosen.id).catch(() => false);
  const exactBytes = chosen === model ? (model.downloadBytes ?? null) : null;
  if (!cached && !env.onLine) {
    throw new RagtuneError(
      'model-not-cached',
      `You appear to be offline and ${name} is not cached yet: connect once to download it` +
        (exactBytes ? ` (${mb(exactBytes)}).` : '.'),
    );
  }
  if (!cached && env.estimateStorage) {
    warnings.push(...(await checkStorage(env.estimateStorage, chosen, exactBytes, name)));
  }

  return {
    modelId: chosen.id,
    switchedToF32: toF32,
    cached,
    gpu: {
      description: info.description || info.vendor || info.architecture || 'WebGPU',
      fallback,
      shaderF16,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
    warnings,
  };
}

async function checkStorage(
  estimate: NonNullable<BrowserEnvironment['estimateStorage']>,
  model: RecordRequirements,
  exactBytes: number | null,
  name: string,
): Promise<string[]> {
  const { quota, usage } = await estimate().catch(() => ({ quota: undefined, usage: undefined }));
  if (typeof quota !== 'number' || typeof usage !== 'number') return [];
  const free = Math.max(0, quota - usage);
  if (exactBytes !== null && free < exactBytes) {
    throw new RagtuneError(
      'quota-exceeded',
      `${name} needs ${mb(exactBytes)} of storage but this site has ${mb(free)} left: delete ` +
        'cached models or documents (or free disk space), then try again.',
    );
  }
  // Without an exact size, the GPU memory figure stands in: weights are usually a bit smaller.
  const roughBytes = model.vramMB * MiB;
  if (exactBytes === null && free < roughBytes) {
    return [
      `This site has ${mb(free)} of storage left and ${name} may need up to about ` +
        `${mb(roughBytes)}: if the download fails, delete cached models or documents.`,
    ];
  }
  return [];
}

/** The real browser behind BrowserEnvironment; `isCached` comes from the WebLLM runtime. */
export function browserEnvironment(
  isCached: (modelId: string) => Promise<boolean>,
): BrowserEnvironment {
  const nav = globalThis.navigator as
    (Navigator & { gpu?: GpuLike; deviceMemory?: number }) | undefined;
  const storage = nav?.storage;
  return {
    gpu: nav?.gpu,
    onLine: nav?.onLine ?? true,
    ...(storage?.estimate ? { estimateStorage: () => storage.estimate() } : {}),
    ...(typeof nav?.deviceMemory === 'number' ? { deviceMemoryGB: nav.deviceMemory } : {}),
    isCached,
  };
}
