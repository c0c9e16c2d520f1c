// Where a transformers.js model runs: WebGPU on a real adapter, else WASM. Shared by the embedder,
// the reranker and the text generator so that all three choose alike.
import { RagtuneError } from '../errors';
import type { Device } from './transformers';

/** The parts of WebGPU we read (TypeScript's DOM library has no WebGPU types). */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean };
  features?: { has(name: string): boolean };
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

export interface WebGpuSupport {
  adapter: boolean;
  /** A software adapter (SwiftShader in headless CI): correct but slower than wasm. */
  fallback: boolean;
  f16: boolean;
}

export async function detectWebGpu(): Promise<WebGpuSupport> {
  const none = { adapter: false, fallback: false, f16: false };
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return none;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return none;
    const fallback = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
    return { adapter: true, fallback, f16: adapter.features?.has('shader-f16') ?? false };
  } catch {
    return none;
  }
}

/** 'auto' takes WebGPU only on a real adapter; an explicit 'webgpu' accepts a fallback one too. */
export async function chooseDevice(
  requested: 'auto' | Device,
): Promise<{ device: Device; f16: boolean }> {
  if (requested === 'wasm') return { device: 'wasm', f16: false };
  const gpu = await detectWebGpu();
  if (gpu.adapter && (requested === 'webgpu' || !gpu.fallback)) {
    return { device: 'webgpu', f16: gpu.f16 };
  }
  if (requested === 'webgpu') {
    throw new RagtuneError(
      'webgpu-unavailable',
      'WebGPU is not available in this browser: use Chrome or Edge 113+, or choose the WASM device.',
    );
  }
  return { device: 'wasm', f16: false };
}

export const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
