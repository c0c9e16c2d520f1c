// The model picker's menu as plain data: both engines' catalogues as families (a base and its
// fine-tunes), each model with the short facts of its card. Pure, so the picker stays declarative.
import type { EngineName } from '../generate/generatorClient';
import {
  TRANSFORMERS_FAMILIES,
  type TransformersModelEntry,
} from '../generate/transformers/catalog';
import type { Catalog, CatalogEntry } from '../generate/webllm/catalog';
import type { TuningKind } from '../generate/webllm/catalogTables';

export interface ModelChoice {
  engine: EngineName;
  id: string;
}

/** What a model card says; a field is left out when nobody knows it yet. */
export interface ModelFacts {
  base: string;
  tuning: string;
  tunedFor: string;
  licence: string;
  vram?: string;
  context?: string;
  download?: string;
}

export interface MenuModel extends ModelChoice {
  name: string;
  isBase: boolean;
  facts: ModelFacts;
  /** Memory it takes while answering, MB (GPU for WebLLM, RAM for ONNX on WASM), when known. */
  memoryMb?: number;
}

export interface MenuFamily {
  engine: EngineName;
  name: string;
  models: MenuModel[];
}

const TUNING_WORDS: Record<TuningKind, string> = {
  base: 'base (instruct) model',
  'full-fine-tune': 'full fine-tune',
  distillation: 'distillation',
  dpo: 'DPO preference tuning',
  merge: 'model merge',
  domain: 'domain fine-tune',
  'earlier-release': 'earlier release, same architecture',
  unknown: 'fine-tune (kind not recorded)',
};

const tokens = (n: number) => `${n >= 1024 ? `${Math.round(n / 1024)}k` : n} tokens`;
const megabytes = (mb: number) => `${mb.toLocaleString('en')} MB`;

export function sameChoice(a: ModelChoice | undefined, b: ModelChoice | undefined): boolean {
  return a !== undefined && b !== undefined && a.engine === b.engine && a.id === b.id;
}

function onnxModel(entry: TransformersModelEntry, base: string): MenuModel {
  const code = entry.tuning === 'code';
  return {
    engine: 'transformers',
    id: entry.id,
    name: entry.name,
    isBase: entry.isBase,
    memoryMb: entry.downloadMB.wasm,
    facts: {
      base,
      tuning: entry.isBase ? TUNING_WORDS.base : TUNING_WORDS.domain,
      tunedFor: code
        ? 'writing, explaining and fixing code'
        : 'general instruction following and chat',
      licence: entry.licence,
      context: tokens(entry.contextWindow),
      download: `${megabytes(entry.downloadMB.wasm)} (WASM), ${megabytes(entry.downloadMB.f16)} (WebGPU)`,
    },
  };
}

/** The ONNX families, then the models the page address names (tests, a mirror's models). */
export function transformersMenu(extraIds: readonly string[]): MenuFamily[] {
  const families: MenuFamily[] = TRANSFORMERS_FAMILIES.map((family) => ({
    engine: 'transformers',
    name: family.name,
    models: [family.base, ...family.variants].map((e) => onnxModel(e, family.base.name)),
  }));
  const known = new Set(families.flatMap((f) => f.models.map((m) => m.id)));
  const extras = extraIds.filter((id) => !known.has(id));
  if (extras.length === 0) return families;
  const base = extras[0] ?? '';
  const extra: MenuFamily = {
    engine: 'transformers',
    name: 'From the page address',
    models: extras.map((id, i) => ({
      engine: 'transformers',
      id,
      name: id.split('/').pop() ?? id,
      isBase: i === 0,
      facts: {
        base,
        tuning: i === 0 ? 'listed first: taken as the base' : 'listed after the base',
        tunedFor: 'not described: see its model card',
        licence: 'see its model card',
      },
    })),
  };
  return [extra, ...families];
}

function webllmModel(entry: CatalogEntry): MenuModel {
  const by = entry.tuning.by ? ` by ${entry.tuning.by}` : '';
  return {
    engine: 'webllm',
    id: entry.id,
    name: entry.name,
    isBase: entry.isBase,
    memoryMb: entry.vramMB,
    facts: {
      base: entry.family,
      tuning: `${TUNING_WORDS[entry.tuning.kind]}${entry.isBase ? '' : by}`,
      tunedFor: entry.tuning.tunedFor,
      licence: entry.licence,
      vram: megabytes(entry.vramMB),
      context: entry.contextWindow ? tokens(entry.contextWindow) : 'the model’s default',
      ...(entry.downloadBytes
        ? { download: megabytes(Math.round(entry.downloadBytes / 2 ** 20)) }
        : {}),
    },
  };
}

export function webllmMenu(catalog: Catalog): MenuFamily[] {
  return catalog.families.map((family) => ({
    engine: 'webllm',
    name: family.name,
    models: [family.base, ...family.variants].map(webllmModel),
  }));
}

export function findModel(menu: readonly MenuFamily[], choice: ModelChoice): MenuModel | undefined {
  for (const family of menu) {
    const model = family.models.find((m) => sameChoice(m, choice));
    if (model) return model;
  }
  return undefined;
}
