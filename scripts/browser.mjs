// Finds the Chromium that tests and benchmarks drive: CHROMIUM_PATH, then Debian's package,
// then a browser Playwright installed — the first that starts. Undefined when there is none.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Playwright's own Chromium, if it installed one. @returns {string | undefined} */
function playwrightChromium() {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    // Playwright throws when it has no browser of its own; that is the "none" case.
    return undefined;
  }
}

/**
 * What `<path> --version` prints, or undefined when it does not run (missing file or libraries,
 * or a stub such as Ubuntu's snap wrapper in a container).
 * @param {string} path
 * @returns {string | undefined}
 */
export function chromiumVersion(path) {
  if (!existsSync(path)) return undefined;
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) return undefined;
  return run.stdout
    .split('\n')
    .find((line) => /chrom/i.test(line))
    ?.trim();
}

/** @returns {string | undefined} */
export function findChromium() {
  // The person's choice is used as given; ensure-browser.mjs says when it does not start.
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  // Remembered for the processes this one starts (Playwright's workers load the config again).
  const known = process.env.RAGTUNE_CHROMIUM;
  if (known && existsSync(known)) return known;
  for (const path of [...SYSTEM_CHROMIUMS, playwrightChromium()]) {
    if (path && chromiumVersion(path)) {
      process.env.RAGTUNE_CHROMIUM = path;
      return path;
    }
  }
  return undefined;
}

/** Flags that keep Chromium quiet offline and give WebGPU a software adapter (stack-facts.md). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];
