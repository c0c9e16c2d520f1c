// `npm run bench:eval [-- --data PATH --limit N --arms none,rag,full ...]`: a question-set
// evaluation of the comparison lab, run headless in Chromium through the app itself: documents go
// in by the app's ingest, the set by questionSets.importSet, the arms by the lab, the run by questionSets.create;
// the figures are the app's own per-arm summary (SQuAD EM/F1, containment, retrieval hit/recall,
// timings). Progress goes to stderr; stdout gets a table per arm and, as its last line, one JSON
// object. By default (no network) the tests' tiny LMs answer the built-in set in
// scripts/bench/eval/harbour/ with the tests' tiny embedding model. Options: see README "bench:eval".
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { EngineName } from '../../src/lib/chat/types';
import type { ArmAggregate } from '../../src/lib/eval/squad';
import { CONTEXT_MODES, type ContextMode } from '../../src/lib/rag/contextModes';
import type { ModelSwap } from '../../src/lib/lab/types';
import type { QuestionSetState } from '../../src/lib/state/QuestionSetState.svelte';
import type { LabState } from '../../src/lib/state/LabState.svelte';
import type { LibraryState } from '../../src/lib/state/LibraryState.svelte';
import { findEvalData } from './evalData';
import { arg, machine, startBench, TEST_MODEL_ID } from './harness';

/** What App.svelte puts on globalThis for benchmarks, and the bench's own run record. */
interface Scope {
  ragtune?: { lab: LabState; questionSets: QuestionSetState; library: LibraryState };
  benchRun?: { done: boolean; error?: string };
}

const TINY_LM = 'ragtune-test/tiny-lm';
const TINY_LM_VARIANT = 'ragtune-test/tiny-lm-variant';
const DEFAULT_DATA = 'scripts/bench/eval/harbour';
const LONG = 6 * 60 * 60 * 1000;

function fail(message: string): never {
  console.error(`bench:eval: ${message}`);
  process.exit(2);
}

