// The memory a WebLLM menu entry (and so the lab's plan) counts is that of the record that will
// load here: the q4f32 twin's when the GPU lacks shader-f16.
import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '../../../../src/lib/generate/webllm/webllm';
import { buildCatalog } from '../../../../src/lib/generate/webllm/catalog';
import { findModel, webllmMenu } from '../../../../src/lib/generate/modelMenu';

const catalog = buildCatalog(prebuiltAppConfig.model_list);
const F16 = 'DeepSeek-R1-Distill-Llama-8B-q4f16_1-MLC';
const F32 = 'DeepSeek-R1-Distill-Llama-8B-q4f32_1-MLC';

describe('webllmMenu memory', () => {
  it('takes the f32 twin’s VRAM when the twin is what loads', () => {
    const choice = { engine: 'webllm' as const, id: F16 };
    expect(findModel(webllmMenu(catalog), choice)?.memoryMb).toBe(5001);
    const twin = findModel(webllmMenu(catalog, { [F16]: F32 }), choice);
    expect(twin?.memoryMb).toBe(6101);
    expect(twin?.facts.vram).toMatch(/6,101/);
  });
});
