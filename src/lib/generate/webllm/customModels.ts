// Bring your own fine-tune: checks a LoRA-merged MLC weights folder against the base it was merged
// into and builds the WebLLM record that runs it on the base's compiled library. Persisting is not ours.
import { RagtuneError } from '../../errors';
import type { ModelRecord } from './webllm';
import {
  FILE_CAPS,
  fetchFolderFile,
  httpProblem,
  readCappedText,
  readFolderJson,
  type FetchLike,
} from '../folderFetch';
import { folderOfModelUrl, modelFolderFromUrl, weightsBytes } from './modelFolder';
import { needsShaderF16, parseModelId } from './records';

/** A registered custom model: plain data, safe to store and to send to a worker. */
export interface CustomModel {
  /** Goes into `appConfig.model_list`; its model_lib is the base's. */
  record: ModelRecord;
  baseId: string;
  /** What the person pasted. */
  sourceUrl: string;
  modelType: string;
  quantization: string;
  /** Sum of the weight shards; null if tensor-cache.json lists no sizes. */
  downloadBytes: number | null;
  /** Checks that could not be made (e.g. the base's config was unreachable). */
  warnings: string[];
}

export interface CustomModelOptions {
  /** The folder with mlc-chat-config.json and tensor-cache.json (Hugging Face or any static host). */
  url: string;
  /** The WebLLM record of the base the LoRA was merged into. */
  base: ModelRecord;
  /** Model ids already taken (prebuilt and custom). */
  takenIds?: readonly string[];
  /** Our own id for it; default from the URL ('you/your-model'). */
  id?: string;
  fetch?: FetchLike;
  /** Resolves a relative URL (same-origin hosting). */
  baseUrl?: string;
}

/** The fields of mlc-chat-config.json we compare. */
interface ChatConfigJson {
  model_type?: unknown;
  quantization?: unknown;
  vocab_size?: unknown;
  model_config?: Record<string, unknown>;
}

const SHAPE_KEYS = [
  'hidden_size',
  'intermediate_size',
  'num_hidden_layers',
  'num_attention_heads',
  'num_key_value_heads',
  'head_dim',
] as const;

const HOW_TO =
  'Merge the LoRA into the base (PEFT merge_and_unload), then run mlc_llm convert_weight ' +
  '--quantization <the base’s> and mlc_llm gen_config on the merged model.';

const CONVERTED = `the converted weights. ${HOW_TO}`;
const readJson = (fetchFn: FetchLike, url: string, what: string) =>
  readFolderJson(fetchFn, url, what, CONVERTED);

