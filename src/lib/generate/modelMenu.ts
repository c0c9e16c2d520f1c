// The model picker's menu as plain data: every engine's catalogue as families (a base and its
// fine-tunes), each model with the short facts of its card. Pure, so the picker stays declarative.
// Over 300 lines on purpose: the three engines' menus share one card wording (tuning words, sizes)
// and one MenuModel shape here; a per-engine split belongs with the engine registry (issue 9).
import type { EngineName } from './generatorClient';
import { TRANSFORMERS_FAMILIES, type TransformersModelEntry } from './transformers/catalog';
import type { OnnxCustomModel } from './transformers/customModels';
import { entryRecords, type Catalog, type CatalogEntry } from './webllm/catalog';
import type { TuningKind } from './webllm/catalogTables';
import { endpointModelId } from './endpoint/modelIds';
import { groupModels } from './endpoint/discover';
import { withNotes } from './endpoint/notes';
import type { DiscoveredModels, Endpoint, EndpointModel } from './endpoint/types';

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
  /** Your own model: the folder URL it was registered with. */
  source?: string;
}

export interface MenuModel extends ModelChoice {
  name: string;
  isBase: boolean;
  /** Registered by the person (Add your own fine-tune). */
  yours?: boolean;
  /** What a public fine-tune specialises in (code, maths…), when the catalogue records it. */
  domain?: string;
  /** Named by the page address (not in a catalogue): nothing is known of its tuning. */
  fromAddress?: boolean;
  facts: ModelFacts;
  /** Memory it takes while answering, MB (GPU for WebLLM, RAM for ONNX on WASM), when known. */
  memoryMb?: number;
  /**
   * Served by the person's OpenAI-compatible server: a base model, a LoRA adapter of one (as the
   * server lists it), or a fine-tune whose base the person noted (the server named none).
   */
  served?: 'base' | 'adapter' | 'noted';
  /** What the person noted it was tuned for (a server's model): their words, said as theirs. */
  tunedForNote?: string;
}

/** The family that holds your ONNX models that match no catalogue base. */
export const YOUR_MODELS = 'Your models';

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
  custom: 'your fine-tune',
  unknown: 'fine-tune (kind not recorded)',
};

