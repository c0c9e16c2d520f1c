// Turns WebLLM's init progress reports (several 0→1 phases told apart only by their text) into one
// LoadProgress that only moves forward: download (with speed and time left) or cache read, then
// shader compilation, then ready.
import { RateMeter } from '../../ml/downloadRate';
import type { LoadProgress, LoadProgressCallback } from '../Generator';
import type { InitProgressReport } from './webllm';

const MiB = 2 ** 20;
/** Share of the bar for the weights; shader compilation gets the rest. */
const WEIGHTS_SHARE = 0.9;
/**
 * After a download WebLLM reads every shard back from the cache onto the GPU ("Loading model from
 * cache"): the download takes the bar to here and that upload the rest of the weights' share, so the
 * bar does not sit still during the upload. A cached load's upload gets the whole share.
 */
const DOWNLOAD_SHARE = 0.6;

const FETCHING = /^Fetching param cache\[(\d+)\/(\d+)\]: (\d+)MB fetched/;
const READING = /^Loading model from cache\[(\d+)\/(\d+)\]: (\d+)MB loaded/;
const COMPILING = /^Loading GPU shader modules\[(\d+)\/(\d+)\]/;
const READY = /^Finish loading/;

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(Math.max(x, 0), 1) : 0);
const mb = (bytes: number) => `${Math.round(bytes / MiB).toLocaleString('en')} MB`;

/** Maps one report; `previous` keeps the bar from going backwards between phases. */
export function toLoadProgress(
  report: InitProgressReport,
  previous = 0,
  downloaded = false,
): LoadProgress {
  const p = clamp01(report.progress);
  const text = report.text;
  const fetching = FETCHING.exec(text);
  const weights = fetching ?? READING.exec(text);
  if (weights) {
    const downloading = fetching !== null;
    // WebLLM rounds fetched bytes up to whole MB; the total follows from the fraction.
    const loadedBytes = Number(weights[3]) * MiB;
    const totalBytes = p > 0 ? Math.round(loadedBytes / p) : undefined;
    const of = totalBytes ? ` of ${mb(totalBytes)}` : '';
    const [from, to] = downloading
      ? [0, DOWNLOAD_SHARE]
      : [downloaded ? DOWNLOAD_SHARE : 0, WEIGHTS_SHARE];
    return {
      fraction: Math.max(previous, from + (to - from) * p),
      phase: downloading ? 'download' : 'load',
      text: `${downloading ? 'Downloading weights' : 'Moving weights from the cache to the GPU'}: ${mb(loadedBytes)}${of}`,
      loadedBytes,
      ...(totalBytes ? { totalBytes } : {}),
    };
  }
  const compiling = COMPILING.exec(text);
  if (compiling) {
    return {
      fraction: Math.max(previous, WEIGHTS_SHARE + (1 - WEIGHTS_SHARE) * p),
      phase: 'compile',
      text: `Preparing GPU shaders: ${compiling[1]} of ${compiling[2]}`,
    };
  }
  if (READY.test(text)) return { fraction: 1, phase: 'ready', text: 'Ready' };
  if (text.startsWith('Start to fetch')) {
    // Sent for cached models too: nothing says yet whether a download is needed.
    return { fraction: previous, text: 'Finding the weights…' };
  }
  return { fraction: previous, text };
}

/** A WebLLM initProgressCallback that also says how far a download under way has got. */
export type InitProgressTracker = ((report: InitProgressReport) => void) & {
  /** Weight bytes fetched (or found cached) while the download is still under way; else 0. */
  downloadUnderWay(): number;
};

/**
 * A WebLLM initProgressCallback that reports to `onProgress`, never moving the bar back, with the
 * download's speed and time left. WebLLM reports once per finished weight shard (4 at a time), so
 * the figures move in steps; shards already cached from an interrupted try are reported at once at
 * the start, and the meter's warm-up keeps them out of the speed.
 */
export function trackInitProgress(
  onProgress: LoadProgressCallback,
  now: () => number = () => performance.now(),
): InitProgressTracker {
  let fraction = 0;
  let underWay = 0;
  let downloaded = false;
  const meter = new RateMeter();
  const track = (report: InitProgressReport) => {
    const progress = toLoadProgress(report, fraction, downloaded);
    if (progress.phase === 'download') downloaded = true;
    fraction = progress.fraction;
    underWay = 0;
    if (progress.phase === 'download') {
      const loaded = progress.loadedBytes ?? 0;
      const total = progress.totalBytes ?? 0;
      if (loaded > 0 && loaded < total) underWay = loaded;
      Object.assign(progress, meter.update({ at: now(), loaded, total }));
    }
    onProgress(progress);
  };
  return Object.assign(track, { downloadUnderWay: () => underWay });
}
