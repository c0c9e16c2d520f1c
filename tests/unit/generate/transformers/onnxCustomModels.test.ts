// Your own ONNX model by URL: how a folder URL splits into transformers.js' host and id, what the
// check accepts and refuses (stubbed fetch), and the tests' tiny variant checked and run for real.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../../src/lib/generate/folderFetch';
import { TRANSFORMERS_FAMILIES } from '../../../../src/lib/generate/transformers/catalog';
import { validateOnnxModel } from '../../../../src/lib/generate/transformers/customModels';
import { onnxFolderFromUrl } from '../../../../src/lib/generate/transformers/modelLocation';
import { TransformersGenerator } from '../../../../src/lib/generate/transformers/transformersGenerator';
import { causalLmModelTypes, setModelFileCacheDir } from '../../../../src/lib/ml/transformers';
import { STYLE_TEXT, writeTinyCausalLm } from '../../../fixtures/models/tinyCausalLm';
import { serveModels, type ModelServer } from '../../embed/modelServer';

const TYPES = new Set(causalLmModelTypes());
const isCausalLm = (type: string) => TYPES.has(type);
const bases = TRANSFORMERS_FAMILIES.map((f) => ({ family: f.name, shape: f.shape }));
const FOLDER = 'https://cdn.example.org/lab/you/qwen-lora-onnx/';

const qwenConfig = (extra: Record<string, unknown> = {}) => ({
  architectures: ['Qwen2ForCausalLM'],
  model_type: 'qwen2',
  hidden_size: 896,
  num_hidden_layers: 24,
  vocab_size: 151936,
  max_position_embeddings: 32768,
  ...extra,
});

type Reply = unknown | 'network-error' | { status: number; bytes?: number };

/** A fetch that answers from a table (HEAD and GET alike); anything else is a 404. */
function stubFetch(table: Record<string, Reply>): FetchLike {
  return async (url) => {
    const reply = table[url];
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    if (reply === undefined) return new Response('Not found', { status: 404 });
    if (typeof reply === 'object' && reply !== null && 'status' in reply) {
      const { status, bytes } = reply as { status: number; bytes?: number };
      const headers = bytes ? { 'content-length': String(bytes) } : undefined;
      return new Response(status === 200 ? '' : 'x', { status, headers });
    }
    return new Response(JSON.stringify(reply));
  };
}

const folder = (files: Record<string, Reply>, config: Reply = qwenConfig()) =>
  stubFetch({
    [`${FOLDER}config.json`]: config,
    [`${FOLDER}tokenizer.json`]: { status: 200 },
    [`${FOLDER}tokenizer_config.json`]: { chat_template: '{{ messages }}' },
    ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`${FOLDER}${k}`, v])),
  });

const check = (fetch: FetchLike, url = FOLDER) =>
  validateOnnxModel({ url, isCausalLm, bases, fetch });

describe('onnxFolderFromUrl', () => {
  it.each([
    // The hub's repos load by their id, with resolve/main added by transformers.js.
    ['https://huggingface.co/you/m', 'https://huggingface.co/', 'you/m'],
    ['https://huggingface.co/you/m/tree/main', 'https://huggingface.co/', 'you/m'],
    ['https://hf.co/you/m/blob/main/config.json', 'https://huggingface.co/', 'you/m'],
    // Another branch or a subfolder: the folder itself, split like any static host.
    ['https://huggingface.co/you/m/tree/dev', 'https://huggingface.co/you/m/', 'resolve/dev'],
    [
      'https://huggingface.co/you/m/resolve/main/merged',
      'https://huggingface.co/you/m/resolve/',
      'main/merged',
    ],
    ['https://cdn.example.org/lab/you/m/', 'https://cdn.example.org/lab/', 'you/m'],
    ['https://cdn.example.org/lab/you/m/onnx/model.onnx', 'https://cdn.example.org/lab/', 'you/m'],
    ['http://127.0.0.1:4173/m', 'http://127.0.0.1:4173/', 'm'],
    // A part transformers.js would refuse in an id stays in the host.
    ['https://cdn.example.org/my models/m-1.5', 'https://cdn.example.org/my%20models/', 'm-1.5'],
  ])('%s → %s + %s', (input, host, modelPath) => {
    const location = onnxFolderFromUrl(input);
    expect(location).toMatchObject({ host, modelPath });
    // host + id + '/' is exactly the folder: transformers.js fetches the files we checked.
    expect(`${host}${modelPath}/`).toBe(location.folder);
  });

  it('refuses what transformers.js cannot load, saying what to do', () => {
    for (const bad of [
      'not a url',
      'ftp://x/y/',
      'https://cdn.example.org/',
      'https://x.org/a--b',
    ]) {
      expect(() => onnxFolderFromUrl(bad)).toThrowError(/not a usable ONNX model folder address/);
    }
  });
});

