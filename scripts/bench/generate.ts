// `npm run bench:generate [-- --runs 3 --chunks 10000 --model DIR --max-tokens 1024]`: tokens/s of
// a long answer through the whole app (chat UI, generator worker, streaming to the page) against a
// bare transformers.js pipeline on the same prompt, and the time retrieval + prompt building add
// before the model at 10k chunks. --model runs a local ONNX text-generation folder (config.json,
// tokenizer files, onnx/model_quantized.onnx: both sides load q8 on WASM) instead of the tiny LM.
// `--engine endpoint --url URL --model ID`: an OpenAI-compatible server instead (generateEndpoint.ts).
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';
import { arg, machine, startBench, TEST_MODEL_ID } from './harness';

// An OpenAI-compatible server instead of an in-browser engine: its own benchmark (page vs bare fetch).
if (arg('engine') === 'endpoint') {
  await import('./generateEndpoint');
  process.exit(0);
}

const modelDir = arg('model');
if (modelDir && !existsSync(join(modelDir, 'onnx', 'model_quantized.onnx'))) {
  console.error(
    `--model ${modelDir}: no onnx/model_quantized.onnx there. The folder must hold a transformers.js ` +
      'text-generation model (config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx).',
  );
  process.exit(1);
}
/** A local model is served as /bench-models/<folder name>/ and loaded by that id. */
const LM = modelDir ? basename(resolve(modelDir)) : 'ragtune-test/tiny-lm';
const runs = Number(arg('runs', '3'));
const chunks = Number(arg('chunks', '10000'));
const maxTokens = Number(arg('max-tokens', '1024'));
/** A real model takes far longer than the tiny one to load and to answer. */
const patience = modelDir ? 1_800_000 : 300_000;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;

// The bare page is its own small build, served beside the app.
await build({
  configFile: false,
  root: resolve('scripts/bench/generate'),
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir: resolve('.bench/generate-page'), emptyOutDir: true, target: 'es2022' },
});
const bench = await startBench({
  '/bench-bare/': '.bench/generate-page',
  ...(modelDir ? { '/bench-models/': dirname(resolve(modelDir)) } : {}),
});
const { page, baseUrl } = bench;
const host = `${baseUrl}test-models/`;
const lmHost = modelDir ? `${baseUrl}bench-models/` : host;

interface StoredAnswer {
  stats: { completionTokens: number; modelId: string; decodeTokensPerS: number };
  prompt: { role: string; content: string }[];
  rag: { prepareMs: number };
}

async function lastAnswer(p: Page): Promise<StoredAnswer> {
  return p.evaluate(
    () =>
      new Promise<StoredAnswer>((done, fail) => {
        const open = indexedDB.open('ragtune-bench-generate');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const all = open.result
            .transaction('conversations')
            .objectStore('conversations')
            .getAll();
          all.onsuccess = () => {
            const convs = all.result as {
              updatedAt: number;
              messages: (StoredAnswer & { role: string })[];
            }[];
            const conv = convs.sort((a, b) => b.updatedAt - a.updatedAt)[0];
            done(conv!.messages.filter((m) => m.role === 'assistant').at(-1)!);
          };
        };
      }),
  );
}

