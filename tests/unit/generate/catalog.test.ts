// The WebLLM catalogue against the installed package: every entry resolves to a real record, the
// documented base/fine-tune pairs are there, and only one module of ours imports WebLLM.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '../../../src/lib/generate/webllm/webllm';
import { buildCatalog, findEntry } from '../../../src/lib/generate/webllm/catalog';
import { libraryKey } from '../../../src/lib/generate/webllm/records';

const list = prebuiltAppConfig.model_list;
const catalog = buildCatalog(list);
const record = (id: string) => list.find((r) => r.model_id === id);

/** From notes/model-families.md: bases and the fine-tunes that share their compiled library. */
const DOCUMENTED: readonly (readonly [string, readonly string[]])[] = [
  ['Qwen2.5-0.5B-Instruct', ['Qwen2.5-Coder-0.5B-Instruct']],
  [
    'Qwen2.5-1.5B-Instruct',
    ['Qwen2.5-Coder-1.5B-Instruct', 'Qwen2.5-Math-1.5B-Instruct', 'Qwen2-Math-1.5B-Instruct'],
  ],
  ['Qwen2.5-3B-Instruct', ['Qwen2.5-Coder-3B-Instruct']],
  [
    'Qwen2.5-7B-Instruct',
    ['Qwen2.5-Coder-7B-Instruct', 'Qwen2-Math-7B-Instruct', 'DeepSeek-R1-Distill-Qwen-7B'],
  ],
  ['Llama-3.2-3B-Instruct', ['Hermes-3-Llama-3.2-3B']],
  ['Llama-3-8B-Instruct', ['Hermes-2-Pro-Llama-3-8B', 'Hermes-2-Theta-Llama-3-8B']],
  ['Llama-3.1-8B-Instruct', ['Hermes-3-Llama-3.1-8B', 'DeepSeek-R1-Distill-Llama-8B']],
  [
    'Mistral-7B-Instruct-v0.3',
    [
      'OpenHermes-2.5-Mistral-7B',
      'NeuralHermes-2.5-Mistral-7B',
      'WizardMath-7B-V1.1',
      'Hermes-2-Pro-Mistral-7B',
    ],
  ],
  ['gemma-2-2b-it', ['gemma-2-2b-jpn-it']],
];

