// The loaded WebLLM model's own tokenizer, for the prompt budget. WebLLM 0.2.86 has no tokenize or
// count API (its tokenizer is a private field of the engine's pipeline), so we build one with
// transformers.js from the same tokenizer.json, read from the Cache Storage WebLLM stored it in
// during the load ('webllm/model', keyed by the file's URL): no second download. We fetch it from
// the model's folder only when that copy is missing (another cache backend, a model WebLLM reads
// through tokenizer.model). WebLLM never reads tokenizer_config.json: we fetch that small file.
import { FILE_CAPS, readCappedText, type FetchLike } from '../folderFetch';
import { folderOfModelUrl } from './modelFolder';
import type { AppConfig, ModelRecord } from './webllm';

/** The Cache Storage WebLLM 0.2.86 keeps weights and tokenizer files in (asyncLoadTokenizer). */
export const WEBLLM_MODEL_CACHE = 'webllm/model';

/** The part of the browser's CacheStorage we read (injected in tests). */
export interface CacheStorageLike {
  open(name: string): Promise<{ match(request: string): Promise<Response | undefined> }>;
}

export interface TokenizerSources {
  /** The browser's Cache Storage; undefined where there is none. */
  caches: CacheStorageLike | undefined;
  fetch: FetchLike;
}

export interface ModelTokenizer {
  countTokens(text: string): number;
  /** Where tokenizer.json came from: WebLLM's cache, or a download of our own. */
  source: 'cache' | 'network';
}

/** The tokenizer builder lives in the transformers.js chunk: loaded on the first WebLLM load. */
export const transformersTokenizer = () =>
  import('../../ml/transformers').then((m) => m.tokenizerFromFiles);

/** The URL WebLLM reads `file` from for `record` (cleanModelUrl, then new URL(file, folder)). */
export function tokenizerFileUrl(record: Pick<ModelRecord, 'model'>, file: string): string {
  return new URL(file, folderOfModelUrl(record.model)).href;
}

/** WebLLM's cached copy of `url`, or undefined (no Cache Storage, not stored, another backend). */
async function fromWebllmCache(
  url: string,
  appConfig: AppConfig,
  caches: CacheStorageLike | undefined,
): Promise<Response | undefined> {
  // Only the default backend is the Cache API ('indexeddb', 'opfs', 'cross-origin' are not).
  if (!caches || (appConfig.cacheBackend ?? 'cache') !== 'cache') return undefined;
  try {
    const cache = await caches.open(WEBLLM_MODEL_CACHE);
    const hit = await cache.match(url);
    return hit?.ok ? hit : undefined;
  } catch {
    return undefined;
  }
}

/** GETs one file of the folder; throws a short reason ("tokenizer.json: HTTP 404"). */
async function download(url: string, fetchFn: FetchLike, init?: RequestInit): Promise<Response> {
  const file = new URL(url).pathname.split('/').pop() ?? url;
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (error) {
    throw new Error(`${file} could not be downloaded (${String(error)})`, { cause: error });
  }
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return response;
}

/** A tokenizer file, refused past its cap (tokenizer.json may be ~20 MB, its config a few KB). */
async function readJson(response: Response, file: string, cap: number): Promise<unknown> {
  const text = await readCappedText(response, cap, file, response.url || file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file} is not valid JSON`, { cause: error });
  }
}

/** tokenizer_config.json, or {} when it cannot be read (it rarely changes how text splits). */
async function tokenizerConfig(record: ModelRecord, fetchFn: FetchLike): Promise<unknown> {
  try {
    // force-cache: a copy fetched at an earlier load (online) also serves offline.
    const url = tokenizerFileUrl(record, 'tokenizer_config.json');
    return await readJson(
      await download(url, fetchFn, { cache: 'force-cache' }),
      'tokenizer_config.json',
      FILE_CAPS.config,
    );
  } catch {
    return {};
  }
}

/**
 * The tokenizer of `record` (the model WebLLM loads). Throws, with a short reason, when
 * tokenizer.json is in neither WebLLM's cache nor the folder (with `cacheOnly`: not in the cache),
 * or transformers.js cannot read it.
 */
export async function loadModelTokenizer(
  record: ModelRecord,
  appConfig: AppConfig,
  sources: TokenizerSources,
  options: { cacheOnly?: boolean } = {},
): Promise<ModelTokenizer> {
  // Started together: the transformers.js chunk, the config and the tokenizer itself.
  const build = transformersTokenizer();
  build.catch(() => undefined); // awaited below; not unhandled if reading the file fails first
  const config = tokenizerConfig(record, sources.fetch);
  const url = tokenizerFileUrl(record, 'tokenizer.json');
  const cached = await fromWebllmCache(url, appConfig, sources.caches);
  if (!cached && options.cacheOnly) throw new Error('tokenizer.json is not in WebLLM’s cache');
  const json = await readJson(
    cached ?? (await download(url, sources.fetch)),
    'tokenizer.json',
    FILE_CAPS.tokenizer,
  );
  const counter = (await build)(json, await config);
  return { countTokens: (text) => counter.countTokens(text), source: cached ? 'cache' : 'network' };
}