try {
  const params = new URLSearchParams({
    library: 'bench-generate',
    embedModel: TEST_MODEL_ID,
    modelHost: host,
    generator: LM,
    generatorHost: lmHost,
  });
  await page.goto(`${baseUrl}?${params}`);
  await page.waitForSelector('[data-testid="model-chip"][data-state="ready"]', {
    timeout: 120_000,
  });
  // A long single sentence the tiny LM copies on (no "." in the document's name: it ends a copy).
  const stops = Array.from({ length: 150 }, (_, i) => `stop${(i % 30) + 1} hamlet`).join(', ');
  await page.evaluate(
    async ({ text, chunks }) => {
      const client = globalThis.ragtune!.client;
      await client.clearLibrary();
      if (chunks > 0)
        await client.importSynthetic(
          { chunks, dim: 384, model: 'ragtune-test/tiny-bert' },
          () => {},
        );
      const bytes = new TextEncoder().encode(text).buffer as ArrayBuffer;
      const [outcome] = await client.ingest('bench', [
        { name: 'convoy.md', bytes, source: 'file' },
      ]);
      await client.renameDocument(outcome!.docId!, 'convoy notes');
    },
    { text: `The convoy route passes ${stops}, then home.`, chunks },
  );
  await page.reload();
  await page.waitForSelector('[data-testid="model-chip"][data-state="ready"]', {
    timeout: 120_000,
  });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Chat' })
    .click();
  await page.getByTestId('model-picker').click();
  await page.locator(`[data-testid="model-option"][data-id="${LM}"] button`).click();
  await page.getByTestId('model-ready').waitFor({ timeout: patience });
  await page.getByTestId('decoding-button').click();
  await page.getByTestId('max-tokens').fill(String(maxTokens));
  await page.keyboard.press('Escape');
  await page.getByTestId('rag-toggle').setChecked(true);

  const answerTokens: number[] = [];
  const appRates: number[] = [];
  const workerRates: number[] = [];
  const prepare: number[] = [];
  let prompt: StoredAnswer['prompt'] = [];
  // One warm-up answer first (JIT, caches), not counted.
  for (let i = -1; i < runs; i++) {
    const answers = page.getByTestId('answer');
    const before = await answers.count();
    // Page-side: when the answer's text first appears and when it last changes.
    await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, number>;
      g.firstText = 0;
      g.lastText = 0;
      new MutationObserver(function () {
        const now = performance.now();
        if (!g.firstText) g.firstText = now;
        g.lastText = now;
      }).observe(
        document.querySelector('[data-testid="chat-input"]')!.closest('main') ?? document.body,
        {
          subtree: true,
          characterData: true,
          childList: true,
        },
      );
    });
    await page.getByTestId('chat-input').fill('Describe the convoy route');
    await page.getByTestId('chat-input').press('Enter');
    await answers.nth(before).locator('[data-testid="answer-text"]').waitFor();
    await page.locator(`[data-testid="answer"]:nth-of-type(${before + 1})`).waitFor();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="answer"][data-state="done"]').length > n,
      before,
      { timeout: patience },
    );
    const answer = await lastAnswer(page);
    const span = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, number>;
      return (g.lastText! - g.firstText!) / 1000;
    });
    if (i >= 0) {
      answerTokens.push(answer.stats.completionTokens);
      appRates.push((answer.stats.completionTokens - 1) / span);
      workerRates.push(answer.stats.decodeTokensPerS);
      prepare.push(answer.rag.prepareMs);
    }
    prompt = answer.prompt;
    console.error(
      `app run ${i < 0 ? 'warm-up' : i + 1}: ${answer.stats.completionTokens} tokens, ${(answer.stats.completionTokens / span).toFixed(1)} tok/s, prepare ${answer.rag.prepareMs} ms`,
    );
  }

  await page.goto(`${baseUrl}bench-bare/index.html`);
  const bareRates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await page.evaluate(
      (req) =>
        (
          globalThis as unknown as {
            runBare: (r: unknown) => Promise<{ tokens: number; tokensPerS: number }>;
          }
        ).runBare(req),
      { id: LM, host: lmHost, messages: prompt, maxTokens },
    );
    bareRates.push(r.tokensPerS);
    console.error(`bare run ${i + 1}: ${r.tokens} tokens, ${r.tokensPerS.toFixed(1)} tok/s`);
  }
  const app = median(appRates);
  const bare = median(bareRates);
  console.log(
    JSON.stringify({
      model: LM,
      ...(modelDir ? { model_dir: resolve(modelDir) } : {}),
      library_chunks: chunks + 1,
      runs,
      max_tokens: maxTokens,
      answer_tokens_p50: median(answerTokens),
      app_tokens_per_s: +app.toFixed(1),
      // The generator's own decode rate inside its worker (no page in the loop).
      app_worker_tokens_per_s: +median(workerRates).toFixed(1),
      bare_tokens_per_s: +bare.toFixed(1),
      ratio: +(app / bare).toFixed(3),
      pre_first_token_ms_p50: median(prepare),
      machine: machine(),
    }),
  );
} finally {
  await bench.close();
}
