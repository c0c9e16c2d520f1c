// The model picker's menu as data: ONNX and WebLLM families (base first, then its fine-tunes),
// extra models named by the page address, base vs fine-tune wording, and finding a choice.
import { describe, expect, it } from 'vitest';
import {
  YOUR_MODELS,
  findModel,
  sameChoice,
  transformersMenu,
  webllmMenu,
} from '../../../src/lib/generate/modelMenu';
import type { OnnxCustomModel } from '../../../src/lib/generate/transformers/customModels';
import { TRANSFORMERS_FAMILIES } from '../../../src/lib/generate/transformers/catalog';
import type { Catalog, CatalogEntry } from '../../../src/lib/generate/webllm/catalog';

const QWEN = 'onnx-community/Qwen2.5-0.5B-Instruct';
const QWEN_CODER = 'onnx-community/Qwen2.5-Coder-0.5B-Instruct';

function entry(
  name: string,
  family: string,
  isBase: boolean,
  extra: Partial<CatalogEntry> = {},
): CatalogEntry {
  return {
    id: `${name}-q4f16_1-MLC`,
    quantization: 'q4f16_1',
    vramMB: 1234.5,
    contextWindow: 4096,
    lowResource: false,
    needsShaderF16: true,
    modelLib: `${family}-q4f16_1-webgpu.wasm`,
    modelUrl: `https://example.test/${name}`,
    name,
    family,
    baseId: `${family}-q4f16_1-MLC`,
    isBase,
    tuning: isBase
      ? { kind: 'base', tunedFor: 'general chat' }
      : { kind: 'domain', domain: 'code', by: 'Qwen team', tunedFor: 'code' },
    licence: 'Apache-2.0',
    downloadBytes: null,
    ...extra,
  };
}

const base = entry('Qwen2.5-0.5B-Instruct', 'Qwen2.5-0.5B-Instruct', true, {
  downloadBytes: 3 * 2 ** 20,
});
const coder = entry('Qwen2.5-Coder-0.5B-Instruct', 'Qwen2.5-0.5B-Instruct', false, {
  contextWindow: null,
});
const gemma = entry('gemma-2-2b-it', 'gemma-2-2b-it', true, { licence: 'Gemma' });
const catalog: Catalog = {
  families: [
    { name: 'Qwen2.5-0.5B-Instruct', library: 'Qwen2-0.5B-Instruct', base, variants: [coder] },
    { name: 'gemma-2-2b-it', library: 'gemma-2-2b-it', base: gemma, variants: [] },
  ],
  entries: [base, gemma, coder],
};

describe('transformersMenu', () => {
  it('lists the ONNX families in catalogue order, each base first then its fine-tunes', () => {
    const menu = transformersMenu([]);
    expect(menu.map((f) => f.name)).toEqual(TRANSFORMERS_FAMILIES.map((f) => f.name));
    expect(menu.every((f) => f.engine === 'transformers')).toBe(true);
    for (const [i, family] of menu.entries()) {
      const source = TRANSFORMERS_FAMILIES[i]!;
      expect(family.models.map((m) => m.id)).toEqual([
        source.base.id,
        ...source.variants.map((v) => v.id),
      ]);
      expect(family.models.map((m) => m.isBase)).toEqual(family.models.map((_, j) => j === 0));
      expect(family.models.every((m) => m.facts.base === source.base.name)).toBe(true);
    }
  });

  it('describes a base and a code fine-tune differently', () => {
    const family = transformersMenu([])[0]!;
    const [qwen, qwenCoder] = family.models;
    expect(qwen!.id).toBe(QWEN);
    expect(qwen!.facts.tuning).toBe('base (instruct) model');
    expect(qwen!.facts.tunedFor).toBe('general instruction following and chat');
    expect(qwenCoder!.id).toBe(QWEN_CODER);
    expect(qwenCoder!.facts.tuning).toBe('domain fine-tune');
    expect(qwenCoder!.facts.tunedFor).toMatch(/code/);
  });

  it('gives context in k tokens and both downloads in MB', () => {
    const qwen = transformersMenu([])[0]!.models[0]!;
    expect(qwen.facts.context).toBe('32k tokens');
    expect(qwen.facts.download).toBe('520 MB (WASM), 490 MB (WebGPU)');
    expect(qwen.facts.licence).toBe('Apache-2.0');
  });

  it('puts models from the page address first, the first of them taken as the base', () => {
    const menu = transformersMenu(['org/tiny-base', 'org/tiny-tuned']);
    expect(menu).toHaveLength(TRANSFORMERS_FAMILIES.length + 1);
    const extra = menu[0]!;
    expect(extra.name).toBe('From the page address');
    expect(extra.engine).toBe('transformers');
    expect(extra.models.map((m) => [m.id, m.name, m.isBase])).toEqual([
      ['org/tiny-base', 'tiny-base', true],
      ['org/tiny-tuned', 'tiny-tuned', false],
    ]);
    expect(extra.models.every((m) => m.facts.base === 'org/tiny-base')).toBe(true);
    expect(extra.models[0]!.facts.tuning).toMatch(/base/);
    expect(extra.models[1]!.facts.tuning).toBe('listed after the base');
  });

  it('leaves out extra ids the catalogue already has', () => {
    expect(transformersMenu([QWEN, QWEN_CODER])).toEqual(transformersMenu([]));
    const menu = transformersMenu([QWEN, 'org/other']);
    expect(menu[0]!.models.map((m) => m.id)).toEqual(['org/other']);
    expect(menu[0]!.models[0]!.isBase).toBe(true);
  });
});

