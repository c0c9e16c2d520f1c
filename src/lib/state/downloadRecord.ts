// A note in localStorage that a generator model's download started, removed when the load ends
// (loaded, failed or cancelled). Found on open, it means a reload or a closed tab cut the download.
import { isEngineName } from '../generate/engines';
import type { ModelChoice } from '../generate/modelMenu';

const KEY = 'ragtune-download-under-way';

export function recordDownload(choice: ModelChoice): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ engine: choice.engine, id: choice.id }));
  } catch {
    // Storage full or blocked: the download still runs, it just cannot be offered again.
  }
}

export function clearDownload(): void {
  globalThis.localStorage?.removeItem(KEY);
}

/** The model whose download was cut off, if one was (a damaged note is forgotten). */
export function interruptedDownload(): ModelChoice | undefined {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as unknown;
    const c = raw as Partial<ModelChoice> | null;
    if (c && isEngineName(c.engine) && c.engine !== 'endpoint' && typeof c.id === 'string') {
      return { engine: c.engine, id: c.id };
    }
  } catch {
    // Not JSON: forgotten below.
  }
  clearDownload();
  return undefined;
}
