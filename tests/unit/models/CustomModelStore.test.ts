// CustomModelStore on fake-indexeddb: your models of both engines kept in the order added, a name
// taken twice refused, removal, a record from before the engine tag, and a reopen that finds them.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import {
  openCustomModelStore,
  type CustomModelStore,
} from '../../../src/lib/models/CustomModelStore';
import { openRagtuneDatabase } from '../../../src/lib/store/database';
import {
  STORES,
  type StoredOnnxModel,
  type StoredWebllmModel,
} from '../../../src/lib/store/schema';
import { uniqueDbName } from '../store/fixtures';

const open: CustomModelStore[] = [];
async function store(name: string): Promise<CustomModelStore> {
  const s = await openCustomModelStore(name);
  open.push(s);
  return s;
}

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const webllm = (id: string, addedAt: number): StoredWebllmModel => ({
  engine: 'webllm',
  id,
  addedAt,
  record: {
    model: `https://huggingface.co/you/${id}`,
    model_id: id,
    model_lib: 'https://example.test/Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm',
    overrides: { context_window_size: 4096 },
  },
  baseId: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  sourceUrl: `https://huggingface.co/you/${id}`,
  modelType: 'qwen2',
  quantization: 'q4f16_1',
  downloadBytes: null,
  warnings: ['Could not read the base config.'],
});

const onnx = (addedAt: number): StoredOnnxModel => ({
  engine: 'transformers',
  id: 'https://cdn.example.org/lab/you/m',
  addedAt,
  name: 'you/m',
  sourceUrl: 'https://cdn.example.org/lab/you/m/',
  host: 'https://cdn.example.org/lab/',
  modelPath: 'you/m',
  modelType: 'llama',
  architecture: 'LlamaForCausalLM',
  contextWindow: 4096,
  dtype: { wasm: 'q8', webgpu: 'fp32', f16: 'fp32' },
  weightsBytes: { q8: 26_401 },
  warnings: [],
});

describe('CustomModelStore', () => {
  it('keeps models of both engines in the order added, and finds them after a reopen', async () => {
    const name = uniqueDbName();
    const s = await store(name);
    expect(await s.list()).toEqual([]);
    await s.add(webllm('b-lora', 2));
    await s.add(onnx(3));
    await s.add(webllm('a-lora', 1));
    expect((await s.list()).map((m) => m.id)).toEqual([
      'a-lora',
      'b-lora',
      'https://cdn.example.org/lab/you/m',
    ]);
    s.close();
    const again = await store(name);
    const list = await again.list();
    expect(list[2]).toEqual(onnx(3));
    expect(list[0]).toEqual(webllm('a-lora', 1));
  });

  it('refuses a name already kept instead of overwriting it, and removes by id', async () => {
    const s = await store(uniqueDbName());
    await s.add(webllm('mine', 1));
    const refused = s.add({ ...webllm('mine', 2), sourceUrl: 'https://elsewhere.test/' });
    await expect(refused).rejects.toBeInstanceOf(RagtuneError);
    await expect(refused).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(/“mine” is already registered: choose another name/),
    });
    expect((await s.list())[0]?.sourceUrl).toBe('https://huggingface.co/you/mine');
    await s.remove('mine');
    await s.remove('never-there');
    expect(await s.list()).toEqual([]);
  });

  it('reads a record kept before the engine tag as a WebLLM one', async () => {
    const name = uniqueDbName();
    const db = await openRagtuneDatabase(name);
    const { engine: _engine, ...untagged } = webllm('early', 1);
    await db.put(STORES.customModels, untagged as StoredWebllmModel);
    db.close();
    const [model] = await (await store(name)).list();
    expect(model).toEqual(webllm('early', 1));
  });
});