/** Your ONNX model as registration describes it. */
function yours(name: string, family?: string, bytes: Partial<Record<'q8' | 'fp32', number>> = {}) {
  const model: OnnxCustomModel = {
    id: `https://cdn.example.org/lab/you/${name}`,
    name,
    sourceUrl: `https://cdn.example.org/lab/you/${name}/`,
    host: 'https://cdn.example.org/lab/',
    modelPath: `you/${name}`,
    modelType: 'qwen2',
    architecture: 'Qwen2ForCausalLM',
    contextWindow: 32768,
    dtype: { wasm: 'q8', webgpu: 'fp32', f16: 'fp32' },
    weightsBytes: bytes,
    warnings: [],
  };
  return family ? { ...model, family } : model;
}

describe('transformersMenu with your models', () => {
  it('puts a model with a base’s shape under that family, the others in a family of their own', () => {
    const menu = transformersMenu(
      [],
      [
        yours('qwen-lora', 'Qwen2.5-0.5B-Instruct', { q8: 600 * 2 ** 20, fp32: 2000 * 2 ** 20 }),
        yours('odd'),
      ],
    );
    const qwen = menu.find((f) => f.name === 'Qwen2.5-0.5B-Instruct');
    expect(qwen?.models.map((m) => m.id).at(-1)).toBe('https://cdn.example.org/lab/you/qwen-lora');
    const mine = qwen?.models.at(-1);
    expect(mine).toMatchObject({
      engine: 'transformers',
      name: 'qwen-lora',
      isBase: false,
      yours: true,
      facts: {
        base: 'Qwen2.5-0.5B-Instruct',
        tuning: 'your fine-tune',
        context: '32k tokens',
        download: '600 MB (WASM), 2,000 MB (WebGPU)',
        source: 'https://cdn.example.org/lab/you/qwen-lora/',
      },
    });
    const own = menu.at(-1);
    expect(own?.name).toBe(YOUR_MODELS);
    expect(own?.models.map((m) => m.name)).toEqual(['odd']);
    // Sizes unknown: no download line; tiny files in KB rather than "0 MB".
    expect(own?.models[0]?.facts.download).toBeUndefined();
    const tiny = transformersMenu([], [yours('tiny', undefined, { q8: 26_401 })]).at(-1);
    expect(tiny?.models[0]?.facts.download).toBe('26 KB (WASM)');
  });

  it('has no family of your models when there are none', () => {
    expect(transformersMenu([]).some((f) => f.name === YOUR_MODELS)).toBe(false);
  });
});

describe('webllmMenu', () => {
  const menu = webllmMenu(catalog);

  it('keeps the catalogue’s families, base first then its fine-tunes', () => {
    expect(menu.map((f) => [f.engine, f.name])).toEqual([
      ['webllm', 'Qwen2.5-0.5B-Instruct'],
      ['webllm', 'gemma-2-2b-it'],
    ]);
    expect(menu[0]!.models.map((m) => [m.id, m.isBase])).toEqual([
      [base.id, true],
      [coder.id, false],
    ]);
    expect(menu[1]!.models.map((m) => m.id)).toEqual([gemma.id]);
  });

  it('says who tuned a fine-tune, but not for a base', () => {
    const [b, c] = menu[0]!.models;
    expect(b!.facts.tuning).toBe('base (instruct) model');
    expect(c!.facts.tuning).toBe('domain fine-tune by Qwen team');
    expect(c!.facts.tunedFor).toBe('code');
    expect(c!.facts.base).toBe('Qwen2.5-0.5B-Instruct');
  });

  it('states VRAM, context and download, leaving out an unknown download', () => {
    const [b, c] = menu[0]!.models;
    expect(b!.facts.vram).toBe('1,234.5 MB');
    expect(b!.facts.context).toBe('4k tokens');
    expect(b!.facts.download).toBe('3 MB');
    expect(c!.facts.context).toBe('the model’s default');
    expect(c!.facts).not.toHaveProperty('download');
    expect(menu[1]!.models[0]!.facts.licence).toBe('Gemma');
  });
});

describe('choices', () => {
  it('sameChoice needs both defined, same engine and same id', () => {
    expect(sameChoice({ engine: 'webllm', id: 'a' }, { engine: 'webllm', id: 'a' })).toBe(true);
    expect(sameChoice({ engine: 'webllm', id: 'a' }, { engine: 'transformers', id: 'a' })).toBe(
      false,
    );
    expect(sameChoice({ engine: 'webllm', id: 'a' }, { engine: 'webllm', id: 'b' })).toBe(false);
    expect(sameChoice(undefined, { engine: 'webllm', id: 'a' })).toBe(false);
    expect(sameChoice(undefined, undefined)).toBe(false);
  });

  it('findModel finds a model across families and engines, or nothing', () => {
    const all = [...transformersMenu(['org/x']), ...webllmMenu(catalog)];
    expect(findModel(all, { engine: 'webllm', id: coder.id })?.name).toBe(coder.name);
    expect(findModel(all, { engine: 'transformers', id: 'org/x' })?.isBase).toBe(true);
    expect(findModel(all, { engine: 'transformers', id: QWEN_CODER })?.isBase).toBe(false);
    expect(findModel(all, { engine: 'transformers', id: coder.id })).toBeUndefined();
  });
});
