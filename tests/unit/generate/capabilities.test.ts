// The checks made before loading, with injected fakes of WebGPU, the network, WebLLM's cache and the
// storage estimate; the models are real catalogue entries of the installed WebLLM.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  browserEnvironment,
  checkBeforeLoad,
  type BrowserEnvironment,
  type GpuAdapterLike,
} from '../../../src/lib/generate/capabilities';
import { buildCatalog, findEntry } from '../../../src/lib/generate/webllm/catalog';
import { prebuiltAppConfig } from '../../../src/lib/generate/webllm/webllm';

const MiB = 2 ** 20;
const catalog = buildCatalog(prebuiltAppConfig.model_list);
const entry = (id: string) => {
  const found = findEntry(catalog, id);
  if (!found) throw new Error(`${id} missing from the catalogue`);
  return found;
};
const QWEN = entry('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
const MISTRAL_VARIANT = entry('WizardMath-7B-V1.1-q4f16_1-MLC');

function adapter(
  overrides: Partial<Omit<GpuAdapterLike, 'features'>> & { features?: string[] } = {},
): GpuAdapterLike {
  const features = new Set(overrides.features ?? ['shader-f16']);
  return {
    limits: { maxBufferSize: 4096 * MiB, maxStorageBufferBindingSize: 2048 * MiB },
    info: { vendor: 'acme', architecture: 'rdna-3', description: '' },
    ...overrides,
    features: { has: (name: string) => features.has(name) },
  };
}

function env(overrides: Partial<BrowserEnvironment> & { gpuAdapter?: GpuAdapterLike | null } = {}) {
  const { gpuAdapter = adapter(), ...rest } = overrides;
  const cachedIds: string[] = [];
  const environment: BrowserEnvironment = {
    gpu: { requestAdapter: async () => gpuAdapter },
    onLine: true,
    isCached: async (id) => cachedIds.includes(id),
    estimateStorage: async () => ({ quota: 10_000 * MiB, usage: 100 * MiB }),
    ...rest,
  };
  return { environment, cachedIds };
}

describe('checkBeforeLoad', () => {
  it('passes a capable GPU and plans the requested model', async () => {
    const plan = await checkBeforeLoad(QWEN, env().environment);
    expect(plan).toMatchObject({
      modelId: QWEN.id,
      switchedToF32: false,
      cached: false,
      warnings: [],
    });
    expect(plan.gpu).toMatchObject({ description: 'acme', shaderF16: true, fallback: false });
  });

  it('refuses without WebGPU, saying what to do', async () => {
    const { environment } = env({ gpu: undefined });
    await expect(checkBeforeLoad(QWEN, environment)).rejects.toMatchObject({
      code: 'webgpu-unavailable',
      message: expect.stringMatching(/Chrome or Edge .*ONNX model/),
    });
  });

  it('refuses when WebGPU offers no adapter', async () => {
    const { environment } = env({ gpuAdapter: null });
    await expect(checkBeforeLoad(QWEN, environment)).rejects.toMatchObject({
      code: 'webgpu-unavailable',
      message: expect.stringMatching(/hardware acceleration/),
    });
  });

  it('picks the q4f32 twin when the GPU lacks shader-f16', async () => {
    const { environment } = env({ gpuAdapter: adapter({ features: [] }) });
    const plan = await checkBeforeLoad(QWEN, environment);
    expect(plan.modelId).toBe('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    expect(plan.switchedToF32).toBe(true);
    expect(plan.warnings[0]).toMatch(/shader-f16.*Qwen2\.5-0\.5B-Instruct-q4f32_1-MLC/);
  });

  it('refuses an f16-only model on a GPU without shader-f16', async () => {
    const { environment } = env({ gpuAdapter: adapter({ features: [] }) });
    await expect(checkBeforeLoad(MISTRAL_VARIANT, environment)).rejects.toMatchObject({
      code: 'shader-f16-missing',
      message: expect.stringMatching(/WizardMath-7B-V1\.1.*pick another model/),
    });
  });

  it('refuses offline when the model is not cached, and passes when it is', async () => {
    const { environment, cachedIds } = env({ onLine: false });
    await expect(checkBeforeLoad(QWEN, environment)).rejects.toMatchObject({
      code: 'model-not-cached',
      message: expect.stringMatching(/offline and Qwen2\.5-0\.5B-Instruct is not cached yet/),
    });
    cachedIds.push(QWEN.id);
    await expect(checkBeforeLoad(QWEN, environment)).resolves.toMatchObject({ cached: true });
  });

  it('checks the cache for the twin it will actually load', async () => {
    const { environment, cachedIds } = env({
      onLine: false,
      gpuAdapter: adapter({ features: [] }),
    });
    cachedIds.push('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    await expect(checkBeforeLoad(QWEN, environment)).resolves.toMatchObject({ cached: true });
  });

  it('refuses when the exact download does not fit the storage quota', async () => {
    const { environment } = env({
      estimateStorage: async () => ({ quota: 1000 * MiB, usage: 900 * MiB }),
    });
    await expect(
      checkBeforeLoad({ ...QWEN, downloadBytes: 276 * MiB }, environment),
    ).rejects.toMatchObject({
      code: 'quota-exceeded',
      message: expect.stringMatching(/needs 276 MB of storage but this site has 100 MB left/),
    });
  });

  it('only warns on low storage when the download size is unknown', async () => {
    const { environment } = env({
      estimateStorage: async () => ({ quota: 1000 * MiB, usage: 900 * MiB }),
    });
    const plan = await checkBeforeLoad(QWEN, environment);
    expect(plan.warnings.join(' ')).toMatch(/100 MB of storage left/);
  });

  it('warns about small GPU limits (VRAM is not exposed) but blocks below WebLLM’s minimum', async () => {
    const small = adapter({
      limits: { maxBufferSize: 1024 * MiB, maxStorageBufferBindingSize: 512 * MiB },
    });
    const plan = await checkBeforeLoad(MISTRAL_VARIANT, env({ gpuAdapter: small }).environment);
    expect(plan.warnings.join(' ')).toMatch(/small buffer limits.*4,573 MB.*do not say/);
    // A low-resource model gets no such warning.
    expect((await checkBeforeLoad(QWEN, env({ gpuAdapter: small }).environment)).warnings).toEqual(
      [],
    );

    const tiny = adapter({
      limits: { maxBufferSize: 128 * MiB, maxStorageBufferBindingSize: 64 * MiB },
    });
    await expect(
      checkBeforeLoad(QWEN, env({ gpuAdapter: tiny }).environment),
    ).rejects.toMatchObject({
      code: 'insufficient-memory',
    });
  });

  it('blocks when a record’s stated buffer size exceeds the GPU’s', async () => {
    const gemma = entry('gemma-2-2b-it-q4f16_1-MLC');
    const model = { ...gemma, bufferSizeRequiredBytes: 3000 * MiB };
    await expect(checkBeforeLoad(model, env().environment)).rejects.toMatchObject({
      code: 'insufficient-memory',
      message: expect.stringMatching(/needs GPU buffers of 3,000 MB/),
    });
  });

  it('warns about software WebGPU (SwiftShader) and small device memory', async () => {
    const swiftshader = adapter({
      features: [],
      limits: { maxBufferSize: 1024 * MiB, maxStorageBufferBindingSize: 1024 * MiB },
      info: { architecture: 'swiftshader', vendor: 'google', description: '' },
    });
    const { environment } = env({ gpuAdapter: swiftshader, deviceMemoryGB: 2 });
    const plan = await checkBeforeLoad(entry('Llama-3.2-3B-Instruct-q4f16_1-MLC'), environment);
    expect(plan.gpu.fallback).toBe(true);
    expect(plan.warnings.join(' ')).toMatch(/software.*very slowly/);
    expect(plan.warnings.join(' ')).toMatch(/reports 2 GB of memory/);
  });
});

describe('browserEnvironment', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads navigator', async () => {
    const gpu = { requestAdapter: async () => null };
    vi.stubGlobal('navigator', {
      gpu,
      onLine: false,
      deviceMemory: 4,
      storage: { estimate: async () => ({ quota: 1, usage: 0 }) },
    });
    const environment = browserEnvironment(async () => true);
    expect(environment.gpu).toBe(gpu);
    expect(environment.onLine).toBe(false);
    expect(environment.deviceMemoryGB).toBe(4);
    expect(await environment.estimateStorage?.()).toEqual({ quota: 1, usage: 0 });
  });
});
