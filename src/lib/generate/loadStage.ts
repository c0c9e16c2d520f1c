// What a model load's bar shows: the downloaded share while bytes arrive, and — once every byte
// is in but the engine is still compiling shaders or warming up — no percentage at all (a bar at
// 100 % that does not finish reads as stuck), with words saying what it is doing.
import type { LoadProgress } from './Generator';

export interface LoadStage {
  /** 0..1 for the bar, or undefined for "working, amount unknown". */
  fraction: number | undefined;
  /** What the person reads beside the bar. */
  text: string;
}

/** Past this share the download is done in all but rounding. */
const DOWNLOADED = 0.999;

export function loadStage(progress: LoadProgress): LoadStage {
  const preparing =
    progress.phase === 'compile' || (progress.phase !== 'ready' && progress.fraction >= DOWNLOADED);
  if (!preparing) return { fraction: progress.fraction, text: progress.text };
  const what =
    progress.phase === 'compile'
      ? 'Compiling the model for this GPU'
      : 'Preparing the model in memory (every file is here)';
  // The engine's own line, when it says more than a percentage, stays beside ours.
  const engine = /\d+\s*%|^\s*$/.test(progress.text) ? '' : ` — ${progress.text}`;
  return { fraction: undefined, text: `${what}…${engine}` };
}
