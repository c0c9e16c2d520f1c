// `npm run bench:ingest [-- --mb 5 --files 50] [--shape corpus|prose|oneline|many|all]
// [--cpu-profile]`: ingests generated documents through the file input with the tests' model and
// records the main thread's long tasks while it runs. Shapes: `corpus` (--mb over --files
// Markdown files), `prose` (one 5 MB Markdown file), `oneline` (5 MB of text on one line), `many`
// (2,000 small files). --cpu-profile prints the main thread's busiest functions.
import type { CDPSession } from '@playwright/test';
import { arg, machine, startBench, TEST_MODEL_ID } from './harness';

const mb = Number(arg('mb', '5'));
const fileCount = Number(arg('files', '50'));
const shapeArg = arg('shape', 'corpus') ?? 'corpus';
const cpuProfile = process.argv.includes('--cpu-profile');
const words = [
  'harbour',
  'crane',
  'tide',
  'rope',
  'keeper',
  'lamp',
  'storm',
  'bell',
  'glacier',
  'orchard',
  'violin',
  'queen',
  'honey',
  'summit',
  'trail',
  'kettle',
];
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

type FileSpec = { name: string; mimeType: string; buffer: Buffer };

function makeFile(i: number, bytes: number): FileSpec {
  const parts: string[] = [`# Report ${i}\n`];
  let size = 0;
  for (let s = 0; size < bytes; s++) {
    if (s % 12 === 0) parts.push(`\n## Section ${s / 12 + 1}\n`);
    const sentence = Array.from(
      { length: 8 + Math.floor(rand() * 10) },
      () => words[Math.floor(rand() * words.length)],
    ).join(' ');
    const line = `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.${s % 4 === 3 ? '\n\n' : ' '}`;
    parts.push(line);
    size += line.length;
  }
  return { name: `report-${i}.md`, mimeType: 'text/markdown', buffer: Buffer.from(parts.join('')) };
}

/** 5 MB of sentences with no line break at all (a minified export, a log on one line). */
function oneLine(bytes: number): FileSpec {
  const text = makeFile(0, bytes)
    .buffer.toString('utf8')
    .replace(/[\n#]+/g, ' ');
  return { name: 'one-line.txt', mimeType: 'text/plain', buffer: Buffer.from(text) };
}

const MB = 1024 * 1024;
const SHAPES: Record<string, () => FileSpec[]> = {
  corpus: () => Array.from({ length: fileCount }, (_, i) => makeFile(i, (mb * MB) / fileCount)),
  prose: () => [makeFile(0, 5 * MB)],
  oneline: () => [oneLine(5 * MB)],
  many: () => Array.from({ length: 2000 }, (_, i) => makeFile(i, 1200)),
};
const shapes = shapeArg === 'all' ? ['prose', 'oneline', 'many'] : [shapeArg];

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a CPU profile of the page's main thread. */
async function topFunctions(cdp: CDPSession, count = 12): Promise<string[]> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id);
    const key = `${f?.functionName || '(anonymous)'} ${f?.url.split('/').pop() ?? ''}:${f?.lineNumber ?? 0}:${f?.columnNumber ?? 0}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([fn, ms]) => `${Math.round(ms)} ms ${fn}`);
}

const bench = await startBench();
const { page, baseUrl } = bench;
try {
  const host = encodeURIComponent(`${baseUrl}test-models/`);
  await page.goto(`${baseUrl}?library=bench-ingest&embedModel=${TEST_MODEL_ID}&modelHost=${host}`);
  await page.waitForSelector('[data-testid="model-chip"][data-state="ready"]', {
    timeout: 120_000,
  });
  for (const shape of shapes) {
    const files = (SHAPES[shape] ?? SHAPES.corpus!)();
    await page.evaluate(() => globalThis.ragtune!.client.clearLibrary());
    await page.evaluate(() => {
      const tasks: { start: number; duration: number }[] = [];
      const g = globalThis as unknown as Record<string, unknown>;
      g.changeAt = Infinity;
      g.longTasks = tasks;
      document.querySelector('[data-testid="file-input"]')?.addEventListener(
        'change',
        function () {
          g.changeAt = performance.now();
        },
        { capture: true, once: true },
      );
      new PerformanceObserver(function (list) {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask' });
    });
    const cdp = cpuProfile ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const t0 = Date.now();
    await page.getByTestId('file-input').setInputFiles(files);
    // A cheap poll: a role query over thousands of rows would itself load the main thread.
    const dismiss = 'button[aria-label="Dismiss import report"]';
    await page.waitForFunction((sel) => document.querySelector(sel) !== null, dismiss, {
      polling: 500,
      timeout: 1_800_000,
    });
    const ingestMs = Date.now() - t0;
    const profile = cdp ? await topFunctions(cdp) : undefined;
    const { all, changeAt, chunks } = await page.evaluate(async () => {
      const g = globalThis as unknown as {
        longTasks: { start: number; duration: number }[];
        changeAt: number;
      };
      return {
        all: g.longTasks,
        changeAt: g.changeAt,
        chunks: (await globalThis.ragtune!.client.storageStats()).chunks,
      };
    });
    // A task that starts before the change event is the driver's (Playwright decoding the
    // injected files); only its tail after the event is the app's own handler.
    const tasks = all.filter((t) => t.start >= changeAt).map((t) => t.duration);
    const driver = all.filter((t) => t.start < changeAt);
    const handlerTail = Math.max(0, ...driver.map((t) => t.start + t.duration - changeAt));
    console.log(
      JSON.stringify({
        shape,
        corpus_mb: +(files.reduce((n, f) => n + f.buffer.length, 0) / MB).toFixed(2),
        files: files.length,
        chunks,
        model: TEST_MODEL_ID,
        ingest_ms: ingestMs,
        main_thread_long_tasks: tasks.length,
        main_thread_longest_task_ms: Math.round(Math.max(0, ...tasks)),
        main_thread_long_task_total_ms: Math.round(tasks.reduce((a, b) => a + b, 0)),
        driver_long_tasks_ms: driver.map((t) => Math.round(t.duration)),
        app_share_of_driver_task_ms: Math.round(handlerTail),
        ...(profile ? { main_thread_top_self_time: profile } : {}),
        machine: machine(),
      }),
    );
    await page.locator(dismiss).first().click();
  }
  await page.evaluate(() => globalThis.ragtune!.client.clearLibrary());
} finally {
  await bench.close();
}