/** tensor-cache.json, or a clear error if only the pre-2025 ndarray-cache.json is there. */
async function readTensorCache(fetchFn: FetchLike, folder: string): Promise<unknown> {
  const url = new URL('tensor-cache.json', folder).href;
  const response = await fetchFolderFile(fetchFn, url, 'tensor-cache.json');
  if (response.ok) {
    const text = await readCappedText(response, FILE_CAPS.tensorCache, 'tensor-cache.json', url);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
  const legacy = await fetchFolderFile(
    fetchFn,
    new URL('ndarray-cache.json', folder).href,
    'ndarray-cache.json',
    'HEAD',
  );
  if (legacy.ok) {
    throw new RagtuneError(
      'invalid-model',
      'This folder has ndarray-cache.json from an older mlc_llm; this WebLLM reads tensor-cache.json ' +
        '(same content, renamed): copy or rename the file, or convert again with a current mlc_llm.',
    );
  }
  throw httpProblem(response, url, 'tensor-cache.json (the weights index)', CONVERTED);
}

function vocabOf(config: ChatConfigJson): unknown {
  return config.vocab_size ?? config.model_config?.['vocab_size'];
}

/** Differences that stop the fine-tune from running on the base's library, in words. */
export function architectureMismatches(mine: ChatConfigJson, base: ChatConfigJson): string[] {
  const out: string[] = [];
  const compare = (label: string, a: unknown, b: unknown) => {
    if (a !== undefined && b !== undefined && a !== b)
      out.push(`${label} ${String(a)} ≠ ${String(b)}`);
  };
  compare('model_type', mine.model_type, base.model_type);
  compare('quantization', mine.quantization, base.quantization);
  compare('vocab_size', vocabOf(mine), vocabOf(base));
  for (const key of SHAPE_KEYS) compare(key, mine.model_config?.[key], base.model_config?.[key]);
  return out;
}

/** Builds the record after the folder and its config check out. */
export async function validateCustomModel(options: CustomModelOptions): Promise<CustomModel> {
  const fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const { base } = options;
  const location = modelFolderFromUrl(options.url, options.baseUrl);
  const id = (options.id ?? location.suggestedId).trim();
  if (!id || options.takenIds?.includes(id) || id === base.model_id) {
    throw new RagtuneError(
      'invalid-model',
      `A model named “${id}” already exists: choose another name.`,
    );
  }

  const configUrl = new URL('mlc-chat-config.json', location.folder).href;
  const mine = (await readJson(fetchFn, configUrl, 'mlc-chat-config.json')) as ChatConfigJson;
  const baseQuantization = parseModelId(base.model_id).quantization;
  if (typeof mine.model_type !== 'string' || typeof mine.quantization !== 'string') {
    throw new RagtuneError(
      'invalid-model',
      `${configUrl} lacks model_type or quantization: it is not an mlc_llm gen_config output. ${HOW_TO}`,
    );
  }
  const warnings: string[] = [];
  let problems: string[] = [];
  if (baseQuantization && mine.quantization !== baseQuantization) {
    problems.push(`quantization ${mine.quantization} ≠ ${baseQuantization}`);
  }
  try {
    const baseUrl = new URL('mlc-chat-config.json', folderOfModelUrl(base.model)).href;
    const theirs = (await readJson(
      fetchFn,
      baseUrl,
      'the base’s mlc-chat-config.json',
    )) as ChatConfigJson;
    problems = [...new Set([...problems, ...architectureMismatches(mine, theirs)])];
  } catch {
    warnings.push(
      `Could not read ${base.model_id}'s config to compare shapes; only the quantisation was checked.`,
    );
  }
  if (problems.length > 0) {
    throw new RagtuneError(
      'invalid-model',
      `This model does not match ${base.model_id} (${problems.join('; ')}), so it cannot run on that ` +
        `base’s compiled library. Pick the base it was merged into, or convert it to match. ${HOW_TO}`,
    );
  }

  const downloadBytes = weightsBytes(await readTensorCache(fetchFn, location.folder));
  return {
    record: recordOnBase(location.model, id, base),
    baseId: base.model_id,
    sourceUrl: options.url,
    modelType: mine.model_type,
    quantization: mine.quantization,
    downloadBytes,
    warnings,
  };
}

/** The record that runs weights at `model` on `base`'s compiled library, limits and features. */
function recordOnBase(model: string, id: string, base: ModelRecord): ModelRecord {
  const record: ModelRecord = { model, model_id: id, model_lib: base.model_lib };
  if (base.overrides) record.overrides = { ...base.overrides };
  if (base.vram_required_MB !== undefined) record.vram_required_MB = base.vram_required_MB;
  if (base.low_resource_required !== undefined) {
    record.low_resource_required = base.low_resource_required;
  }
  if (base.buffer_size_required_bytes !== undefined) {
    record.buffer_size_required_bytes = base.buffer_size_required_bytes;
  }
  // shader-f16 declared, so that WebLLM itself refuses with a typed error on GPUs without it.
  const features = new Set(base.required_features ?? []);
  if (needsShaderF16(base)) features.add('shader-f16');
  if (features.size > 0) record.required_features = [...features];
  return record;
}

/**
 * A stored model's record rebuilt on its base as the installed WebLLM lists it now: the record
 * kept from the day of registration names that day's model_lib URL (…/v0_2_86/…), limits and
 * features, which an update of WebLLM moves on. A base no longer listed leaves the record as it
 * was, with a warning that says so.
 */
export function refreshCustomModel(model: CustomModel, list: readonly ModelRecord[]): CustomModel {
  const base = list.find((r) => r.model_id === model.baseId);
  if (!base) {
    const gone =
      `Its base ${model.baseId} is no longer in this version of WebLLM’s model list: it may not ` +
      'load; register it again on a listed base.';
    return model.warnings.includes(gone)
      ? model
      : { ...model, warnings: [...model.warnings, gone] };
  }
  return { ...model, record: recordOnBase(model.record.model, model.record.model_id, base) };
}
