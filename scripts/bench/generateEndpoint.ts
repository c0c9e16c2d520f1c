// `npm run bench:generate -- --engine endpoint [--url URL --model ID --key K] [--runs 5 --max-tokens 1024]
// [--replay]`:
// tokens/s of the app's EndpointGenerator in a Chromium page against a bare fetch reading the same
// stream in the same page, alternating, after one warm-up each. Without --url it starts the tests'
// OpenAI-compatible server (tests/support/openaiServer.ts, the tiny LM) and asks it to copy a long
// sentence (~200 tokens).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { TINY_LM_ID } from '../../tests/fixtures/models/tinyCausalLm';
import { startOpenAiServer } from '../../tests/support/openaiServer';
import { chromiumArgs, findChromium } from '../browser.mjs';
import { arg, machine } from './harness';
import type { RunRequest, RunResult } from './generate-endpoint/main';

const runs = Number(arg('runs', '5'));
const maxTokens = Number(arg('max-tokens', '1024'));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;

const outDir = resolve('.bench/generate-endpoint-page');
await build({
  configFile: false,
  root: resolve('scripts/bench/generate-endpoint'),
  base: './',
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true, target: 'es2022' },
});
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
const pageServer = createServer((req, res) => {
  const path = normalize(join(outDir, new URL(req.url ?? '/', 'http://x').pathname));
  if (!path.startsWith(outDir) || !existsSync(path) || !statSync(path).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(res);
});
await new Promise<void>((done) => pageServer.listen(0, '127.0.0.1', done));
const pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/index.html`;

const given = arg('url');
// --replay: the test server answers a request seen before all at once, so the client is the
// bottleneck (the figures then measure reading, not the tiny LM's pace).
const replay = process.argv.includes('--replay');
const testServer = given ? undefined : await startOpenAiServer({ replay });
const baseUrl = given ?? testServer!.url;
const model = arg('model') ?? TINY_LM_ID;
const stops = Array.from({ length: 150 }, (_, i) => `stop${(i % 30) + 1} hamlet`).join(', ');
const request: RunRequest = {
  baseUrl,
  model,
  maxTokens,
  ...(arg('key') ? { apiKey: arg('key') } : {}),
  messages: [
    {
      role: 'system',
      content: `Answer from the sources.\n\nSources:\n[1] The convoy route passes ${stops}, then home.`,
    },
    { role: 'user', content: 'Describe the convoy route' },
  ],
};

const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(pageUrl);
  type Side = 'runApp' | 'runBare';
  const run = (side: Side) =>
    page.evaluate(
      ({ side, request }) =>
        (globalThis as unknown as Record<string, (r: RunRequest) => Promise<RunResult>>)[side]!(
          request,
        ),
      { side, request },
    );
  const rates: Record<Side, number[]> = { runApp: [], runBare: [] };
  const walls: Record<Side, number[]> = { runApp: [], runBare: [] };
  let sample: RunResult | undefined;
  for (let i = -1; i < runs; i++) {
    for (const side of ['runApp', 'runBare'] as const) {
      const r = await run(side);
      sample ??= r;
      if (i >= 0) rates[side].push(r.tokensPerS);
      if (i >= 0) walls[side].push(r.wallTokensPerS);
      console.error(
        `${side} ${i < 0 ? 'warm-up' : `run ${i + 1}`}: ${r.tokens} tokens, ${r.chars} chars, ${r.tokensPerS.toFixed(1)} tok/s first→last, ${r.wallTokensPerS.toFixed(1)} tok/s whole call (${r.modelId})`,
      );
    }
  }
  // Replayed streams arrive in one or two network chunks (first = last): only the whole call counts.
  const figures = replay ? walls : rates;
  const app = median(figures.runApp);
  const bare = median(figures.runBare);
  console.log(
    JSON.stringify({
      engine: 'endpoint',
      server: given
        ? baseUrl
        : `tests/support/openaiServer.ts (tiny LM, onnxruntime-node${replay ? ', replayed from memory' : ''})`,
      model,
      runs,
      max_tokens: maxTokens,
      answer_tokens: sample?.tokens,
      measure: replay ? 'tokens / whole call' : 'tokens after the first / first→last text',
      app_tokens_per_s: +app.toFixed(1),
      bare_tokens_per_s: +bare.toFixed(1),
      ratio: +(app / bare).toFixed(3),
      app_runs: figures.runApp.map((v) => +v.toFixed(1)),
      bare_runs: figures.runBare.map((v) => +v.toFixed(1)),
      load_average: loadavg().map((v) => +v.toFixed(2)),
      machine: machine(),
    }),
  );
} finally {
  await browser.close();
  await testServer?.close();
  pageServer.close();
}
