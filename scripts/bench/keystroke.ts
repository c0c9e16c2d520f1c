// `npm run bench:keystroke -- --chunks 10000,100000 [--queries 40] [--mode hybrid|keyword|vector]`:
// search as a person sees it. In the Search view, each query is typed key by key into the box;
// the figure is the time from the last keystroke's input event to the frame after the results for
// that query are in the page, minus the view's 120 ms typing debounce. Split into the worker's
// search, the query's embedding (both as the worker reports them) and the rest (messages between
// page and worker, the page's own work and rendering).
import { loadavg } from 'node:os';
import { arg, machine, startBench } from './harness';
import { fillScaleLibrary, percentile, scaleUrl, waitReady } from './scaleLibrary';

/** SearchView.svelte's debounce: the wait after a keystroke before a search starts. */
const DEBOUNCE_MS = 120;

const sizes = (arg('chunks', '10000,100000') ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const count = Number(arg('queries', '40'));
const slice = Number(arg('slice', '10000'));
const mode = arg('mode', 'hybrid') ?? 'hybrid';

declare global {
  interface Window {
    ragtuneKeys?: { inputs: number[]; rendered?: Promise<number> };
  }
}

const bench = await startBench();
const { page, baseUrl } = bench;
try {
  for (const size of sizes) {
    const loadBefore = loadavg()[0] ?? 0;
    await page.goto(scaleUrl(baseUrl, size));
    await waitReady(page);
    const filledMs = await fillScaleLibrary(page, size, slice);
    console.error(`bench:keystroke: stored ${size} chunks in ${filledMs} ms`);
    const words = await page.evaluate(async () => {
      const doc = await globalThis.ragtune!.client.getDocument('synthetic-1-0');
      return (doc?.text ?? 'kalo miren').split(/\W+/).filter(Boolean);
    });
    await page.goto(`${scaleUrl(baseUrl, size)}#/search`);
    await waitReady(page);
    const input = page.getByTestId('search-input');
    await page
      .getByLabel(mode === 'keyword' ? 'Keyword (BM25)' : mode === 'vector' ? 'Vector' : 'Hybrid')
      .check();
    await page.evaluate(() => {
      window.ragtuneKeys = { inputs: [] };
      document.addEventListener(
        'input',
        (e) => {
          if ((e.target as Element).matches('[data-testid="search-input"]'))
            window.ragtuneKeys!.inputs.push(performance.now());
        },
        true,
      );
    });

    const total: number[] = [];
    const search: number[] = [];
    const embed: number[] = [];
    const rest: number[] = [];
    // Two warm-up queries (the first search after a load pays for compiling and caches).
    for (let i = -2; i < count; i++) {
      const q =
        Array.from({ length: 3 }, (_, j) => words[(Math.abs(i) * 7 + j * 13) % words.length]).join(
          ' ',
        ) + ` ${i + 3}`;
      await input.fill('');
      await page.waitForSelector('[data-testid="search-meta"]', { state: 'detached' });
      await page.evaluate((q) => {
        const keys = window.ragtuneKeys!;
        keys.inputs = [];
        keys.rendered = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            // (No named functions in here: tsx would wrap them in a helper the page lacks.)
            const meta = document.querySelector('[data-testid="search-meta"]');
            if ((meta as HTMLElement | null)?.dataset.query !== q) return;
            observer.disconnect();
            // The results are in the document: the frame that shows them.
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        });
      }, q);
      await input.click();
      await page.keyboard.type(q);
      const measured = await page.evaluate(async () => {
        const keys = window.ragtuneKeys!;
        const rendered = await keys.rendered!;
        const meta = document.querySelector('[data-testid="search-meta"]')?.textContent ?? '';
        const m = /search ([\d.]+) ms \+ query embedding ([\d.]+) ms/.exec(meta);
        return {
          ms: rendered - keys.inputs[keys.inputs.length - 1]!,
          search: Number(m?.[1] ?? NaN),
          embed: Number(m?.[2] ?? NaN),
        };
      });
      if (i < 0) continue;
      const ms = measured.ms - DEBOUNCE_MS;
      total.push(ms);
      search.push(measured.search);
      embed.push(measured.embed);
      rest.push(ms - measured.search - measured.embed);
    }
    const r = (v: number[], p: number) => +percentile(v, p).toFixed(1);
    console.log(
      JSON.stringify({
        chunks: size,
        mode,
        queries: count,
        keystroke_to_results_p50_ms: r(total, 50),
        keystroke_to_results_p95_ms: r(total, 95),
        worker_search_p50_ms: r(search, 50),
        query_embed_p50_ms: r(embed, 50),
        page_and_messages_p50_ms: r(rest, 50),
        debounce_ms_subtracted: DEBOUNCE_MS,
        load_average: [loadBefore, loadavg()[0] ?? 0].map((l) => +l.toFixed(2)),
        machine: machine(),
      }),
    );
    await page.evaluate(() => globalThis.ragtune!.client.clearLibrary());
  }
} finally {
  await bench.close();
}
