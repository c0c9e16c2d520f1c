// GPU limits checked as WebLLM 0.2.86's detectGPUDevice requests them: below 1 GiB its device gets
// 128 MiB bindings (not the adapter's figure), it needs 32 KiB workgroup storage and 10 storage
// buffers, and on such small GPUs the '-1k' low-resource record is what runs.
import { describe, expect, it } from 'vitest';
import { checkBeforeLoad, type GpuAdapterLike } from '../../../../src/lib/generate/capabilities';
import { buildCatalog, findEntry } from '../../../../src/lib/generate/webllm/catalog';
import { prebuiltAppConfig } from '../../../../src/lib/generate/webllm/webllm';

const MiB = 2 ** 20;
const catalog = buildCatalog(prebuiltAppConfig.model_list);
const entry = (id: string) => findEntry(catalog, id)!;

function env(limits: GpuAdapterLike['limits']) {
  const adapter: GpuAdapterLike = {
    limits,
    features: { has: (name) => name === 'shader-f16' },
    info: { vendor: 'acme', architecture: 'mali', description: '' },
  };
  return {
    gpu: { requestAdapter: async () => adapter },
    onLine: true,
    isCached: async () => false,
  };
}

const phone = { maxBufferSize: 512 * MiB, maxStorageBufferBindingSize: 512 * MiB };

describe('WebLLM’s own GPU limit checks', () => {
  it('loads the -1k low-resource record on a small-buffer GPU', async () => {
    const plan = await checkBeforeLoad(entry('gemma-2-2b-it-q4f16_1-MLC'), env(phone));
    expect(plan.modelId).toBe('gemma-2-2b-it-q4f16_1-MLC-1k');
    expect(plan.warnings.join(' ')).toMatch(/low-resource version/);
  });

  it('compares a record’s buffer need with the 128 MiB WebLLM falls back to', async () => {
    // Needs 192 MiB bindings (as gemma-4-E2B's record says): more than the 128 MiB WebLLM's device
    // gets here, though less than the adapter's 512 MiB.
    const model = {
      id: 'Big-Buffers-q4f32_1-MLC',
      vramMB: 1000,
      lowResource: true,
      needsShaderF16: false,
      bufferSizeRequiredBytes: 192 * MiB,
    };
    await expect(checkBeforeLoad(model, env(phone))).rejects.toMatchObject({
      code: 'insufficient-memory',
    });
  });

  it('refuses a GPU below WebLLM’s workgroup-storage or storage-buffer minimums', async () => {
    const qwen = entry('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    const big = { maxBufferSize: 4096 * MiB, maxStorageBufferBindingSize: 2048 * MiB };
    await expect(
      checkBeforeLoad(qwen, env({ ...big, maxComputeWorkgroupStorageSize: 16384 })),
    ).rejects.toMatchObject({ code: 'insufficient-memory' });
    await expect(
      checkBeforeLoad(qwen, env({ ...big, maxStorageBuffersPerShaderStage: 8 })),
    ).rejects.toMatchObject({ code: 'insufficient-memory' });
  });
});
