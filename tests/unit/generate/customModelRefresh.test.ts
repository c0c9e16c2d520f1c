// Your fine-tune's record is rebuilt on its base as the installed WebLLM lists it now (model_lib,
// overrides, VRAM, features), not kept from the day it was registered; a base gone is flagged.
import { describe, expect, it } from 'vitest';
import type { CustomModel } from '../../../src/lib/generate/webllm/customModels';
import { HostContext } from '../../../src/lib/generate/webllm/hostContext';
import { prebuiltAppConfig } from '../../../src/lib/generate/webllm/webllm';

const BASE = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const base = prebuiltAppConfig.model_list.find((r) => r.model_id === BASE)!;

const stale = (baseId: string): CustomModel => ({
  record: {
    model: 'https://huggingface.co/you/tune-MLC',
    model_id: 'you/tune',
    model_lib: 'https://example.org/v0_2_48/Qwen2-0.5B-Instruct-q4f16_1-ctx4k_cs1k-webgpu.wasm',
    vram_required_MB: 1,
    overrides: { context_window_size: 1024 },
  },
  baseId,
  sourceUrl: 'https://huggingface.co/you/tune-MLC',
  modelType: 'qwen2',
  quantization: 'q4f16_1',
  downloadBytes: null,
  warnings: [],
});

describe('custom models on the current base record', () => {
  it('takes model_lib, overrides, VRAM and features from the base as listed now', () => {
    const context = new HostContext(prebuiltAppConfig);
    context.setCustom([stale(BASE)]);
    const record = context.appConfig().model_list.at(-1)!;
    expect(record.model_id).toBe('you/tune');
    expect(record.model).toBe('https://huggingface.co/you/tune-MLC');
    expect(record.model_lib).toBe(base.model_lib);
    expect(record.vram_required_MB).toBe(base.vram_required_MB);
    expect(record.overrides).toEqual(base.overrides);
    expect(record.required_features).toContain('shader-f16');
  });

  it('flags a model whose base is no longer listed, and keeps it', () => {
    const context = new HostContext(prebuiltAppConfig);
    context.setCustom([stale('Gone-1B-Instruct-q4f16_1-MLC')]);
    expect(context.custom[0]?.warnings.join(' ')).toMatch(/no longer in this version/);
    expect(context.appConfig().model_list.at(-1)?.model_id).toBe('you/tune');
  });
});
