// Bring-your-own fine-tunes with a stubbed fetch: where WebLLM will read the folder, what a matching
// model's record looks like, and a clear error for every way the folder can be wrong.
import { describe, expect, it } from 'vitest';
import { validateCustomModel } from '../../../src/lib/generate/webllm/customModels';
import {
  fetchDownloadBytes,
  folderOfModelUrl,
  modelFolderFromUrl,
  type FetchLike,
} from '../../../src/lib/generate/webllm/modelFolder';
import { prebuiltAppConfig, type ModelRecord } from '../../../src/lib/generate/webllm/webllm';

const base = prebuiltAppConfig.model_list.find(
  (r) => r.model_id === 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
) as ModelRecord;
const BASE_CONFIG = `${base.model}/resolve/main/mlc-chat-config.json`;
const MINE = 'https://huggingface.co/you/qwen-lora-q4f16_1-MLC/resolve/main/';

const qwenConfig = (
  overrides: Record<string, unknown> = {},
  shape: Record<string, unknown> = {},
) => ({
  version: '0.1.0',
  model_type: 'qwen2',
  quantization: 'q4f16_1',
  vocab_size: 151936,
  model_config: {
    hidden_size: 896,
    intermediate_size: 4864,
    num_attention_heads: 14,
    num_hidden_layers: 24,
    num_key_value_heads: 2,
    head_dim: 64,
    ...shape,
  },
  tokenizer_files: ['tokenizer.json'],
  ...overrides,
});
const TENSOR_CACHE = {
  metadata: {},
  records: [{ nbytes: 200 * 2 ** 20 }, { nbytes: 76 * 2 ** 20 }],
};

type Reply = unknown | 'network-error' | { status: number };

/** A fetch that answers from a table; anything else is a 404. */
function stubFetch(table: Record<string, Reply>): FetchLike & { urls: string[] } {
  const urls: string[] = [];
  const fn = async (url: string) => {
    urls.push(url);
    const reply = table[url];
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    if (reply === undefined) return new Response('Not found', { status: 404 });
    if (typeof reply === 'object' && reply !== null && 'status' in reply) {
      return new Response('', { status: (reply as { status: number }).status });
    }
    return new Response(typeof reply === 'string' ? reply : JSON.stringify(reply));
  };
  return Object.assign(fn, { urls });
}

const matching = (mine: Reply = qwenConfig(), extra: Record<string, Reply> = {}) =>
  stubFetch({
    [`${MINE}mlc-chat-config.json`]: mine,
    [`${MINE}tensor-cache.json`]: TENSOR_CACHE,
    [BASE_CONFIG]: qwenConfig(),
    ...extra,
  });

describe('modelFolderFromUrl', () => {
  it.each([
    ['https://huggingface.co/you/m', 'https://huggingface.co/you/m', 'you/m'],
    [
      'https://huggingface.co/you/m/tree/main',
      'https://huggingface.co/you/m/resolve/main/',
      'you/m',
    ],
    [
      'https://huggingface.co/you/m/blob/dev/sub/mlc-chat-config.json',
      'https://huggingface.co/you/m/resolve/dev/sub/',
      'you/m@dev/sub',
    ],
    ['https://hf.co/you/m/resolve/main/', 'https://huggingface.co/you/m/resolve/main/', 'you/m'],
    [
      'https://cdn.example.org/models/mine/',
      'https://cdn.example.org/models/mine/#/resolve/main/',
      'cdn.example.org/models/mine',
    ],
    [
      'https://cdn.example.org/models/mine/mlc-chat-config.json',
      'https://cdn.example.org/models/mine/#/resolve/main/',
      'cdn.example.org/models/mine',
    ],
  ])('%s', (input, model, id) => {
    const folder = modelFolderFromUrl(input);
    expect(folder.model).toBe(model);
    expect(folder.suggestedId).toBe(id);
    // WebLLM's cleanModelUrl + relative URLs land exactly in the folder we checked.
    expect(folderOfModelUrl(folder.model)).toBe(folder.folder);
    expect(folder.folder.endsWith('/')).toBe(true);
  });

  it('resolves a same-origin path and refuses what is not an http(s) folder', () => {
    expect(modelFolderFromUrl('/models/mine/', 'https://app.example/').folder).toBe(
      'https://app.example/models/mine/',
    );
    for (const bad of ['not a url', 'ftp://x/y/', 'https://huggingface.co/you']) {
      expect(() => modelFolderFromUrl(bad)).toThrowError(/not a usable model folder/);
    }
  });

  it('reads the download size from tensor-cache.json, or says unknown', async () => {
    expect(await fetchDownloadBytes(MINE, matching())).toBe(276 * 2 ** 20);
    expect(await fetchDownloadBytes(MINE, stubFetch({}))).toBeNull();
  });
});

