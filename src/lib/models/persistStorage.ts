// Downloaded models live in Cache Storage, which the browser may evict under storage pressure
// unless the site's storage is persistent: ask once a large download has finished.
/** The part of navigator.storage used here (absent in some browsers and contexts). */
export interface StorageLike {
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

/** A download this large (bytes) is worth keeping: ask the browser not to evict it. */
export const PERSIST_AFTER_BYTES = 100 * 2 ** 20;

const browserStorage = (): StorageLike | undefined =>
  (globalThis.navigator as { storage?: StorageLike } | undefined)?.storage;

/** Whether storage is persistent now; undefined when the browser cannot say. */
export async function isPersistent(storage = browserStorage()): Promise<boolean | undefined> {
  try {
    return storage?.persisted ? await storage.persisted() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * After a download of `downloadedBytes`, asks for persistent storage (Chrome grants it quietly to
 * sites in use; Firefox asks the person). Resolves with whether storage is persistent.
 */
export async function persistAfterDownload(
  downloadedBytes: number,
  storage = browserStorage(),
): Promise<boolean | undefined> {
  const now = await isPersistent(storage);
  if (now || downloadedBytes < PERSIST_AFTER_BYTES || !storage?.persist) return now;
  try {
    return await storage.persist();
  } catch {
    return now;
  }
}
