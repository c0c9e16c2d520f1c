// The kit's base models (finetune/bases.json) are the app's catalogue families: each WebLLM id is a
// record of the installed WebLLM in that family (so a merged fine-tune reuses its library), and
// each ONNX id is the transformers.js catalogue's base of the family.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSFORMERS_FAMILIES } from '../../../src/lib/generate/transformers/catalog';
import { buildCatalog } from '../../../src/lib/generate/webllm/catalog';
import { prebuiltAppConfig } from '../../../src/lib/generate/webllm/webllm';

interface KitBase {
  family: string;
  hf: string;
  webllm: string | null;
  onnx: string | null;
  response_template: string;
  system_role: boolean;
  gpu_gb: number;
}

const bases = JSON.parse(
  readFileSync(new URL('../../../finetune/bases.json', import.meta.url), 'utf8'),
) as Record<string, KitBase>;
const catalog = buildCatalog(prebuiltAppConfig.model_list);

describe('the kit’s base models', () => {
  it('are bases of the catalogue’s families, in the engine each names', () => {
    expect(Object.keys(bases).length).toBeGreaterThanOrEqual(8);
    for (const [key, base] of Object.entries(bases)) {
      expect(base.webllm ?? base.onnx, key).toBeTruthy();
      if (base.webllm) {
        const family = catalog.families.find((f) => f.name === base.family);
        expect(family, `${key}: no WebLLM family ${base.family}`).toBeDefined();
        expect(family!.base.id, key).toBe(base.webllm);
      }
      if (base.onnx) {
        const family = TRANSFORMERS_FAMILIES.find((f) => f.name === base.family);
        expect(family?.base.id, key).toBe(base.onnx);
      }
      // Gemma's template has no system role; the kit folds it as the app does.
      expect(base.system_role, key).toBe(!/gemma/i.test(base.hf));
    }
  });
});