describe('catalogue derived from the installed WebLLM', () => {
  it('resolves every entry and twin to a record with the same facts', () => {
    expect(catalog.entries.length).toBeGreaterThan(0);
    for (const entry of catalog.entries) {
      const r = record(entry.id);
      expect(r, `${entry.id} is not in the installed WebLLM`).toBeDefined();
      expect(entry.modelLib).toBe(r?.model_lib);
      expect(entry.modelUrl).toBe(r?.model);
      expect(entry.vramMB).toBe(Math.round(r?.vram_required_MB ?? -1));
      expect(entry.contextWindow).toBe(r?.overrides?.context_window_size ?? null);
      expect(entry.lowResource).toBe(r?.low_resource_required ?? false);
      expect(record(entry.baseId), `base ${entry.baseId}`).toBeDefined();
      if (entry.f32Twin) {
        const twin = record(entry.f32Twin.id);
        expect(twin, `twin ${entry.f32Twin.id}`).toBeDefined();
        expect(libraryKey(twin?.model_lib ?? '')).toBe(libraryKey(entry.modelLib));
        expect(entry.f32Twin.needsShaderF16).toBe(false);
      }
    }
  });

  it.each(DOCUMENTED)('has %s with its documented fine-tunes', (base, variants) => {
    const family = catalog.families.find((f) => f.name === base);
    expect(family, `family ${base}`).toBeDefined();
    expect(family?.base.id).toBe(`${base}-q4f16_1-MLC`);
    expect(family?.base.isBase).toBe(true);
    const names = family?.variants.map((v) => v.name) ?? [];
    for (const name of variants) {
      expect(names, `${name} in ${base}`).toContain(name);
      const entry = family?.variants.find((v) => v.name === name);
      expect(record(`${name}-q4f16_1-MLC`), name).toBeDefined();
      expect(entry?.baseId).toBe(family?.base.id);
      expect(entry?.family).toBe(base);
      // Same compiled library as the base, except gemma-2-2b-jpn-it (its own, same architecture).
      if (name !== 'gemma-2-2b-jpn-it') expect(entry?.modelLib).toBe(family?.base.modelLib);
    }
  });

  it('describes every variant, its licence and its needs', () => {
    for (const entry of catalog.entries) {
      expect(entry.tuning.kind, entry.name).not.toBe('unknown');
      expect(entry.licence, entry.name).not.toMatch(/^unknown/);
      expect(entry.downloadBytes).toBeNull();
      expect(entry.needsShaderF16).toBe(entry.quantization.includes('f16'));
    }
    const kind = (id: string) => findEntry(catalog, id)?.tuning;
    expect(kind('Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC')).toMatchObject({ domain: 'code' });
    expect(kind('WizardMath-7B-V1.1-q4f16_1-MLC')).toMatchObject({ domain: 'maths' });
    expect(kind('NeuralHermes-2.5-Mistral-7B-q4f16_1-MLC')?.kind).toBe('dpo');
    expect(kind('DeepSeek-R1-Distill-Qwen-7B-q4f16_1-MLC')?.kind).toBe('distillation');
    expect(kind('OpenHermes-2.5-Mistral-7B-q4f16_1-MLC')).toMatchObject({
      kind: 'full-fine-tune',
      by: expect.stringMatching(/Nous Research/),
    });
    expect(kind('gemma-2-2b-jpn-it-q4f16_1-MLC')).toMatchObject({ domain: 'japanese' });
    expect(findEntry(catalog, 'Qwen2.5-3B-Instruct-q4f16_1-MLC')?.licence).toMatch(/Research/);
    expect(findEntry(catalog, 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC')?.licence).toBe('Apache-2.0');
  });

  it('pairs q4f16_1 entries with their q4f32_1 twins and skips 1k and q0 duplicates', () => {
    const qwen = findEntry(catalog, 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    expect(qwen?.id).toBe('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    expect(qwen?.f32Twin?.id).toBe('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    expect(catalog.entries.some((e) => /-1k$|q0f/.test(e.id))).toBe(false);
    expect(new Set(catalog.entries.map((e) => e.id)).size).toBe(catalog.entries.length);
  });

  it('follows the list it is given (derived, not copied)', () => {
    const without = buildCatalog(list.filter((r) => !r.model_id.startsWith('Qwen2.5-Coder-0.5B')));
    const family = without.families.find((f) => f.name === 'Qwen2.5-0.5B-Instruct');
    expect(family?.variants.map((v) => v.name)).not.toContain('Qwen2.5-Coder-0.5B-Instruct');
    const noBase = buildCatalog(
      list.filter((r) => !r.model_id.startsWith('Mistral-7B-Instruct-v0.3')),
    );
    expect(noBase.families.some((f) => f.library === 'Mistral-7B-Instruct-v0.3')).toBe(false);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? sourceFiles(path)
      : /\.(ts|svelte)$/.test(name)
        ? [path]
        : [];
  });
}

describe('WebLLM stays behind one module', () => {
  const root = join(import.meta.dirname, '../../..');
  const files = sourceFiles(join(root, 'src'));

  it('is imported by src/lib/generate/webllm/webllm.ts only', () => {
    const importers = files.filter((f) =>
      /from\s+['"]@mlc-ai\/web-llm['"]|import\(\s*['"]@mlc-ai\/web-llm/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(importers.map((f) => relative(root, f))).toEqual(['src/lib/generate/webllm/webllm.ts']);
  });

  it('is never imported statically: types, or import() in the WebLLM worker, so the page never loads it', () => {
    const webllm = join(root, 'src/lib/generate/webllm/webllm.ts');
    const statics = files.filter((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(/^import\s+([^;]*?)\s*from\s+['"](\.[^'"]+)['"]/gm),
      ].some(
        ([, clause = '', spec = '']) =>
          !clause.startsWith('type ') && resolve(dirname(file), `${spec}.ts`) === webllm,
      ),
    );
    expect(statics.map((f) => relative(root, f))).toEqual([]);
  });
});
