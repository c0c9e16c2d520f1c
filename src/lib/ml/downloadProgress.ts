// Turns transformers.js `progress_callback` events into one small shape a progress bar can show:
// bytes per file, bytes overall, a fraction, and the network speed and time left. Shared by every
// model loader; no library import, so it is tested on its own.
import { RateMeter, type RateReading } from './downloadRate';

export interface FileProgress {
  file: string;
  loaded: number;
  /** 0 while the size is unknown. */
  total: number;
}

export interface DownloadProgress extends RateReading {
  model: string;
  files: FileProgress[];
  /** Bytes over all files (cached files count too: they are read through the same path). */
  loaded: number;
  total: number;
  /** 0..1; 1 once every file is done. */
  fraction: number;
  done: boolean;
}

/** The fields of transformers' ProgressInfo union that we read; anything else is ignored. */
interface ProgressEvent {
  status: string;
  file?: unknown;
  loaded?: unknown;
  total?: unknown;
  files?: unknown;
}

const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

export interface TrackOptions {
  /** Byte updates are throttled to one per `intervalMs`; a file starting or finishing never is. */
  intervalMs?: number;
  /** Bytes that came over the network so far (the rest was read from the cache); default all. */
  fetchedBytes?: () => number;
  /** While a download runs, progress is re-sent this often even without news, so a stall shows. */
  heartbeatMs?: number;
  now?: () => number;
}

/** A transformers.js `progress_callback`; call stop() when the load ends (it ends the heartbeat). */
export type DownloadTracker = ((info: unknown) => void) & { stop(): void };

/** Returns a `progress_callback` for transformers.js that reports to `onProgress`. */
export function trackDownload(
  model: string,
  onProgress: (p: DownloadProgress) => void,
  options: TrackOptions = {},
): DownloadTracker {
  const { intervalMs = 100, heartbeatMs = 1000, fetchedBytes } = options;
  const now = options.now ?? (() => performance.now());
  const files = new Map<string, { loaded: number; total: number; done: boolean }>();
  const meter = new RateMeter();
  let lastEmit = -Infinity;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const emit = () => {
    const at = now();
    lastEmit = at;
    const list = [...files].map(([file, f]) => ({ file, loaded: f.loaded, total: f.total }));
    const loaded = list.reduce((sum, f) => sum + f.loaded, 0);
    const total = list.reduce((sum, f) => sum + Math.max(f.total, f.loaded), 0);
    const done = files.size > 0 && [...files.values()].every((f) => f.done);
    const fraction = done ? 1 : total > 0 ? Math.min(loaded / total, 1) : 0;
    const rate = meter.update({ at, loaded, total, fetched: fetchedBytes?.() });
    onProgress({ model, files: list, loaded, total, fraction, done, ...(done ? {} : rate) });
  };
  const beat = () => {
    const running = files.size > 0 && [...files.values()].some((f) => !f.done);
    if (running && now() - lastEmit >= heartbeatMs) emit();
  };

  const entry = (file: string) => {
    let f = files.get(file);
    if (!f) files.set(file, (f = { loaded: 0, total: 0, done: false }));
    return f;
  };

  const callback = (info: unknown) => {
    if (typeof info !== 'object' || info === null || !('status' in info)) return;
    if (heartbeat === undefined && heartbeatMs > 0) heartbeat = setInterval(beat, heartbeatMs);
    const event = info as ProgressEvent;
    const file = typeof event.file === 'string' ? event.file : undefined;
    switch (event.status) {
      case 'initiate':
        if (file) entry(file);
        return emit();
      case 'progress_total':
        // Carries sizes learnt up front (range requests), so the overall bar is right from the start.
        if (typeof event.files === 'object' && event.files !== null) {
          for (const [name, value] of Object.entries(event.files)) {
            const f = entry(name);
            if (typeof value === 'object' && value !== null && 'total' in value) {
              f.total = Math.max(f.total, num(value.total));
            }
          }
        }
        return;
      case 'progress':
        if (!file) return;
        Object.assign(entry(file), { loaded: num(event.loaded), total: num(event.total) });
        if (now() - lastEmit >= intervalMs) emit();
        return;
      case 'done':
        if (!file) return;
        {
          const f = entry(file);
          f.done = true;
          f.total = Math.max(f.total, f.loaded);
          f.loaded = f.total;
        }
        return emit();
    }
  };
  return Object.assign(callback, {
    stop() {
      clearInterval(heartbeat);
      heartbeat = undefined;
    },
  });
}