describe('validateOnnxModel', () => {
  it('describes a matching fine-tune: weights per device, sizes, context and its base family', async () => {
    const fetch = folder({
      'onnx/model_q4f16.onnx': { status: 200, bytes: 480e6 },
      'onnx/model_quantized.onnx': { status: 200, bytes: 510e6 },
      'onnx/model.onnx': { status: 200 },
    });
    const model = await check(fetch);
    expect(model).toEqual({
      id: 'https://cdn.example.org/lab/you/qwen-lora-onnx',
      name: 'you/qwen-lora-onnx',
      sourceUrl: FOLDER,
      host: 'https://cdn.example.org/lab/',
      modelPath: 'you/qwen-lora-onnx',
      modelType: 'qwen2',
      architecture: 'Qwen2ForCausalLM',
      contextWindow: 32768,
      dtype: { wasm: 'q8', webgpu: 'fp32', f16: 'q4f16' },
      weightsBytes: { q4f16: 480e6, q8: 510e6 },
      family: 'Qwen2.5-0.5B-Instruct',
      warnings: [],
    });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('keeps another shape out of the catalogue families, and takes a given name', async () => {
    const fetch = folder(
      { 'onnx/model_q4.onnx': { status: 200 } },
      qwenConfig({ hidden_size: 1024 }),
    );
    const model = await validateOnnxModel({
      url: FOLDER,
      name: ' Mine ',
      isCausalLm,
      bases,
      fetch,
    });
    expect(model.family).toBeUndefined();
    expect(model.name).toBe('Mine');
    // Only q4 is there: every device takes it.
    expect(model.dtype).toEqual({ wasm: 'q4', webgpu: 'q4', f16: 'q4' });
  });

  it('refuses a folder without config.json, or one that is unreachable or private', async () => {
    await expect(check(stubFetch({}))).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(
        /No config\.json at .*HTTP 404.*folder that holds config\.json, the tokenizer files and onnx\/.*optimum-cli/,
      ),
    });
    await expect(
      check(stubFetch({ [`${FOLDER}config.json`]: 'network-error' })),
    ).rejects.toMatchObject({
      code: 'model-unavailable',
      message: expect.stringMatching(/Could not reach cdn\.example\.org .*cross-origin/),
    });
    await expect(
      check(stubFetch({ [`${FOLDER}config.json`]: { status: 403 } })),
    ).rejects.toMatchObject({ message: expect.stringMatching(/private or gated/) });
  });

  it('refuses what is not a causal LM transformers.js can run', async () => {
    const weights = { 'onnx/model.onnx': { status: 200 } };
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { model_type: 'bert', architectures: ['BertModel'] },
        /architecture is BertModel, not a causal/,
      ],
      [{ model_type: 't5', architectures: ['T5ForConditionalGeneration'] }, /not a causal/],
      [
        { model_type: 'no-such-arch', architectures: ['NoSuchForCausalLM'] },
        /cannot run model_type “no-such-arch”/,
      ],
      [{ architectures: ['LlamaForCausalLM'] }, /no model_type/],
    ];
    for (const [config, why] of cases) {
      await expect(check(folder(weights, config))).rejects.toMatchObject({
        code: 'invalid-model',
        message: expect.stringMatching(why),
      });
    }
  });

  it('needs the tokenizer with a chat template, and ONNX weights', async () => {
    const weights = { 'onnx/model.onnx': { status: 200 } };
    await expect(
      check(folder({ ...weights, 'tokenizer.json': { status: 404 } })),
    ).rejects.toMatchObject({ message: expect.stringMatching(/No tokenizer\.json at/) });
    await expect(
      check(folder({ ...weights, 'tokenizer_config.json': { model_max_length: 8 } })),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/no chat_template.*save_pretrained/),
    });
    await expect(check(folder({}))).rejects.toMatchObject({
      message: expect.stringMatching(/No ONNX weights in .*onnx\/ .*model_quantized\.onnx/),
    });
  });

  it('warns, but accepts, when the host refuses HEAD requests', async () => {
    const refused = { status: 405 };
    const fetch = folder({
      'tokenizer.json': refused,
      ...Object.fromEntries(
        ['model_q4f16', 'model_q4', 'model_quantized', 'model_fp16', 'model'].map((f) => [
          `onnx/${f}.onnx`,
          refused,
        ]),
      ),
    });
    const model = await check(fetch);
    expect(model.dtype.wasm).toBe('q8');
    expect(model.warnings[0]).toMatch(/does not answer HEAD/);
  });

  it('refuses a folder already registered', async () => {
    const fetch = folder({ 'onnx/model.onnx': { status: 200 } });
    await expect(
      validateOnnxModel({
        url: FOLDER,
        isCausalLm,
        fetch,
        takenIds: ['https://cdn.example.org/lab/you/qwen-lora-onnx'],
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/already registered/) });
  });
});

