// Library settings: defaults, validation and the URL overrides tests and shared links use
// (`?embedModel=…&modelHost=…`). Settings persist in the library's store.
import { DEFAULT_CHUNKING } from '../ingest/chunk';
import { DEFAULT_EMBEDDING_MODEL_ID } from '../embed/catalog';
import { DEFAULT_RERANKER_ID } from '../rerank/catalog';
import { HF_HUB } from '../ml/hosts';
import { DEFAULT_VECTOR_INDEX, isVectorIndexKind } from '../search/vectorIndexKinds';
import { CHUNKING_RANGES, SEARCH_RANGES, clampTo } from '../settings/ranges';
import type { LibrarySettings } from './protocol';
import type { SearchSettings } from './types';

export const SETTINGS_KEY = 'librarySettings';

export const DEFAULT_SETTINGS: LibrarySettings = {
  chunking: DEFAULT_CHUNKING,
  search: {
    mode: 'hybrid',
    topK: 5,
    threshold: 0,
    rerank: false,
    candidates: 500,
    docWeight: 0.5,
    fusion: 'rrf',
    fusionWeight: 0.5,
  },
  modelId: DEFAULT_EMBEDDING_MODEL_ID,
  modelHost: HF_HUB,
  vectorIndex: DEFAULT_VECTOR_INDEX,
  rerankerId: DEFAULT_RERANKER_ID,
};

/** Merges a patch into settings, clamping numbers to sensible ranges. */
export function mergeSettings(
  base: LibrarySettings,
  patch: Partial<LibrarySettings>,
): LibrarySettings {
  const next: LibrarySettings = {
    ...base,
    ...patch,
    chunking: { ...base.chunking, ...patch.chunking },
    search: { ...base.search, ...patch.search },
  };
  // A cleared field (NaN) falls back to the previous value; whole tokens and k only.
  const c = CHUNKING_RANGES;
  next.chunking.maxTokens = clampTo(c.maxTokens, next.chunking.maxTokens, base.chunking.maxTokens);
  next.chunking.overlapTokens = clampTo(
    {
      ...c.overlapTokens,
      max: Math.min(c.overlapTokens.max, Math.floor(next.chunking.maxTokens / 2)),
    },
    next.chunking.overlapTokens,
    base.chunking.overlapTokens,
  );
  next.search.topK = clampTo(SEARCH_RANGES.topK, next.search.topK, base.search.topK);
  next.search.threshold = clampTo(
    SEARCH_RANGES.threshold,
    next.search.threshold,
    base.search.threshold,
  );
  const s = SEARCH_RANGES;
  if (next.search.fusion !== 'convex') next.search.fusion = 'rrf';
  next.search.fusionWeight = clampTo(
    s.fusionWeight,
    next.search.fusionWeight ?? NaN,
    base.search.fusionWeight ?? 0.5,
  );
  next.search.docWeight = clampTo(
    s.docWeight,
    next.search.docWeight ?? NaN,
    base.search.docWeight ?? 0.5,
  );
  next.search.candidates = clampTo(
    s.candidates,
    next.search.candidates ?? NaN,
    base.search.candidates ?? 500,
  );
  if (!next.modelHost.endsWith('/')) next.modelHost += '/';
  if (!isVectorIndexKind(next.vectorIndex)) next.vectorIndex = DEFAULT_VECTOR_INDEX;
  return next;
}

/** Reads `embedModel`, `modelHost`, `vectorIndex` and `reranker` from a URL's query string. */
export function settingsFromUrl(search: string): Partial<LibrarySettings> {
  const params = new URLSearchParams(search);
  const patch: Partial<LibrarySettings> = {};
  const model = params.get('embedModel');
  const host = params.get('modelHost');
  const index = params.get('vectorIndex');
  const reranker = params.get('reranker');
  // `?fusion=convex&fusionWeight=0.3`: how hybrid search fuses (bench:retrieval --fusion).
  const fusion = params.get('fusion');
  const fusionWeight = Number(params.get('fusionWeight') ?? NaN);
  if (fusion === 'rrf' || fusion === 'convex') {
    // Only these fields: mergeSettings merges `search` field by field over the stored settings.
    const search: Partial<SearchSettings> = { fusion };
    if (Number.isFinite(fusionWeight)) search.fusionWeight = fusionWeight;
    patch.search = search as SearchSettings;
  }
  if (reranker) patch.rerankerId = reranker;
  if (isVectorIndexKind(index)) patch.vectorIndex = index;
  if (model) {
    patch.modelId = model;
    patch.customModelId = model;
  }
  if (host) patch.modelHost = host;
  return patch;
}

/** `?library=NAME` opens a separate library (its own database), e.g. for benchmarks. */
export function libraryFromUrl(search: string): string | undefined {
  const name = new URLSearchParams(search).get('library');
  return name && /^[\w-]{1,40}$/.test(name) ? `ragtune-${name}` : undefined;
}

/** Generator models named by the URL (tests, shared links) and the host they come from. */
export interface GeneratorUrlOptions {
  /** Extra transformers.js model ids: `?generator=org/a,org/b`. */
  models: string[];
  /** `?generatorHost=…`: where transformers.js generator models come from (default the hub). */
  host?: string;
  /**
   * `?endpoint=<base URL>`: an OpenAI-compatible server added for this visit; `generator` then
   * names models as that server lists them (the first is chosen for the chat).
   */
  endpoint?: string;
}

/** Reads `generator` (comma-separated model ids) and `generatorHost` from a URL's query string. */
export function generatorFromUrl(search: string): GeneratorUrlOptions {
  const params = new URLSearchParams(search);
  const models = (params.get('generator') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(
      (id) =>
        /^[\w.:-]+(\/[\w.:-]+)?$/.test(id) && !id.split('/').some((part) => /^\.+$/.test(part)),
    );
  const host = params.get('generatorHost')?.trim();
  const endpoint = params.get('endpoint')?.trim();
  return {
    models: [...new Set(models)],
    ...(host ? { host } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}
