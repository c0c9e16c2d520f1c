// The ids of the models this browser has cached, from the hosts the app downloads from (the
// embedding host and the generator host a page address may name): what a consent question or a
// "downloaded" mark reads.
import { generatorFromUrl } from '../library/settings';
import { listCachedModels, type CachedModel } from './modelCache';

/** The models (and runtimes) this browser has cached, with their sizes. */
export async function cachedModels(modelHost: string | undefined): Promise<CachedModel[]> {
  if (!globalThis.caches) return [];
  const hosts = [modelHost, generatorFromUrl(location.search).host];
  const known = hosts.filter((h): h is string => !!h);
  return listCachedModels(caches, known);
}

export async function cachedModelIds(modelHost: string | undefined): Promise<string[]> {
  return (await cachedModels(modelHost)).map((c) => c.id);
}
