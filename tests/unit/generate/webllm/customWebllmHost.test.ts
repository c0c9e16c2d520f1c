// Your own WebLLM models in the catalogue and in our WebLLM worker's API (run here in Node with a
// stubbed fetch and navigator): they join their base's family, pass the same checks, and are refused
// with a reason when they cannot be registered.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCatalog, findEntry } from '../../../../src/lib/generate/webllm/catalog';
import type { CustomModel } from '../../../../src/lib/generate/webllm/customModels';
import { createWebllmHostApi } from '../../../../src/lib/generate/webllm/hostApi';
import { prebuiltAppConfig, type ModelRecord } from '../../../../src/lib/generate/webllm/webllm';
import { webllmBaseOptions, webllmMenu } from '../../../../src/lib/generate/modelMenu';

const list = prebuiltAppConfig.model_list;
const record = (id: string) => list.find((r) => r.model_id === id) as ModelRecord;
const BASE = record('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
const BASE_F32 = record('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
const MINE = 'https://models.example.test/you/qwen-lora-q4f16_1-MLC/';

function custom(id: string, base: ModelRecord, sourceUrl = MINE): CustomModel {
  return {
    record: {
      model: `${sourceUrl}#/resolve/main/`,
      model_id: id,
      model_lib: base.model_lib,
      vram_required_MB: base.vram_required_MB ?? 0,
      ...(base.overrides ? { overrides: base.overrides } : {}),
    },
    baseId: base.model_id,
    sourceUrl,
    modelType: 'qwen2',
    quantization: base.model_id.includes('q4f32') ? 'q4f32_1' : 'q4f16_1',
    downloadBytes: 276 * 2 ** 20,
    warnings: [],
  };
}

describe('the catalogue with your models', () => {
  const mine = custom('my-lora', BASE);
  const mine32 = custom('my-lora-32', BASE_F32, 'https://x.test/32/');
  const orphan: CustomModel = {
    ...custom('old-lora', BASE, 'https://x.test/old/'),
    baseId: 'Gone-1B-q4f16_1-MLC',
  };
  const catalog = buildCatalog(list, [mine, mine32, orphan]);

  it('puts each under the family of the record it was merged into, on that library', () => {
    const family = catalog.families.find((f) => f.name === 'Qwen2.5-0.5B-Instruct');
    const entry = family?.variants.find((e) => e.id === 'my-lora');
    expect(entry).toMatchObject({
      family: 'Qwen2.5-0.5B-Instruct',
      baseId: BASE.model_id,
      isBase: false,
      tuning: { kind: 'custom' },
      source: MINE,
      modelLib: BASE.model_lib,
      needsShaderF16: true,
      downloadBytes: 276 * 2 ** 20,
      contextWindow: 4096,
    });
    expect(entry?.f32Twin).toBeUndefined();
    // On the q4f32 base: same family, no shader-f16 needed.
    expect(family?.variants.find((e) => e.id === 'my-lora-32')?.needsShaderF16).toBe(false);
    expect(findEntry(catalog, 'my-lora')).toBe(entry);
    // The prebuilt families are as before.
    expect(buildCatalog(list).families.length).toBe(catalog.families.length - 1);
  });

  it('keeps a model whose base left the list, in a family that says so', () => {
    const family = catalog.families.find((f) => f.name.includes('no longer listed'));
    expect(family?.name).toBe('Gone-1B (base no longer listed)');
    expect(family?.base.id).toBe('old-lora');
  });

  it('shows yours in the menu with its exact base and folder, and offers only prebuilt bases', () => {
    const model = webllmMenu(catalog)
      .flatMap((f) => f.models)
      .find((m) => m.id === 'my-lora');
    expect(model).toMatchObject({
      yours: true,
      facts: { base: BASE.model_id, tuning: 'your fine-tune', source: MINE, download: '276 MB' },
    });
    const options = webllmBaseOptions(catalog).flatMap((g) => g.options.map((o) => o.id));
    expect(options).toContain(BASE.model_id);
    expect(options).toContain(BASE_F32.model_id);
    expect(options).not.toContain('my-lora');
    expect(options).not.toContain('old-lora');
  });
});

const qwenConfig = (hidden = 896) => ({
  model_type: 'qwen2',
  quantization: 'q4f16_1',
  vocab_size: 151936,
  model_config: { hidden_size: hidden, num_hidden_layers: 24 },
});

/** A global fetch for the worker's checks: the base's config and two folders of yours. */
function stubFetch(): void {
  const table: Record<string, unknown> = {
    [`${BASE.model}/resolve/main/mlc-chat-config.json`]: qwenConfig(),
    [`${MINE}mlc-chat-config.json`]: qwenConfig(),
    [`${MINE}tensor-cache.json`]: { records: [{ nbytes: 1000 }] },
  };
  vi.stubGlobal('fetch', async (url: string) =>
    url in table
      ? new Response(JSON.stringify(table[url]))
      : new Response('not found', { status: 404 }),
  );
}

describe('the WebLLM worker’s API with your models', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('checks a folder against its base, lists it once set, and says why it cannot run here', async () => {
    stubFetch();
    vi.stubGlobal('navigator', { onLine: true }); // no WebGPU
    const api = createWebllmHostApi();
    const model = await api.validateCustomModel({
      url: MINE,
      baseId: BASE.model_id,
      name: 'my-lora',
      takenIds: [],
    });
    expect(model.record).toMatchObject({ model_id: 'my-lora', model_lib: BASE.model_lib });
    expect(model.downloadBytes).toBe(1000);

    api.setCustomModels([model]);
    const catalog = await api.catalog();
    expect(findEntry(catalog, 'my-lora')?.family).toBe('Qwen2.5-0.5B-Instruct');
    const [check] = await api.check(['my-lora']);
    expect(check).toMatchObject({ ok: false, code: 'webgpu-unavailable' });
    expect(check?.reason).toMatch(/no WebGPU/);

    // The same folder again, a prebuilt name, an unknown base: each refused in words.
    await expect(
      api.validateCustomModel({ url: MINE, baseId: BASE.model_id, name: 'again', takenIds: [] }),
    ).rejects.toThrow(/already registered as “my-lora”/);
    await expect(
      api.validateCustomModel({
        url: MINE,
        baseId: BASE.model_id,
        name: BASE_F32.model_id,
        takenIds: [],
      }),
    ).rejects.toThrow(/already exists: choose another name/);
    await expect(
      api.validateCustomModel({ url: MINE, baseId: 'Nope-q4f16_1-MLC', takenIds: [] }),
    ).rejects.toThrow(/not in this version of WebLLM’s model list/);

    api.setCustomModels([]);
    expect(findEntry(await api.catalog(), 'my-lora')).toBeUndefined();
  });

  it('tells how to make a model for a GPU without shader-f16', async () => {
    stubFetch();
    const adapter = {
      features: { has: () => false },
      limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30 },
    };
    vi.stubGlobal('navigator', { onLine: true, gpu: { requestAdapter: async () => adapter } });
    const api = createWebllmHostApi();
    api.setCustomModels([custom('my-lora', BASE)]);
    const [check] = await api.check(['my-lora']);
    expect(check).toMatchObject({ ok: false, code: 'shader-f16-missing' });
    expect(check?.reason).toMatch(/--quantization q4f32_1 .*q4f32_1 base/);
  });
});
