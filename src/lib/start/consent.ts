// Which models a guided step would download, so it can name them and their size and ask first.
// A model already loaded, or whose files the browser has cached, needs no consent.
export interface DownloadAsk {
  id: string;
  name: string;
  /** "945 MB", or a plain admission that the size is not known beforehand. */
  size: string;
}

/** Whether a cached model id (as the cache names it, perhaps with its owner) is this model. */
export function isCachedId(cachedIds: readonly string[], id: string): boolean {
  return cachedIds.some((c) => c === id || c.endsWith(`/${id}`));
}

export function downloadsToAsk(
  wanted: readonly { id: string; name: string; download?: string | undefined }[],
  loadedIds: readonly string[],
  cachedIds: readonly string[],
): DownloadAsk[] {
  const seen = new Set<string>();
  const asks: DownloadAsk[] = [];
  for (const m of wanted) {
    if (seen.has(m.id) || loadedIds.includes(m.id) || isCachedId(cachedIds, m.id)) continue;
    seen.add(m.id);
    asks.push({ id: m.id, name: m.name, size: m.download ?? 'size not known in advance' });
  }
  return asks;
}