function numberArg(name: string): number | undefined {
  const value = arg(name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, not "${value}".`);
  return n;
}

const t0 = performance.now();
const seconds = (from: number) => +((performance.now() - from) / 1000).toFixed(1);
const log = (line: string) => console.error(`[${seconds(t0).toFixed(1)} s] ${line}`);

// --- options -------------------------------------------------------------------------------
const data = findEvalData(arg('data', DEFAULT_DATA)!);
const limit = numberArg('limit');
const engine = arg('engine', 'transformers') as EngineName;
if (engine !== 'transformers' && engine !== 'webllm')
  fail(`--engine is transformers or webllm, not "${engine}".`);
const customModel = arg('model');
const variant = arg('variant');
if (!customModel && (variant || engine === 'webllm'))
  fail('--variant and --engine webllm need --model ID (the base model) too.');
const modelIds = customModel
  ? [customModel, ...(variant ? [variant] : [])]
  : [TINY_LM, TINY_LM_VARIANT];
const modes = (arg('arms', 'none,rag') ?? '').split(',').map((m) => m.trim()) as ContextMode[];
const badMode = modes.find((m) => !CONTEXT_MODES.includes(m));
if (badMode !== undefined || modes.length === 0)
  fail(`--arms takes context modes from ${CONTEXT_MODES.join(', ')}, not "${arg('arms')}".`);
const libraryName = arg('library', 'bench-eval')!;
if (!/^[\w-]{1,40}$/.test(libraryName))
  fail('--library NAME: letters, digits, - and _ (40 at most).');
const maxTokens = numberArg('max-tokens');
const budgetMb = numberArg('budget');
const embedModel = arg('embed-model');
const exportPath = arg('export');
const profile = arg('profile');

// Hosts: a folder is served beside the app, a URL is used as it is; none means the app's default
// (the Hugging Face hub) for a model given by id, the served test models for the tiny ones.
const served: Record<string, string> = {};
function hostFor(value: string | undefined, prefix: string): (base: string) => string | undefined {
  if (value && existsSync(value) && statSync(value).isDirectory()) {
    served[prefix] = value;
    return (base) => `${base}${prefix.slice(1)}`;
  }
  return () => value;
}
const modelHost = customModel
  ? hostFor(arg('model-host'), '/bench-models/')
  : (base: string) => `${base}test-models/`;
const embedHost = embedModel
  ? hostFor(arg('embed-host'), '/bench-embed/')
  : (base: string) => `${base}test-models/`;
if (engine === 'webllm' && arg('model-host'))
  fail('--model-host is for the transformers engine: WebLLM loads its models from its catalog.');

// --- the app ---------------------------------------------------------------------------------
const bench = await startBench(served, profile ? { profile } : {});
const { page, baseUrl } = bench;

/** Calls `read` (which reads the page) every `ms` until `until` says so; `report` sees each reading. */
async function poll<T>(
  read: () => Promise<T>,
  until: (value: T) => boolean,
  report: (value: T) => void = () => {},
  { ms = 1000, timeoutMs = LONG } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    report(value);
    if (until(value)) return value;
    if (Date.now() > end) throw new Error('timed out waiting for the page');
    await new Promise((r) => setTimeout(r, ms));
  }
}

async function ingestJob(start: (p: Page) => Promise<void>, label: string) {
  const before = await page.evaluate(() => (globalThis as Scope).ragtune!.library.jobs.length);
  await start(page);
  let shown = '';
  const job = await poll(
    () =>
      page.evaluate((n) => {
        const { library } = (globalThis as Scope).ragtune!;
        const j = library.jobs.length > n ? library.jobs[0] : undefined;
        return j
          ? {
              running: j.running,
              total: j.files.length,
              finished: j.files.filter((f) => ['done', 'duplicate', 'failed'].includes(f.stage))
                .length,
              failed: [
                ...j.files
                  .filter((f) => f.stage === 'failed')
                  .map((f) => `${f.name}: ${f.message ?? 'failed'}`),
                ...j.rejected.map((r) => `${r.name}: ${r.message}`),
              ],
            }
          : undefined;
      }, before),
    (j) => j !== undefined && !j.running,
    (j) => {
      const line = j ? `${label}: ${j.finished} of ${j.total} documents` : '';
      if (line && line !== shown) log((shown = line));
    },
  );
  for (const f of job?.failed ?? []) log(`not added: ${f}`);
  await page.evaluate(() => (globalThis as Scope).ragtune!.library.refresh());
  return job?.failed.length ?? 0;
}

async function showQuestionSetTab(): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Compare' })
    .click();
  await page.getByRole('tab', { name: 'Question set' }).click();
}

async function webgpuAdapter(): Promise<string | null> {
  return page.evaluate(async () => {
    type Gpu = { requestAdapter(): Promise<{ info?: Record<string, string> } | null> };
    const gpu = (navigator as unknown as { gpu?: Gpu }).gpu;
    const adapter = await gpu?.requestAdapter().catch(() => null);
    if (!adapter) return null;
    const i = adapter.info ?? {};
    return [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ') || 'yes';
  });
}

const pct = (v: number | null) => (v === null ? null : +(100 * v).toFixed(2));
const fixed = (v: number | null, digits = 1) => (v === null ? null : +v.toFixed(digits));

function table(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}

let exitCode = 0;
try {
  const opened = performance.now();
  const params = new URLSearchParams({
    library: libraryName,
    embedModel: embedModel ?? TEST_MODEL_ID,
  });
  const embedAt = embedHost(baseUrl);
  if (embedAt) params.set('modelHost', embedAt);
  if (engine === 'transformers') {
    params.set('generator', modelIds.join(','));
    const at = modelHost(baseUrl);
    if (at) params.set('generatorHost', at);
  }
  log(`opening ${baseUrl}?${params}`);
  await page.goto(`${baseUrl}?${params}`);
  await page.waitForFunction(
    () => {
      const app = (globalThis as Scope).ragtune;
      return (
        app &&
        app.library.ready &&
        app.lab.ready &&
        (app.questionSets.ready || app.questionSets.error)
      );
    },
    undefined,
    { timeout: 120_000 },
  );
  const startError = await page.evaluate(() => {
    const { library, questionSets } = (globalThis as Scope).ragtune!;
    return library.error ?? questionSets.error;
  });
  if (startError) throw new Error(startError);
  let shownModel = '';
  const embedding = await poll(
    () =>
      page.evaluate(() => {
        const m = (globalThis as Scope).ragtune!.library.model;
        return { state: m.state, loaded: m.loadedBytes, total: m.totalBytes, error: m.error };
      }),
    (m) => m.state === 'ready' || m.state === 'error',
    (m) => {
      const line = `embedding model: ${m.state}${m.total ? ` ${Math.round((100 * m.loaded) / m.total)} %` : ''}`;
      if (line !== shownModel) log((shownModel = line));
    },
  );
  if (embedding.state === 'error')
    throw new Error(`The embedding model did not load: ${embedding.error ?? 'no reason given'}`);
  await page.evaluate(() => (globalThis as Scope).ragtune!.library.clear());

  // The set first: a SQuAD or BEIR set brings its own passages as documents.
  const imported = await page.evaluate(
    async ({ files, limit }) => {
      const { questionSets } = (globalThis as Scope).ragtune!;
      await questionSets.importSet(files, limit);
      return {
        error: questionSets.error,
        name: questionSets.set?.name,
        items: questionSets.set?.items.length ?? 0,
        passages: questionSets.setDocuments.length,
        notes: questionSets.setNotes,
      };
    },
    { files: data.questionFiles, limit },
  );
  if (imported.error) throw new Error(imported.error);
  for (const note of imported.notes) log(`set: ${note}`);
  log(`set "${imported.name}": ${imported.items} questions`);

  const ingestStarted = performance.now();
  let failedDocuments = 0;
  if (imported.passages > 0) {
    if (data.documents.length > 0)
      log(
        `the set brings ${imported.passages} passages: ${data.documents.length} file(s) beside it not added`,
      );
    // From the Question set tab, as a person adds them (the Library view, with its list of every
    // document re-rendered as each one lands, is not on screen).
    await showQuestionSetTab();
    failedDocuments = await ingestJob(
      (p) => p.getByRole('button', { name: 'Add them to the library' }).click(),
      "adding the set's passages",
    );
  } else if (data.documents.length > 0) {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Library' })
      .click();
    // Picked in the Library view, then followed from the lab's view like the passages above.
    failedDocuments = await ingestJob(async (p) => {
      await p.getByTestId('file-input').setInputFiles(data.documents);
      await showQuestionSetTab();
    }, 'adding documents');
  } else {
    log('no documents to add: RAG arms will find nothing');
  }
  const ingestS = seconds(ingestStarted);
  const library = await page.evaluate(() => {
    const { library } = (globalThis as Scope).ragtune!;
    return { documents: library.documents.length, chunks: library.totalChunks };
  });
  log(`library: ${library.documents} documents, ${library.chunks} chunks (${ingestS} s)`);

  // The arms, in the lab's view (which also reads WebLLM's menu, for the models' sizes).
  await showQuestionSetTab();
  if (engine === 'webllm') {
    log("reading WebLLM's model menu");
    await poll(
      () =>
        page.evaluate((ids) => {
          const { lab } = (globalThis as Scope).ragtune!;
          return ids.every((id) => lab.menuModel({ engine: 'webllm', id }));
        }, modelIds),
      (found) => found,
      () => {},
      { timeoutMs: 180_000 },
    ).catch(() => {
      throw new Error(
        `WebLLM's menu has no ${modelIds.join(' or ')} (or did not load in 3 minutes).`,
      );
    });
  }
  if (maxTokens !== undefined) {
    await page.getByRole('tab', { name: 'One question' }).click();
    await page.getByTestId('decoding-button').click();
    await page.getByTestId('max-tokens').fill(String(Math.round(maxTokens)));
    await page.keyboard.press('Escape');
    await showQuestionSetTab();
  }
  const plan = await page.evaluate(
    ({ engine, ids, modes, budgetMb }) => {
      const { lab } = (globalThis as Scope).ragtune!;
      lab.setArms(
        ids.flatMap((id) =>
          modes.map((context) => ({ model: lab.toArmModel({ engine, id }), context })),
        ),
      );
      if (budgetMb !== undefined) lab.setBudget(budgetMb);
      return lab.plan;
    },
    { engine, ids: modelIds, modes, budgetMb },
  );
  log(`plan: ${plan.reason}`);

  // The run: questionSets.create saves the experiment and runs it to the end (or to a pause).
  const runStarted = performance.now();
  await page.evaluate((name) => {
    const scope = globalThis as Scope;
    const run: NonNullable<Scope['benchRun']> = { done: false };
    scope.benchRun = run;
    scope.ragtune!.questionSets.create(name).then(
      () => (run.done = true),
      (e: unknown) => {
        run.error = String(e);
        run.done = true;
      },
    );
  }, `bench:eval ${data.name}`);
  let shownStep = '';
  const finished = await poll(
    () =>
      page.evaluate(() => {
        const scope = globalThis as Scope;
        const { progress: p, modelLoads } = scope.ragtune!.questionSets;
        return {
          done: scope.benchRun!.done,
          error: scope.benchRun!.error,
          progress: p ? { done: p.done, total: p.total, current: p.current } : undefined,
          loads: Object.entries(modelLoads)
            .filter(([, l]) => l.fraction < 1)
            .map(([key, l]) => `loading ${key}: ${Math.round(100 * l.fraction)} % ${l.text}`),
        };
      }),
    (s) => s.done,
    (s) => {
      const p = s.progress;
      if (!p) return;
      const step = [
        `answered ${p.done} of ${p.total}${p.current ? `; now ${p.current.armKey} on ${p.current.itemId}` : ''}`,
        ...s.loads,
      ].join('\n  ');
      if (step !== shownStep) log((shownStep = step));
    },
  );
  if (finished.error) throw new Error(finished.error);
  const runS = seconds(runStarted);

  const outcome = await page.evaluate(() => {
    const { questionSets } = (globalThis as Scope).ragtune!;
    const e = questionSets.current;
    const summary: ArmAggregate[] = questionSets.summary;
    return {
      status: e?.status,
      questions: e?.set.items.length ?? 0,
      decoding: e?.decoding,
      search: e?.search,
      embeddingModel: e?.embeddingModel,
      error: questionSets.error,
      progress: questionSets.progress,
      // The engine's own id of the model that answered (no named helpers in here: tsx would
      // wrap them in a __name() the page does not have).
      summary: summary.map((a) => ({
        ...a,
        modelId: questionSets.results.find((r) => r.armKey === a.armKey && !r.answer.error)?.answer
          .modelId,
      })),
      exported: questionSets.exportJson()?.text,
    };
  });
  if (!outcome.status) throw new Error('The experiment did not start (no set, arms or store).');
  if (exportPath && outcome.exported) {
    writeFileSync(resolve(exportPath), outcome.exported);
    log(`experiment written to ${exportPath} (the app's Import experiment reads it)`);
  }

  const arms = outcome.summary.map((a) => ({
    arm: a.armKey,
    answers: a.count,
    exact_match: pct(a.exactMatch),
    f1: pct(a.f1),
    contained: pct(a.contained),
    hit: pct(a.hit),
    recall: pct(a.recall),
    prompt_tokens: fixed(a.promptTokens),
    ttft_ms: fixed(a.ttftMs),
    decode_tokens_per_s: fixed(a.decodeTokensPerS),
    total_ms: fixed(a.totalMs),
    errors: a.errors,
    ...(a.modelId && !a.armKey.includes(`:${a.modelId}|`) ? { answered_by: a.modelId } : {}),
  }));
  const swaps: ModelSwap[] = outcome.progress?.swaps ?? [];
  const failures = outcome.progress?.failures ?? [];
  console.log(
    table(
      arms.map((a) => ({
        arm: a.arm.replace(/^[a-z]+:/, ''),
        n: a.answers,
        EM: a.exact_match,
        F1: a.f1,
        contained: a.contained,
        hit: a.hit,
        recall: a.recall,
        'prompt tok': a.prompt_tokens,
        'TTFT ms': a.ttft_ms,
        'tok/s': a.decode_tokens_per_s,
        'total ms': a.total_ms,
        errors: a.errors,
      })),
    ),
  );
  for (const f of failures) console.log(`model failed to load: ${f.modelKey}: ${f.error}`);
  if (outcome.status !== 'done' || failures.length > 0) exitCode = 1;
  console.log(
    JSON.stringify({
      machine: { ...machine(), webgpu: await webgpuAdapter() },
      dataset: data.name,
      questions: outcome.questions,
      documents: library.documents,
      documents_failed: failedDocuments,
      chunks: library.chunks,
      engine,
      models: modelIds,
      embed_model: outcome.embeddingModel,
      search: outcome.search,
      decoding: outcome.decoding,
      plan: plan.waves,
      arms,
      model_loads: swaps.map((s) => ({
        model: s.modelKey,
        ms: Math.round(s.ms),
        ...(s.reused ? { reused: true } : {}),
        ...(s.error ? { error: s.error } : {}),
      })),
      status: outcome.status,
      ...(failures.length > 0 ? { failures } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      ingest_s: ingestS,
      run_s: runS,
      wall_s: seconds(opened),
    }),
  );
} catch (error) {
  console.error(`bench:eval failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await bench.close();
}
process.exit(exitCode);