describe('validateCustomModel', () => {
  it('builds a record on the base’s library for a matching model', async () => {
    const fetch = matching();
    const model = await validateCustomModel({
      url: 'https://huggingface.co/you/qwen-lora-q4f16_1-MLC',
      base,
      fetch,
    });
    expect(model.record).toEqual({
      model: 'https://huggingface.co/you/qwen-lora-q4f16_1-MLC',
      model_id: 'you/qwen-lora-q4f16_1-MLC',
      model_lib: base.model_lib,
      overrides: base.overrides,
      vram_required_MB: base.vram_required_MB,
      low_resource_required: base.low_resource_required,
      required_features: ['shader-f16'],
    });
    expect(model).toMatchObject({
      baseId: base.model_id,
      modelType: 'qwen2',
      quantization: 'q4f16_1',
      downloadBytes: 276 * 2 ** 20,
      warnings: [],
    });
    // Plain data: survives structured cloning and JSON.
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('refuses a different architecture, naming what differs', async () => {
    const fetch = matching(qwenConfig({ model_type: 'llama' }, { hidden_size: 2048 }));
    await expect(validateCustomModel({ url: MINE, base, fetch })).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(
        /does not match .*model_type llama ≠ qwen2.*hidden_size 2048 ≠ 896/,
      ),
    });
  });

  it('refuses another quantisation even when the base config is unreachable', async () => {
    const fetch = matching(qwenConfig({ quantization: 'q4f32_1' }), {
      [BASE_CONFIG]: 'network-error',
    });
    await expect(validateCustomModel({ url: MINE, base, fetch })).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(/quantization q4f32_1 ≠ q4f16_1.*convert_weight/),
    });
  });

  it('warns, but accepts, when only the base config cannot be read', async () => {
    const fetch = matching(qwenConfig(), { [BASE_CONFIG]: 'network-error' });
    const model = await validateCustomModel({ url: MINE, base, fetch });
    expect(model.warnings[0]).toMatch(/only the quantisation was checked/);
  });

  it('says what to do on a 404, a private repo, a network failure or bad JSON', async () => {
    await expect(
      validateCustomModel({ url: MINE, base, fetch: stubFetch({}) }),
    ).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(/No mlc-chat-config\.json at .*HTTP 404.*folder that holds/),
    });
    const privateRepo = stubFetch({ [`${MINE}mlc-chat-config.json`]: { status: 401 } });
    await expect(
      validateCustomModel({ url: MINE, base, fetch: privateRepo }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/private or gated .*make the repository public/),
    });
    const offline = stubFetch({ [`${MINE}mlc-chat-config.json`]: 'network-error' });
    await expect(validateCustomModel({ url: MINE, base, fetch: offline })).rejects.toMatchObject({
      code: 'model-unavailable',
      message: expect.stringMatching(/Could not reach huggingface\.co.*cross-origin/),
    });
    const garbage = stubFetch({ [`${MINE}mlc-chat-config.json`]: '<html>' });
    await expect(validateCustomModel({ url: MINE, base, fetch: garbage })).rejects.toMatchObject({
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('needs tensor-cache.json, and explains an old ndarray-cache.json', async () => {
    const legacy = matching(qwenConfig(), {
      [`${MINE}tensor-cache.json`]: { status: 404 },
      [`${MINE}ndarray-cache.json`]: TENSOR_CACHE,
    });
    await expect(validateCustomModel({ url: MINE, base, fetch: legacy })).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(/ndarray-cache\.json .*rename/),
    });
    const none = matching(qwenConfig(), { [`${MINE}tensor-cache.json`]: { status: 404 } });
    await expect(validateCustomModel({ url: MINE, base, fetch: none })).rejects.toMatchObject({
      message: expect.stringMatching(/No tensor-cache\.json/),
    });
  });

  it('refuses an id that is already taken', async () => {
    await expect(
      validateCustomModel({
        url: MINE,
        base,
        fetch: matching(),
        takenIds: ['you/qwen-lora-q4f16_1-MLC'],
      }),
    ).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(/already exists/),
    });
  });
});