const ENDPOINT_TUNING: Record<NonNullable<MenuModel['served']>, string> = {
  base: 'base model (as the server lists it)',
  adapter: 'LoRA adapter',
  noted: 'fine-tune (its base as you noted it)',
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
    ...(code ? { domain: 'code' } : {}),
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

/** Your model's file sizes: small ones (a test's, a tiny model's) in KB rather than "0 MB". */
const sizeOf = (bytes: number | undefined) => {
  if (!bytes) return undefined;
  return bytes < 2 ** 20
    ? `${Math.ceil(bytes / 1024).toLocaleString('en')} KB`
    : megabytes(Math.round(bytes / 2 ** 20));
};

/** Your ONNX model: its card says whose it is, where it lives and what it downloads. */
function yourOnnxModel(model: OnnxCustomModel): MenuModel {
  const wasm = sizeOf(model.weightsBytes[model.dtype.wasm]);
  const webgpu = sizeOf(model.weightsBytes[model.dtype.webgpu]);
  const download = [wasm && `${wasm} (WASM)`, webgpu && `${webgpu} (WebGPU)`].filter(Boolean);
  return {
    engine: 'transformers',
    id: model.id,
    name: model.name,
    isBase: false,
    yours: true,
    facts: {
      base: model.family ?? `none in the menu (${model.architecture})`,
      tuning: TUNING_WORDS.custom,
      tunedFor: 'what you trained it for',
      licence: 'yours to check (the base’s and your data’s terms)',
      ...(model.contextWindow ? { context: tokens(model.contextWindow) } : {}),
      ...(download.length > 0 ? { download: download.join(', ') } : {}),
      source: model.sourceUrl,
    },
  };
}

/**
 * The ONNX families with your models under the base they share a shape with, then a family of
 * your other models; the models the page address names (tests, a mirror's models) come first.
 */
export function transformersMenu(
  extraIds: readonly string[],
  custom: readonly OnnxCustomModel[] = [],
): MenuFamily[] {
  const families: MenuFamily[] = TRANSFORMERS_FAMILIES.map((family) => ({
    engine: 'transformers',
    name: family.name,
    models: [
      ...[family.base, ...family.variants].map((e) => onnxModel(e, family.base.name)),
      ...custom.filter((m) => m.family === family.name).map(yourOnnxModel),
    ],
  }));
  const familyNames = new Set(TRANSFORMERS_FAMILIES.map((f) => f.name));
  const others = custom.filter((m) => !m.family || !familyNames.has(m.family));
  if (others.length > 0) {
    families.push({ engine: 'transformers', name: YOUR_MODELS, models: others.map(yourOnnxModel) });
  }
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
      fromAddress: true,
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

function webllmModel(entry: CatalogEntry, loadId?: string): MenuModel {
  const by = entry.tuning.by ? ` by ${entry.tuning.by}` : '';
  // Without shader-f16 the q4f32 twin loads, and it needs more memory (Llama-3.1-8B: 5,001 →
  // 6,101 MB): the figure is the record's that will actually load.
  const loads = loadId ? entryRecords(entry).find((r) => r.id === loadId) : undefined;
  const vramMB = loads?.vramMB ?? entry.vramMB;
  return {
    engine: 'webllm',
    id: entry.id,
    name: entry.name,
    isBase: entry.isBase,
    memoryMb: vramMB,
    ...(entry.source ? { yours: true } : {}),
    ...(entry.tuning.domain ? { domain: entry.tuning.domain } : {}),
    facts: {
      // Yours names the exact record it was merged into (and shares the library of).
      base: entry.source ? entry.baseId : entry.family,
      tuning: `${TUNING_WORDS[entry.tuning.kind]}${entry.isBase ? '' : by}`,
      tunedFor: entry.tuning.tunedFor,
      licence: entry.licence,
      vram: megabytes(vramMB),
      context: entry.contextWindow ? tokens(entry.contextWindow) : 'the model’s default',
      ...(entry.downloadBytes
        ? { download: megabytes(Math.round(entry.downloadBytes / 2 ** 20)) }
        : {}),
      ...(entry.source ? { source: entry.source } : {}),
    },
  };
}

/** The menu; `loadIds` says which record loads for each entry here (its twin without f16). */
export function webllmMenu(
  catalog: Catalog,
  loadIds: Readonly<Record<string, string | undefined>> = {},
): MenuFamily[] {
  return catalog.families.map((family) => ({
    engine: 'webllm',
    name: family.name,
    models: [family.base, ...family.variants].map((e) => webllmModel(e, loadIds[e.id])),
  }));
}

export function findModel(menu: readonly MenuFamily[], choice: ModelChoice): MenuModel | undefined {
  for (const family of menu) {
    const model = family.models.find((m) => sameChoice(m, choice));
    if (model) return model;
  }
  return undefined;
}

/** A base your own WebLLM model can be registered on: one record (one quantisation). */
export interface BaseOption {
  id: string;
  label: string;
}

export interface BaseOptionGroup {
  family: string;
  options: BaseOption[];
}

/** Every prebuilt record of the catalogue, q4f16_1 and q4f32_1, by family: the bases to merge into. */
export function webllmBaseOptions(catalog: Catalog): BaseOptionGroup[] {
  return catalog.families
    .map((family) => ({
      family: family.name,
      options: [family.base, ...family.variants]
        .filter((entry) => !entry.source)
        .flatMap((entry) => [entry, ...(entry.f32Twin ? [entry.f32Twin] : [])])
        .map((record) => ({ id: record.id, label: record.id.replace(/-MLC$/, '') })),
    }))
    .filter((group) => group.options.length > 0);
}

/**
 * A server's models as families: each base with its LoRA adapters (as the server lists them, or
 * as the person noted for a server that names no parent), then adapters of no listed base.
 */
export function endpointMenu(
  servers: readonly { endpoint: Endpoint; found?: DiscoveredModels | undefined }[],
): MenuFamily[] {
  const families: MenuFamily[] = [];
  for (const { endpoint, found } of servers) {
    if (!found) continue;
    const model = (m: EndpointModel, base: string | undefined): MenuModel => {
      const note = endpoint.notes?.[m.id]?.tunedFor;
      const served = base === undefined ? 'base' : m.parentNoted ? 'noted' : 'adapter';
      return {
        engine: 'endpoint',
        id: endpointModelId(endpoint.id, m.id),
        name: m.id,
        isBase: base === undefined,
        served,
        ...(note ? { tunedForNote: note } : {}),
        facts: {
          base: base ?? m.id,
          tuning: ENDPOINT_TUNING[served],
          tunedFor: note
            ? `${note} (your note)`
            : base === undefined
              ? 'what its makers tuned it for'
              : 'not described by the server',
          licence: 'see the model’s card',
          ...(m.contextLength ? { context: tokens(m.contextLength) } : {}),
          source: `${endpoint.name} (${endpoint.baseUrl})`,
        },
      };
    };
    const { groups, orphans } = groupModels(withNotes(found.models, endpoint.notes));
    for (const group of groups) {
      families.push({
        engine: 'endpoint',
        name: `${group.base.id} · ${endpoint.name}`,
        models: [
          model(group.base, undefined),
          ...group.adapters.map((a) => model(a, group.base.id)),
        ],
      });
    }
    if (orphans.length > 0) {
      families.push({
        engine: 'endpoint',
        name: `Adapters of bases not listed · ${endpoint.name}`,
        models: orphans.map((a) => model(a, a.parent)),
      });
    }
  }
  return families;
}
