// The kinds of your own model (models/ownModelKinds): one per engine that can keep one, each with
// its own words; a submitted folder of each kind checked through its engine's validator, built
// into the record kept, stored and read back the same, and named in the list from that record.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { ENGINE_NAMES, ENGINES } from '../../../src/lib/generate/engines';
import type { OnnxCustomModel } from '../../../src/lib/generate/transformers/customModels';
import type { CustomModel } from '../../../src/lib/generate/webllm/customModels';
import { openCustomModelStore } from '../../../src/lib/models/CustomModelStore';
import {
  OWN_MODEL_ENGINES,
  OWN_MODEL_KINDS,
  blankFields,
  buildOwnModel,
  kindLabel,
  ofKind,
  ownModelLine,
  ownModelName,
  type Validators,
} from '../../../src/lib/models/ownModelKinds';
import { uniqueDbName } from '../store/fixtures';

const CHECKED_MLC: CustomModel = {
  record: {
    model: 'https://huggingface.co/you/my-lora-q4f16_1-MLC',
    model_id: 'my-lora',
    model_lib: 'https://example.test/Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm',
  },
  baseId: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  sourceUrl: 'https://huggingface.co/you/my-lora-q4f16_1-MLC',
  modelType: 'qwen2',
  quantization: 'q4f16_1',
  downloadBytes: 1234,
  warnings: [],
};

const CHECKED_ONNX: OnnxCustomModel = {
  id: 'https://cdn.example.org/you/m',
  name: 'you/m',
  sourceUrl: 'https://cdn.example.org/you/m/',
  host: 'https://cdn.example.org/',
  modelPath: 'you/m',
  modelType: 'llama',
  architecture: 'LlamaForCausalLM',
  contextWindow: 4096,
  dtype: { wasm: 'q8', webgpu: 'fp32', f16: 'fp32' },
  weightsBytes: { q8: 26_401 },
  warnings: ['Tokenizer not checked.'],
};

function validators() {
  return {
    webllm: vi.fn(async () => CHECKED_MLC),
    transformers: vi.fn(async () => CHECKED_ONNX),
  } satisfies Validators;
}

describe('kinds of your own model', () => {
  it('has one kind for every engine but a server’s, WebLLM first (the form’s first choice)', () => {
    expect([...OWN_MODEL_ENGINES].sort()).toEqual(
      ENGINE_NAMES.filter((e) => e !== 'endpoint').sort(),
    );
    expect(OWN_MODEL_ENGINES[0]).toBe('webllm');
  });

  it('gives each kind its own label (after the engine’s), test id, help and placeholder', () => {
    expect(kindLabel('webllm')).toBe('WebLLM (MLC weights)');
    expect(kindLabel('transformers')).toBe('transformers.js (ONNX)');
    for (const e of OWN_MODEL_ENGINES) expect(kindLabel(e)).toContain(ENGINES[e].label);
    const distinct = (pick: (e: (typeof OWN_MODEL_ENGINES)[number]) => string) =>
      new Set(OWN_MODEL_ENGINES.map(pick)).size;
    expect(distinct((e) => OWN_MODEL_KINDS[e].slug)).toBe(OWN_MODEL_ENGINES.length);
    expect(distinct((e) => OWN_MODEL_KINDS[e].hint)).toBe(OWN_MODEL_ENGINES.length);
    expect(distinct((e) => OWN_MODEL_KINDS[e].placeholder)).toBe(OWN_MODEL_ENGINES.length);
    expect(OWN_MODEL_KINDS.transformers.slug).toBe('onnx'); // byo-engine-onnx in the e2e specs
  });

  it('starts each kind’s fields empty, and a fresh set each time', () => {
    const a = blankFields();
    expect(a).toEqual({ webllm: { baseId: '' }, transformers: {} });
    a.webllm.baseId = 'x';
    expect(blankFields().webllm.baseId).toBe('');
  });

  it('refuses a WebLLM model without its base, before asking the worker', async () => {
    const v = validators();
    const input = { url: 'https://x.test/m', takenIds: [], fields: { baseId: '' } };
    await expect(buildOwnModel('webllm', input, v)).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringContaining('Pick the base model'),
    });
    expect(v.webllm).not.toHaveBeenCalled();
  });

  it('asks each engine’s validator with its own request, and nothing of another kind', async () => {
    const v = validators();
    const taken = ['a'];
    await buildOwnModel(
      'webllm',
      { url: 'u1', name: 'n1', takenIds: taken, fields: { baseId: 'B' } },
      v,
    );
    await buildOwnModel('transformers', { url: 'u2', takenIds: taken, fields: {} }, v);
    expect(v.webllm).toHaveBeenCalledWith({ url: 'u1', name: 'n1', takenIds: taken, baseId: 'B' });
    expect(v.transformers).toHaveBeenCalledWith({ url: 'u2', takenIds: taken });
  });

  it('builds a record of each kind that is stored, read back the same, and named from it', async () => {
    const v = validators();
    const now = vi.spyOn(Date, 'now').mockReturnValue(1000);
    const mlc = await buildOwnModel(
      'webllm',
      { url: 'u', takenIds: [], fields: { baseId: CHECKED_MLC.baseId } },
      v,
    );
    now.mockReturnValue(2000);
    const onnx = await buildOwnModel('transformers', { url: 'u', takenIds: [], fields: {} }, v);
    now.mockRestore();
    expect(mlc).toMatchObject({ engine: 'webllm', id: 'my-lora', addedAt: 1000 });
    expect(onnx).toMatchObject({ engine: 'transformers', id: CHECKED_ONNX.id, addedAt: 2000 });

    const store = await openCustomModelStore(uniqueDbName());
    await store.add(onnx);
    await store.add(mlc);
    const kept = await store.list();
    store.close();
    expect(kept).toEqual([mlc, onnx]);
    expect(ofKind(kept, 'webllm')).toEqual([mlc]);
    expect(ofKind(kept, 'transformers')).toEqual([onnx]);
    expect(kept.map((m) => ownModelName(m))).toEqual(['my-lora', 'you/m']);
    expect(kept.map((m) => ownModelLine(m))).toEqual([
      'base Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
      'LlamaForCausalLM, no base of the menu',
    ]);
    expect(ownModelLine({ ...onnx, family: 'Qwen2.5-0.5B' })).toBe(
      'LlamaForCausalLM, base Qwen2.5-0.5B',
    );
  });
});
