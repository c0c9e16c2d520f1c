// `npm run bench:ingest [-- --mb 5 --files 50]`: ingests a generated Markdown corpus through the
// file input with the tests' model, and records the main thread's long tasks while it runs.
import { arg, machine, startBench, TEST_MODEL_ID } from './harness';

const mb = Number(arg('mb', '5'));
const fileCount = Number(arg('files', '50'));
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

function makeFile(i: number, bytes: number): { name: string; mimeType: string; buffer: Buffer } {
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

const files = Array.from({ length: fileCount }, (_, i) =>
  makeFile(i, (mb * 1024 * 1024) / fileCount),
);
const bench = await startBench();
const { page, baseUrl } = bench;
try {
  const host = encodeURIComponent(`${baseUrl}test-models/`);
  await page.goto(`${baseUrl}?library=bench-ingest&embedModel=${TEST_MODEL_ID}&modelHost=${host}`);
  await page.waitForSelector('[data-testid="model-chip"][data-state="ready"]', {
    timeout: 120_000,
  });
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
      { capture: true },
    );
    new PerformanceObserver(function (list) {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(files);
  await page.getByRole('button', { name: 'Dismiss import report' }).waitFor({ timeout: 1_800_000 });
  const ingestMs = Date.now() - t0;
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
  // A task that starts before the change event is the driver's (Playwright decoding the injected
  // files); only its tail after the event is the app's own handler.
  const tasks = all.filter((t) => t.start >= changeAt).map((t) => t.duration);
  const driver = all.filter((t) => t.start < changeAt);
  const handlerTail = Math.max(0, ...driver.map((t) => t.start + t.duration - changeAt));
  console.log(
    JSON.stringify({
      corpus_mb: +(files.reduce((n, f) => n + f.buffer.length, 0) / 1024 / 1024).toFixed(2),
      files: fileCount,
      chunks,
      model: TEST_MODEL_ID,
      ingest_ms: ingestMs,
      main_thread_long_tasks: tasks.length,
      main_thread_longest_task_ms: Math.round(Math.max(0, ...tasks)),
      main_thread_long_task_total_ms: Math.round(tasks.reduce((a, b) => a + b, 0)),
      driver_long_tasks_ms: driver.map((t) => Math.round(t.duration)),
      app_share_of_driver_task_ms: Math.round(handlerTail),
      machine: machine(),
    }),
  );
  await page.evaluate(() => globalThis.ragtune!.client.clearLibrary());
} finally {
  await bench.close();
}
