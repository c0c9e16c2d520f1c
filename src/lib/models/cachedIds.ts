// The ids of the models this browser has cached, from the hosts the app downloads from (the
// embedding host and the generator host a page address may name): what a consent question or a
// "downloaded" mark reads.
import { generatorFromUrl } from '../library/settings';
import { listCachedModels } from './modelCache';

export async function cachedModelIds(modelHost: string | undefined): Promise<string[]> {
  if (!globalThis.caches) return [];
  const hosts = [modelHost, generatorFromUrl(location.search).host];
  const known = hosts.filter((h): h is string => !!h);
  return (await listCachedModels(caches, known)).map((c) => c.id);
}
