// The WebLLM model menu, derived from the installed package's prebuilt model list: families of a
// base and the fine-tunes that share its compiled library, each q4f16_1 entry with its q4f32_1 twin.
import type { CustomModel } from './customModels';
import type { ModelRecord } from './webllm';
import {
  BASE_BY_LIBRARY,
  LIBRARY_ALIASES,
  STANDALONE_BASES,
  licenceOf,
  tuningOf,
  type Tuning,
} from './catalogTables';
import {
  f32TwinOf,
  isTextModel,
  libraryKey,
  lowResourceTwinOf,
  parseModelId,
  recordFacts,
  type RecordFacts,
} from './records';

export interface CatalogEntry extends RecordFacts {
  /** Model name without quantisation, e.g. 'Qwen2.5-Coder-0.5B-Instruct'. */
  name: string;
  /** The family's name: its base model's name. */
  family: string;
  /** WebLLM id of the family's base (its q4f16_1 record where one exists). */
  baseId: string;
  isBase: boolean;
  tuning: Tuning;
  licence: string;
  /** WebLLM's records do not carry sizes: null = unknown (see fetchDownloadBytes). */
  downloadBytes: number | null;
  /** The q4f32_1 record for GPUs without shader-f16. */
  f32Twin?: RecordFacts;
  /** Your own model: the folder URL it was registered with. */
  source?: string;
}

export interface ModelFamily {
  /** The base's name, e.g. 'Qwen2.5-0.5B-Instruct'. */
  name: string;
  /** The compiled library the family shares, without quantisation, e.g. 'Qwen2-0.5B-Instruct'. */
  library: string;
  base: CatalogEntry;
  /** Same library as the base (or an alias of it); empty for a standalone base. */
  variants: CatalogEntry[];
}

export interface Catalog {
  families: ModelFamily[];
  /** Every entry of every family, bases first. */
  entries: CatalogEntry[];
}

const PREFERRED = 'q4f16_1';
const FALLBACK = 'q4f32_1';

/** The family key of a record: its library without quantisation, with aliases resolved. */
function familyKey(record: ModelRecord): string {
  const key = libraryKey(record.model_lib);
  return LIBRARY_ALIASES[key] ?? key;
}

function baseNameFor(library: string): string {
  return BASE_BY_LIBRARY[library] ?? library.replace(/_/g, '.');
}

/** One record per model name: q4f16_1 if present, else q4f32_1; '-1k' and other suffixes skipped. */
function pickRecords(records: readonly ModelRecord[]): Map<string, ModelRecord> {
  const byName = new Map<string, ModelRecord>();
  for (const quantization of [PREFERRED, FALLBACK]) {
    for (const record of records) {
      const id = parseModelId(record.model_id);
      if (id.quantization !== quantization || id.suffix !== '' || byName.has(id.name)) continue;
      byName.set(id.name, record);
    }
  }
  return byName;
}

function toEntry(
  record: ModelRecord,
  list: readonly ModelRecord[],
  family: string,
  baseId: string,
): CatalogEntry {
  const { name } = parseModelId(record.model_id);
  const isBase = record.model_id === baseId;
  const entry: CatalogEntry = {
    ...recordFacts(record),
    name,
    family,
    baseId,
    isBase,
    tuning: tuningOf(name, isBase),
    licence: licenceOf(name),
    downloadBytes: null,
  };
  const withSmall = (r: ModelRecord) => {
    const facts = recordFacts(r);
    const small = lowResourceTwinOf(r, list);
    if (small) facts.lowResourceTwin = recordFacts(small);
    return facts;
  };
  const small = lowResourceTwinOf(record, list);
  if (small) entry.lowResourceTwin = recordFacts(small);
  const twin = f32TwinOf(record, list);
  if (twin) entry.f32Twin = withSmall(twin);
  return entry;
}

/** Whether `id` is this entry's record or its f32 twin's. */
const hasRecord = (entry: CatalogEntry, id: string) => entry.id === id || entry.f32Twin?.id === id;

/** Your own model as an entry of the family of the base it was merged into. */
function customEntry(model: CustomModel, family: string, baseName: string): CatalogEntry {
  return {
    ...recordFacts(model.record),
    name: model.record.model_id,
    family,
    baseId: model.baseId,
    isBase: false,
    tuning: { kind: 'custom', tunedFor: `your own fine-tune of ${baseName}` },
    licence: `the base’s (${licenceOf(baseName)}) and your training data’s terms`,
    downloadBytes: model.downloadBytes,
    source: model.sourceUrl,
  };
}

/** Adds each custom model to the family holding its base (or a family of its own if none does). */
function withCustomModels(families: ModelFamily[], custom: readonly CustomModel[]): ModelFamily[] {
  const out = families.map((f) => ({ ...f, variants: [...f.variants] }));
  for (const model of custom) {
    const baseName = parseModelId(model.baseId).name;
    const family = out.find((f) => [f.base, ...f.variants].some((e) => hasRecord(e, model.baseId)));
    if (family) {
      family.variants.push(customEntry(model, family.name, baseName));
      continue;
    }
    // Its base left WebLLM's list (a newer version): still listed, and checked like any other.
    const name = `${baseName} (base no longer listed)`;
    const entry = customEntry(model, name, baseName);
    const orphan = out.find((f) => f.name === name);
    if (orphan) orphan.variants.push(entry);
    else out.push({ name, library: libraryKey(model.record.model_lib), base: entry, variants: [] });
  }
  return out;
}

/**
 * Groups a WebLLM model list into families, with your own models under their bases; pure, so
 * tests run it on the installed list.
 */
export function buildCatalog(
  list: readonly ModelRecord[],
  custom: readonly CustomModel[] = [],
): Catalog {
  const groups = new Map<string, ModelRecord[]>();
  for (const record of list) {
    if (!isTextModel(record)) continue;
    const key = familyKey(record);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }

  const families: ModelFamily[] = [];
  for (const [library, records] of groups) {
    const byName = pickRecords(records);
    const baseName = baseNameFor(library);
    const baseRecord = byName.get(baseName);
    if (!baseRecord) continue;
    const standalone = byName.size === 1;
    if (standalone && !STANDALONE_BASES.includes(baseName)) continue;
    const toFamilyEntry = (r: ModelRecord) => toEntry(r, list, baseName, baseRecord.model_id);
    families.push({
      name: baseName,
      library,
      base: toFamilyEntry(baseRecord),
      variants: [...byName.values()].filter((r) => r !== baseRecord).map(toFamilyEntry),
    });
  }
  families.sort((a, b) => a.base.vramMB - b.base.vramMB || a.name.localeCompare(b.name));
  const all = withCustomModels(families, custom);
  return { families: all, entries: all.flatMap((f) => [f.base, ...f.variants]) };
}

/** The entry's records: its own, its f32 twin, and their low-resource ('-1k') versions. */
export function entryRecords(entry: CatalogEntry): RecordFacts[] {
  const twin = entry.f32Twin;
  return [entry, entry.lowResourceTwin, twin, twin?.lowResourceTwin].filter(
    (r): r is RecordFacts => r !== undefined,
  );
}

export function findEntry(catalog: Catalog, id: string): CatalogEntry | undefined {
  return catalog.entries.find((e) => entryRecords(e).some((r) => r.id === id));
}
