// Every model in the menus says what it is, from the catalogue data: a base model, your fine-tune,
// or a public fine-tune (for code, maths…) that was never trained on your documents.
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/lib/generate/webllm/catalog';
import { prebuiltAppConfig } from '../../../src/lib/generate/webllm/webllm';
import { findModel, transformersMenu, webllmMenu } from '../../../src/lib/generate/modelMenu';
import { pairReason, tuningLabel } from '../../../src/lib/generate/tuningLabel';

const webllm = webllmMenu(buildCatalog(prebuiltAppConfig.model_list));
const onnx = transformersMenu(['ragtune-test/tiny-lm', 'ragtune-test/tiny-lm-variant']);
const menu = [...onnx, ...webllm];
const byName = (name: string) => {
  const m = menu.flatMap((f) => f.models).find((x) => x.name === name);
  if (!m) throw new Error(`${name} is not in the menu`);
  return m;
};

describe('tuningLabel', () => {
  it('calls a base a base model, in both engines', () => {
    expect(tuningLabel(byName('Qwen2.5-0.5B-Instruct'))).toEqual({
      kind: 'base',
      short: 'base model',
      label: 'base model',
    });
  });

  it('names a public fine-tune’s domain and that it never saw your documents', () => {
    const coder = findModel(menu, {
      engine: 'webllm',
      id: 'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC',
    });
    expect(coder && tuningLabel(coder).label).toBe(
      'public fine-tune for code — not trained on your documents',
    );
    const onnxCoder = findModel(menu, {
      engine: 'transformers',
      id: 'onnx-community/Qwen2.5-Coder-0.5B-Instruct',
    });
    expect(onnxCoder && tuningLabel(onnxCoder).short).toBe('public fine-tune for code');
    expect(tuningLabel(byName('Qwen2.5-Math-1.5B-Instruct')).short).toBe(
      'public fine-tune for maths',
    );
  });

  it('describes a public fine-tune without a domain by its kind', () => {
    const hermes = tuningLabel(byName('Hermes-3-Llama-3.2-3B'));
    expect(hermes.kind).toBe('public');
    expect(hermes.label).toMatch(/^public .+ — not trained on your documents$/);
  });

  it('never claims anything for a variant named only by the page address', () => {
    expect(tuningLabel(byName('tiny-lm')).kind).toBe('base');
    const variant = tuningLabel(byName('tiny-lm-variant'));
    expect(variant.kind).toBe('undescribed');
    expect(variant.label).not.toMatch(/your documents/);
  });

  it('says your own model is yours', () => {
    const m = { ...byName('Qwen2.5-Coder-0.5B-Instruct'), yours: true };
    expect(tuningLabel(m).short).toBe('your fine-tune');
  });

  it('labels every catalogue model, every non-base one as a fine-tune of some kind', () => {
    for (const m of menu.flatMap((f) => f.models)) {
      const t = tuningLabel(m);
      expect(t.kind === 'base').toBe(m.isBase);
      expect(t.label.length).toBeGreaterThan(0);
    }
  });
});

describe('pairReason', () => {
  it('explains the default pair: same architecture, only the tuning differs', () => {
    const why = pairReason(byName('Qwen2.5-0.5B-Instruct'), byName('Qwen2.5-Coder-0.5B-Instruct'));
    expect(why).toContain('share one architecture and size');
    expect(why).toContain('public fine-tune for code');
    expect(why).toContain('came from retrieval');
  });
  it('says so when there is no variant to compare', () => {
    expect(pairReason(byName('Qwen2.5-0.5B-Instruct'))).toContain('no fine-tuned variant');
  });
});
