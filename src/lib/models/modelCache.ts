// What the browser has cached of models (transformers.js and WebLLM both keep files in Cache
// Storage): grouped per model with its size, and deletable per model or all at once.

export interface CachedModel {
  /** The model's id as its host names it (e.g. `Xenova/bge-small-en-v1.5`), or the runtime's name. */
  id: string;
  kind: 'model' | 'runtime';
  files: number;
  bytes: number;
}

/** Cache Storage names the model libraries use; anything else in the origin is left alone. */
const MODEL_CACHES = /^(transformers-cache|webllm\/.*)$/;

/** The model a cached file belongs to, from its URL. */
export function modelIdFromUrl(
  url: string,
  modelHosts: string[] = [],
): { id: string; kind: CachedModel['kind'] } {
  const u = new URL(url);
  const parts = u.pathname.split('/').filter(Boolean);
  const resolve = parts.indexOf('resolve');
  if (resolve >= 2) return { id: `${parts[resolve - 2]}/${parts[resolve - 1]}`, kind: 'model' };
  for (const host of modelHosts) {
    if (url.startsWith(host)) {
      const rest = url.slice(host.length).split('/').filter(Boolean);
      if (rest.length >= 2) return { id: `${rest[0]}/${rest[1]}`, kind: 'model' };
    }
  }
  const file = parts.at(-1) ?? '';
  // ONNX Runtime's WebAssembly and its loader script (.mjs), which the app serves itself from
  // /assets/: one runtime entry, never an unexplained "assets" model.
  if (/^ort-wasm.*\.(wasm|mjs|js)$/.test(file)) {
    return { id: 'ONNX Runtime (WebAssembly)', kind: 'runtime' };
  }
  if (/\.wasm$/.test(file)) return { id: `Model library ${file}`, kind: 'runtime' };
  return { id: parts.slice(0, -1).join('/') || u.host, kind: 'model' };
}

async function sizeOf(response: Response | undefined): Promise<number> {
  if (!response) return 0;
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > 0) return length;
  return (await response.blob()).size;
}

async function modelCaches(storage: CacheStorage): Promise<string[]> {
  return (await storage.keys()).filter((name) => MODEL_CACHES.test(name));
}

export async function listCachedModels(
  storage: CacheStorage,
  modelHosts: string[] = [],
): Promise<CachedModel[]> {
  const byId = new Map<string, CachedModel>();
  for (const name of await modelCaches(storage)) {
    const cache = await storage.open(name);
    for (const request of await cache.keys()) {
      const { id, kind } = modelIdFromUrl(request.url, modelHosts);
      const entry = byId.get(id) ?? { id, kind, files: 0, bytes: 0 };
      entry.files++;
      entry.bytes += await sizeOf(await cache.match(request));
      byId.set(id, entry);
    }
  }
  return [...byId.values()].sort((a, b) =>
    a.kind === b.kind ? b.bytes - a.bytes : a.kind === 'model' ? -1 : 1,
  );
}

/** Deletes every cached file of one model (or, with no id, of all models and runtimes). */
export async function deleteCachedModel(
  storage: CacheStorage,
  id?: string,
  modelHosts: string[] = [],
): Promise<number> {
  let deleted = 0;
  for (const name of await modelCaches(storage)) {
    const cache = await storage.open(name);
    for (const request of await cache.keys()) {
      if (id === undefined || modelIdFromUrl(request.url, modelHosts).id === id) {
        if (await cache.delete(request)) deleted++;
      }
    }
  }
  return deleted;
}
