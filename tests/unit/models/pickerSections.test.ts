// The picker's sections (models/pickerSections): one per engine in ENGINE_NAMES order, titled by
// where the engine runs, its families filtered, its menu's status, and what all its listed models
// share; the match count leaves out a section whose menu is not there yet.
import { describe, expect, it } from 'vitest';
import { ENGINE_NAMES, ENGINES, type EngineName } from '../../../src/lib/generate/engines';
import type { MenuFamily, MenuModel } from '../../../src/lib/generate/modelMenu';
import {
  MENU_READY,
  pickerSections,
  shownCount,
  type MenuStatus,
  type SectionInput,
} from '../../../src/lib/models/pickerSections';
import type { CheckNote } from '../../../src/lib/models/sharedNotes';

const model = (engine: EngineName, id: string): MenuModel => ({
  engine,
  id,
  name: id,
  isBase: true,
  facts: { base: id, tuning: '', tunedFor: '', licence: '' },
});
const family = (engine: EngineName, name: string, ids: string[]): MenuFamily => ({
  engine,
  name,
  models: ids.map((id) => model(engine, id)),
});

const FAMILIES: Record<EngineName, MenuFamily[]> = {
  transformers: [family('transformers', 'Qwen2.5', ['onnx-qwen', 'onnx-qwen-coder'])],
  webllm: [
    family('webllm', 'Llama 3.2', ['llama-1b', 'llama-3b']),
    family('webllm', 'Qwen3', ['qwen3-1.7b']),
  ],
  endpoint: [family('endpoint', 'lab', ['lab/llama'])],
};
const NO_WEBGPU: CheckNote = { ok: false, reason: 'This browser has no WebGPU.', warnings: [] };

function input(over: Partial<SectionInput> = {}): SectionInput {
  return {
    families: FAMILIES,
    status: { transformers: MENU_READY, webllm: MENU_READY, endpoint: MENU_READY },
    filter: (fs) => fs,
    check: (m) => (m.engine === 'webllm' ? NO_WEBGPU : undefined),
    ...over,
  };
}

describe('pickerSections', () => {
  it('is one section per engine, in ENGINE_NAMES order: runnable anywhere first, servers last', () => {
    const sections = pickerSections(input());
    expect(sections.map((s) => s.engine)).toEqual([...ENGINE_NAMES]);
    expect(sections.map((s) => s.engine)).toEqual(['transformers', 'webllm', 'endpoint']);
    expect(sections.map((s) => s.title)).toEqual(ENGINE_NAMES.map((e) => ENGINES[e].runs));
    expect(sections[1]?.families).toBe(FAMILIES.webllm);
  });

  it('says once what every listed model of a section shares, and nothing for unchecked engines', () => {
    const [transformers, webllm, endpoint] = pickerSections(input());
    expect(webllm?.notes).toEqual({ reason: NO_WEBGPU.reason, warnings: [] });
    expect(transformers?.notes).toEqual({ warnings: [] });
    expect(endpoint?.notes).toEqual({ warnings: [] });
  });

  it('filters each engine’s families and counts what is shown', () => {
    const onlyQwen = (fs: MenuFamily[]) =>
      fs
        .map((f) => ({ ...f, models: f.models.filter((m) => m.id.includes('qwen')) }))
        .filter((f) => f.models.length > 0);
    const sections = pickerSections(input({ filter: onlyQwen }));
    expect(sections.map((s) => s.families.map((f) => f.name))).toEqual([
      ['Qwen2.5'],
      ['Qwen3'],
      [],
    ]);
    expect(shownCount(sections)).toBe(3);
    // One listed WebLLM model shares nothing with others: no section note.
    expect(sections[1]?.notes).toEqual({ warnings: [] });
    expect(shownCount(pickerSections(input({ filter: () => [] })))).toBe(0);
  });

  it('carries a menu still loading or failed, and counts none of its models', () => {
    const loading: MenuStatus = { state: 'loading', text: 'Reading…' };
    const status = { transformers: MENU_READY, webllm: loading, endpoint: MENU_READY };
    const sections = pickerSections(input({ status }));
    expect(sections[1]?.status).toEqual(loading);
    expect(shownCount(sections)).toBe(3); // 2 ONNX + 1 server model; WebLLM's 3 not shown
    const failed: MenuStatus = { state: 'error', error: 'WebLLM could not start.' };
    const again = pickerSections(input({ status: { ...status, webllm: failed } }));
    expect(again[1]?.status).toEqual(failed);
    expect(shownCount(again)).toBe(3);
    expect(shownCount(pickerSections(input()))).toBe(6);
  });
});
