// What every benchmark shares: build the app, serve it (with the tests' models and any extra
// folders), drive it in headless Chromium, and describe the machine the numbers came from.
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { buildFixtures } from '../../tests/fixtures/build';
import { chromiumArgs, findChromium } from '../browser.mjs';
import { serveDir } from '../vite/serveDir';

export const TEST_MODEL_ID = 'ragtune-test/tiny-bert';

export interface Bench {
  page: Page;
  /** null with a `profile` (a persistent context has no browser object of its own). */
  browser: Browser | null;
  context: BrowserContext;
  baseUrl: string;
  close(): Promise<void>;
}

export function machine(): Record<string, string | number> {
  const cpu = cpus();
  let browserVersion = '';
  try {
    browserVersion = execSync(`"${findChromium()}" --version`).toString().trim();
  } catch {
    browserVersion = 'unknown';
  }
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    browser: browserVersion,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

export interface BenchOptions {
  /** A Chromium profile folder kept between runs (model caches, IndexedDB); else a fresh one. */
  profile?: string;
}

/** Builds (unless --no-build), serves dist/ and opens a page. `dirs` maps URL prefixes to folders. */
export async function startBench(
  dirs: Record<string, string> = {},
  options: BenchOptions = {},
): Promise<Bench> {
  if (!process.argv.includes('--no-build')) execSync('npx vite build', { stdio: 'inherit' });
  await buildFixtures();
  const server: PreviewServer = await preview({
    configFile: false,
    root: resolve('.'),
    base: './',
    preview: { port: 4180, strictPort: false, host: '127.0.0.1' },
    plugins: [
      serveDir('/test-models/', resolve('tests/.generated/models')),
      ...Object.entries(dirs).map(([prefix, dir]) => serveDir(prefix, resolve(dir))),
    ],
  });
  const baseUrl = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4180/';
  const launch = { executablePath: findChromium(), args: chromiumArgs };
  const browser = options.profile ? null : await chromium.launch(launch);
  // No service worker: its precache download (scripts/vite/pwa.ts) would run inside the figures.
  const context = browser
    ? await browser.newContext({ serviceWorkers: 'block' })
    : await chromium.launchPersistentContext(resolve(options.profile ?? ''), {
        ...launch,
        serviceWorkers: 'block',
      });
  // Benchmarks drive the views directly: the start view a first visit opens is marked seen
  // (not on about:blank, which a benchmark visits between reloads and which has no storage).
  await context.addInitScript(() => {
    if (location.protocol.startsWith('http')) localStorage.setItem('ragtune-start-seen', '1');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return {
    page,
    browser,
    context,
    baseUrl,
    async close() {
      await context.close();
      await browser?.close();
      await server.close();
    },
  };
}
