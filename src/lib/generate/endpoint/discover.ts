// GET {base}/models: the models an endpoint serves, checked entry by entry (a server's JSON is
// untrusted: junk entries are skipped and counted, never a crash) and grouped for a menu: each base
// with the LoRA adapters that name it as `parent` (vLLM), flat where a server names no parent.
import { cancelledError } from '../../errors';
import { notTheApi } from './errors';
import { sendForJson, type FetchLike } from './request';
import type { DiscoveredModels, Endpoint, EndpointModel, ModelGroup } from './types';

/** More models than any server lists (Ollama with a big library: a few hundred). */
export const MAX_MODELS = 1000;
/** A discovery is a small request: a server that takes longer is not answering. */
export const DISCOVER_TIMEOUT_MS = 15_000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const name = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() && v.length <= 512 ? v.trim() : undefined;
const positive = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;

/** One entry, or undefined when it has no usable id. `root` is resolved later (needs the list). */
function readModel(entry: unknown): (EndpointModel & { root?: string }) | undefined {
  if (!isObject(entry)) return undefined;
  const id = name(entry.id) ?? name(entry.name) ?? name(entry.model);
  if (!id) return undefined;
  const ownedBy = name(entry.owned_by);
  const parent = name(entry.parent);
  const root = name(entry.root);
  const contextLength =
    positive(entry.max_model_len) ??
    positive(entry.context_length) ??
    positive(entry.max_context_length);
  return {
    id,
    ...(ownedBy ? { ownedBy } : {}),
    ...(parent && parent !== id ? { parent } : {}),
    ...(root && root !== id ? { root } : {}),
    ...(contextLength ? { contextLength } : {}),
  };
}

/** The entries of an OpenAI `{data: […]}` list (or a bare array), checked, at most MAX_MODELS. */
export function readModelList(body: unknown): { models: EndpointModel[]; skipped: number } {
  const entries: unknown[] = Array.isArray(body)
    ? body
    : isObject(body) && Array.isArray(body.data)
      ? body.data
      : isObject(body) && Array.isArray(body.models)
        ? body.models
        : [];
  const read = entries.slice(0, MAX_MODELS).map(readModel);
  const found = new Map<string, EndpointModel & { root?: string }>();
  for (const m of read) if (m && !found.has(m.id)) found.set(m.id, m);
  const skipped = entries.length - found.size;
  const models = [...found.values()].map(({ root, ...m }) => {
    // vLLM's `root` is a base's own path, or an adapter's local folder: a parent only when it
    // names another listed model (a base served under --served-model-name keeps its own root).
    const parent = m.parent ?? (root && found.has(root) ? root : undefined);
    return parent ? { ...m, parent } : m;
  });
  return { models, skipped };
}

/** Bases with their adapters (adapters take their base's context length when they lack one). */
export function groupModels(models: readonly EndpointModel[]): Omit<DiscoveredModels, 'skipped'> {
  const ids = new Set(models.map((m) => m.id));
  const groups = new Map<string, ModelGroup>();
  const orphans: EndpointModel[] = [];
  for (const m of models)
    if (!m.parent || !ids.has(m.parent)) groups.set(m.id, { base: m, adapters: [] });
  const withContext: EndpointModel[] = [];
  for (const m of models) {
    if (!m.parent) {
      withContext.push(m);
      continue;
    }
    const group = groups.get(m.parent);
    if (!group) {
      orphans.push(m);
      withContext.push(m);
      continue;
    }
    const contextLength = m.contextLength ?? group.base.contextLength;
    const adapter = contextLength ? { ...m, contextLength } : m;
    group.adapters.push(adapter);
    withContext.push(adapter);
  }
  // An adapter of an unlisted base is still an adapter: kept out of the bases, named in orphans.
  for (const o of orphans) groups.delete(o.id);
  return { models: withContext, groups: [...groups.values()], orphans };
}

export interface DiscoverOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** Asks the endpoint for its models; rejects with a RagtuneError that says what to do. */
export async function discoverModels(
  endpoint: Pick<Endpoint, 'baseUrl' | 'apiKey'>,
  options: DiscoverOptions = {},
): Promise<DiscoveredModels> {
  const url = `${endpoint.baseUrl}/models`;
  let body: unknown;
  try {
    body = await sendForJson(
      {
        url,
        ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
        timeoutMs: options.timeoutMs ?? DISCOVER_TIMEOUT_MS,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      },
      'GET /models',
    );
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError();
    throw error;
  }
  if (!(
    Array.isArray(body) ||
    (isObject(body) && (Array.isArray(body.data) || Array.isArray(body.models)))
  )) {
    throw notTheApi(url, 'GET /models');
  }
  const { models, skipped } = readModelList(body);
  return { ...groupModels(models), skipped };
}
