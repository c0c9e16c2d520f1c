// Download speed and time left from a stream of (bytes so far, bytes in all, time) samples, and the
// "12.3 MB/s · 40 s left" a person reads. Pure: the loaders feed it, the UI only formats.

export interface RateSample {
  /** Milliseconds on a monotonic clock (performance.now()). */
  at: number;
  /** Bytes done so far (downloaded or read from the cache) and in all (0 while unknown). */
  loaded: number;
  total: number;
  /** Bytes that really came over the network; default `loaded`. Cache reads are not a speed. */
  fetched?: number;
}

/** What a download's progress line shows besides its bytes. */
export interface RateReading {
  /** Network bytes per second over the last few seconds; absent until there is enough to say. */
  bytesPerSecond?: number;
  /** Absent while the total or the rate is unknown, and while stalled. */
  secondsLeft?: number;
  /** True when no byte has arrived for a while (the line says so instead of a speed). */
  stalled?: boolean;
}

export interface RateOptions {
  /** The rate is the bytes of roughly the last `windowMs` over their time. */
  windowMs?: number;
  /**
   * Bytes that arrive within this long of the first sample set the baseline instead of counting as
   * speed: cached files (WebLLM's cached shards, a resumed download's finished part) come at once.
   */
  warmupMs?: number;
  /** No figure from less transfer time than this: a first guess flickers. */
  minSpanMs?: number;
  /** No byte for this long is a stall. */
  stallMs?: number;
}

interface Point {
  at: number;
  fetched: number;
}

/** Turns samples into a smoothed rate and a time left; feed it every progress event (and a tick). */
export class RateMeter {
  readonly #windowMs: number;
  readonly #warmupMs: number;
  readonly #minSpanMs: number;
  readonly #stallMs: number;
  #points: Point[] = [];
  #start: number | undefined;
  #lastGrowth: number | undefined;
  #lastFetched = 0;

  constructor(options: RateOptions = {}) {
    this.#windowMs = options.windowMs ?? 5000;
    this.#warmupMs = options.warmupMs ?? 300;
    this.#minSpanMs = options.minSpanMs ?? 1000;
    this.#stallMs = options.stallMs ?? 4000;
  }

  update(sample: RateSample): RateReading {
    const { at, loaded, total } = sample;
    const fetched = sample.fetched ?? loaded;
    if (fetched < this.#lastFetched) this.#points = []; // a counter that went back: start afresh
    if (fetched > this.#lastFetched) this.#lastGrowth = at;
    this.#lastFetched = fetched;
    this.#start ??= at;
    if (total > 0 && loaded >= total) return { secondsLeft: 0 };

    if (at - this.#start < this.#warmupMs || this.#points.length === 0) {
      this.#points = [{ at, fetched }];
      return {};
    }
    this.#points.push({ at, fetched });
    // Keep one point at or before the window's start: with sparse reports (a WebLLM shard every
    // half-minute) the rate then spans the last report instead of dropping to nothing between them.
    while (this.#points.length > 2 && this.#points[1]!.at <= at - this.#windowMs) {
      this.#points.shift();
    }

    const quietSince = this.#lastGrowth ?? this.#start;
    if (at - quietSince >= this.#stallMs) return { stalled: true };
    const anchor = this.#points[0]!;
    const span = at - anchor.at;
    if (span < this.#minSpanMs) return {};
    const bytesPerSecond = ((fetched - anchor.fetched) * 1000) / span;
    if (bytesPerSecond <= 0) return {};
    const reading: RateReading = { bytesPerSecond };
    if (total > 0) reading.secondsLeft = Math.max(total - loaded, 0) / bytesPerSecond;
    return reading;
  }
}

const KiB = 1024;
const MiB = KiB * 1024;
const GiB = MiB * 1024;

/** "850 KB/s", "12.3 MB/s", "1.2 GB/s" (binary units, as the app's other byte counts). */
export function formatBytesPerSecond(bytesPerSecond: number): string {
  if (bytesPerSecond >= GiB) return `${(bytesPerSecond / GiB).toFixed(1)} GB/s`;
  if (bytesPerSecond >= 100 * MiB) return `${Math.round(bytesPerSecond / MiB)} MB/s`;
  if (bytesPerSecond >= MiB) return `${(bytesPerSecond / MiB).toFixed(1)} MB/s`;
  return `${Math.max(1, Math.round(bytesPerSecond / KiB))} KB/s`;
}

/** "8 s left", "2 min 5 s left", "14 min left", "1 h 20 min left". */
export function formatSecondsLeft(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} s left`;
  if (s < 600) return `${Math.floor(s / 60)} min ${s % 60} s left`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return `${minutes} min left`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** The rate part of a progress line: "12.3 MB/s · 40 s left", "12.3 MB/s", a stall, or ''. */
export function formatRate(reading: RateReading): string {
  if (reading.stalled) return 'stalled: waiting for the network';
  if (reading.bytesPerSecond === undefined) return '';
  const rate = formatBytesPerSecond(reading.bytesPerSecond);
  return reading.secondsLeft === undefined || reading.secondsLeft <= 0
    ? rate
    : `${rate} · ${formatSecondsLeft(reading.secondsLeft)}`;
}

/** "12.3 MB" (binary megabytes, one decimal, as the app's other byte counts). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MB`;
}

export interface DownloadFigures extends RateReading {
  loadedBytes?: number;
  /** 0 or absent while unknown. */
  totalBytes?: number;
}

/** A download's whole line: "1.5 of 3.0 MB · 12.3 MB/s · 40 s left" (parts left out when unknown). */
export function formatDownload(figures: DownloadFigures): string {
  const { loadedBytes, totalBytes } = figures;
  const parts: string[] = [];
  if (loadedBytes !== undefined && (loadedBytes > 0 || (totalBytes ?? 0) > 0)) {
    parts.push(
      totalBytes
        ? `${(loadedBytes / MiB).toFixed(1)} of ${formatMegabytes(totalBytes)}`
        : formatMegabytes(loadedBytes),
    );
  }
  const rate = formatRate(figures);
  if (rate) parts.push(rate);
  return parts.join(' · ');
}