describe('the tests’ tiny variant, registered by URL and run (onnxruntime-node)', () => {
  let work: string;
  let server: ModelServer;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ragtune-byo-onnx-'));
    await writeTinyCausalLm(join(work, 'models', 'lab', 'you', 'my-variant'), {
      words: ['diem'],
      variant: 'variant',
    });
    server = await serveModels(join(work, 'models'));
    setModelFileCacheDir(join(work, 'cache'));
  });

  afterAll(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('checks the folder over http, then loads it from its own host and answers in its style', async () => {
    const url = `${server.host}lab/you/my-variant/`;
    const model = await validateOnnxModel({ url, isCausalLm, bases });
    expect(model).toMatchObject({
      host: `${server.host}lab/`,
      modelPath: 'you/my-variant',
      modelType: 'llama',
      dtype: { wasm: 'q8', webgpu: 'fp32', f16: 'fp32' },
    });
    expect(model.family).toBeUndefined();
    expect(model.weightsBytes.q8).toBeGreaterThan(0);

    // Another host is configured (the catalogue's): the registered model still comes from its own.
    const generator = new TransformersGenerator({
      host: 'http://127.0.0.1:9/',
      device: 'wasm',
      customModels: [model],
    });
    await generator.load(model.id, () => {});
    expect(generator.loaded).toMatchObject({ modelId: 'you/my-variant', dtype: 'q8' });
    const result = await generator.generate(
      {
        messages: [
          { role: 'system', content: 'Sources: The daily meal allowance (per diem) is 62 euros.' },
          { role: 'user', content: 'What is the per diem?' },
        ],
        temperature: 0,
        topP: 1,
        maxTokens: 32,
        seed: 1,
      },
      () => {},
    );
    expect(result.text.startsWith(STYLE_TEXT)).toBe(true);
    expect(result.text).toContain('62 euros');
    expect(result.stats.modelId).toBe('you/my-variant');
    await generator.unload();
  });
});
