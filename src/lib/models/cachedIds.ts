// The ids of the models this browser has cached, from the hosts the app downloads from: what a
// consent question leaves out (a cached model downloads nothing).
import { listCachedModels } from './modelCache';

export async function cachedModelIds(hosts: readonly (string | undefined)[]): Promise<string[]> {
  if (!globalThis.caches) return [];
  const known = hosts.filter((h): h is string => !!h);
  return (await listCachedModels(caches, known)).map((c) => c.id);
}
