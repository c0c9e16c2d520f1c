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

/** Downloads larger than this are never started without the person's yes (chat, lab). */
export const ASK_ABOVE_MB = 50;

/** The largest size a model card's download line names, in MB ("520 MB (WASM), 490 MB (WebGPU)"). */
export function downloadMb(download: string | undefined): number | undefined {
  if (!download) return undefined;
  const sizes = [...download.matchAll(/(\d+(?:[.,]\d+)?)\s*(GB|MB)/gi)].map(
    (m) => Number(m[1]!.replace(',', '.')) * (m[2]!.toUpperCase() === 'GB' ? 1024 : 1),
  );
  return sizes.length ? Math.max(...sizes) : undefined;
}

/**
 * The models of `wanted` that would be downloaded: not loaded, not in the browser's cache. With
 * `aboveMb`, only those whose card names a size above it (the guided path asks for every one).
 */
export function downloadsToAsk(
  wanted: readonly { id: string; name: string; download?: string | undefined }[],
  loadedIds: readonly string[],
  cachedIds: readonly string[],
  aboveMb?: number,
): DownloadAsk[] {
  const seen = new Set<string>();
  const asks: DownloadAsk[] = [];
  for (const m of wanted) {
    if (seen.has(m.id) || loadedIds.includes(m.id) || isCachedId(cachedIds, m.id)) continue;
    if (aboveMb !== undefined && !((downloadMb(m.download) ?? 0) > aboveMb)) continue;
    seen.add(m.id);
    asks.push({ id: m.id, name: m.name, size: m.download ?? 'size not known in advance' });
  }
  return asks;
}
