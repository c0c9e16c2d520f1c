// The model picker's search and filters.
import { describe, expect, it } from 'vitest';
import { ALL_MODELS, filterFamilies, isFiltered } from '../../../src/lib/models/menuFilter';
import type { MenuFamily, MenuModel } from '../../../src/lib/generate/modelMenu';

const model = (id: string, extra: Partial<MenuModel> = {}): MenuModel => ({
  engine: 'webllm',
  id,
  name: id,
  isBase: false,
  facts: { base: 'Qwen2.5', tuning: '', tunedFor: '', licence: '' },
  ...extra,
});

const FAMILIES: MenuFamily[] = [
  {
    engine: 'webllm',
    name: 'Qwen2.5 0.5B',
    models: [
      model('Qwen2.5-0.5B-Instruct', { isBase: true }),
      model('Qwen2.5-Coder-0.5B-Instruct', { domain: 'code' }),
      model('Qwen2.5-Math-1.5B-Instruct', { domain: 'maths' }),
    ],
  },
  { engine: 'webllm', name: 'Llama 3.2', models: [model('my-llama-ft', { yours: true })] },
];
const ids = (fs: MenuFamily[]) => fs.flatMap((f) => f.models.map((m) => m.id));

describe('filterFamilies', () => {
  it('keeps everything with no query, and says so', () => {
    expect(ids(filterFamilies(FAMILIES, ALL_MODELS))).toHaveLength(4);
    expect(isFiltered(ALL_MODELS)).toBe(false);
  });

  it('matches every word against name, family and what the model is tuned for', () => {
    expect(ids(filterFamilies(FAMILIES, { ...ALL_MODELS, text: 'qwen code' }))).toEqual([
      'Qwen2.5-Coder-0.5B-Instruct',
    ]);
    expect(ids(filterFamilies(FAMILIES, { ...ALL_MODELS, text: 'llama' }))).toEqual([
      'my-llama-ft',
    ]);
  });

  it('filters by kind and drops empty families', () => {
    const base = filterFamilies(FAMILIES, { ...ALL_MODELS, kind: 'base' });
    expect(ids(base)).toEqual(['Qwen2.5-0.5B-Instruct']);
    expect(base).toHaveLength(1);
    expect(ids(filterFamilies(FAMILIES, { ...ALL_MODELS, kind: 'yours' }))).toEqual([
      'my-llama-ft',
    ]);
    expect(ids(filterFamilies(FAMILIES, { ...ALL_MODELS, kind: 'fine-tune' }))).toHaveLength(2);
  });

  it('leaves out what this browser cannot run when asked', () => {
    const runnable = (m: MenuModel) => !m.id.includes('Math');
    const kept = filterFamilies(FAMILIES, { ...ALL_MODELS, runnableOnly: true }, runnable);
    expect(ids(kept)).not.toContain('Qwen2.5-Math-1.5B-Instruct');
    expect(ids(kept)).toHaveLength(3);
  });

  it('keeps only downloaded models when asked', () => {
    const downloaded = (m: MenuModel) => m.id === 'my-llama-ft';
    const query = { ...ALL_MODELS, downloadedOnly: true };
    expect(ids(filterFamilies(FAMILIES, query, () => true, downloaded))).toEqual(['my-llama-ft']);
    expect(ids(filterFamilies(FAMILIES, query))).toEqual([]);
    expect(isFiltered(query)).toBe(true);
  });

  it('keeps only models known to fit the memory limit (unknown memory is left out)', () => {
    const sized: MenuFamily[] = [
      {
        engine: 'transformers',
        name: 'Sizes',
        models: [
          model('small', { memoryMb: 900 }),
          model('edge', { memoryMb: 1024 }),
          model('big', { memoryMb: 3000 }),
          model('unknown'),
        ],
      },
    ];
    expect(ids(filterFamilies(sized, { ...ALL_MODELS, maxMemoryMb: 1024 }))).toEqual([
      'small',
      'edge',
    ]);
    expect(ids(filterFamilies(sized, { ...ALL_MODELS, maxMemoryMb: 4096 }))).toEqual([
      'small',
      'edge',
      'big',
    ]);
    expect(ids(filterFamilies(sized, ALL_MODELS))).toHaveLength(4);
  });
});
