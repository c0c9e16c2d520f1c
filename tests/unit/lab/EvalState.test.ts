// EvalState with stand-in engines and library and the real ExperimentStore on fake-indexeddb: a
// set runs to the end with one result per question × arm; a pause keeps what finished and a resume
// completes it without duplicates; a run left "running" by a closed tab opens paused; an exported
// experiment imports under a new id with the same results, saying which documents are missing.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GenerationResult } from '../../../src/lib/generate/Generator';
import { openExperimentStore } from '../../../src/lib/lab/ExperimentStore';
import type { SearchResponse } from '../../../src/lib/library/protocol';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { DEFAULT_DECODING } from '../../../src/lib/generate/decoding';
import { GenerationSettings } from '../../../src/lib/state/GenerationSettings.svelte';
import { EvalState } from '../../../src/lib/state/EvalState.svelte';
import { LabState } from '../../../src/lib/state/LabState.svelte';
import type { LibraryState } from '../../../src/lib/state/LibraryState.svelte';
import type { ModelsState } from '../../../src/lib/state/ModelsState.svelte';
import { PER_DIEM } from '../rag/hits';
import { uniqueDbName } from '../store/fixtures';
import { arm, QWEN, TINY } from './arms';
import { fakeEngines } from './fakeEngines';

const SET = [
  { id: 'a', question: 'What is the per diem?', answers: ['62 euros'], doc: 'policy.md' },
  { id: 'b', question: 'Who pays?', answers: ['the company'] },
  { id: 'c', question: 'When?', answers: ['monthly'] },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

const states: { lab: LabState }[] = [];
afterEach(() => {
  for (const s of states.splice(0)) s.lab.dispose();
});

/** Engines that answer "62 euros"; `during(n)` runs inside the n-th answer (a pause lands there). */
async function setup(during: (n: number) => void = () => {}) {
  let answers = 0;
  const fake = fakeEngines({
    generate: async (loadedId, _request, onToken, signal): Promise<GenerationResult> => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      during(++answers);
      const stopped = signal?.aborted ?? false;
      const text = stopped ? '' : 'It is 62 euros.';
      if (text) onToken(text);
      return {
        text,
        stopped,
        stats: {
          promptTokens: 10,
          completionTokens: 4,
          timeToFirstTokenMs: 1,
          prefillTokensPerS: 1,
          decodeTokensPerS: 1,
          totalMs: 1,
          modelId: loadedId,
          timingSource: 'client',
        },
      };
    },
  });
  const search = vi.fn(async (): Promise<SearchResponse> => ({
    hits: [{ ...PER_DIEM, docName: 'policy.md' }],
    mode: 'hybrid',
    timings: { embedMs: 0, keywordMs: 0, vectorMs: 0, fuseMs: 0, rerankMs: 0, totalMs: 0 },
  }));
  const library = {
    access: { search, getDocument: async () => undefined },
    documents: [{ id: 'd1', name: 'policy.md', contentHash: 'h1' }],
    settings: DEFAULT_SETTINGS,
  } as unknown as LibraryState;
  const models = {
    families: [],
    selected: { engine: 'transformers', id: TINY.id },
    createEngine: fake.createEngine,
    unavailable: () => undefined,
    resident: [],
    lend: () => undefined,
    modelFacts: () => ({ engine: 'transformers.js', host: 'http://test/' }),
  } as unknown as ModelsState;
  const generation = new GenerationSettings();
  const lab = new LabState(library, models, generation);
  states.push({ lab });
  const name = uniqueDbName();
  await lab.start(name);
  lab.setArms([arm(TINY, 'none'), arm(TINY, 'rag'), arm(QWEN, 'rag')]);
  const evals = new EvalState(library, lab, generation);
  await evals.start(name);
  await evals.importSet([{ path: 'travel.jsonl', text: SET }]);
  expect(evals.error).toBeUndefined();
  return { evals, lab, name, library, generation };
}

describe('EvalState', () => {
  it('runs every question × arm once, scores it, and records the models and documents', async () => {
    const { evals } = await setup();
    await evals.create();
    expect(evals.current?.status).toBe('done');
    expect(evals.results).toHaveLength(9);
    expect(new Set(evals.results.map((r) => `${r.itemId}|${r.armKey}`)).size).toBe(9);
    const rag = evals.summary.find((a) => a.armKey === `transformers:${TINY.id}|rag`);
    // "It is 62 euros." against "62 euros": contained on q a only; hit on the one item with a gold doc.
    expect(rag?.contained).toBeCloseTo(1 / 3);
    expect(rag?.hit).toBe(1);
    expect(evals.current?.models?.map((m) => m.modelKey)).toEqual([
      `transformers:${TINY.id}`,
      `webllm:${QWEN.id}`,
    ]);
    expect(evals.current?.documents).toEqual([{ id: 'd1', name: 'policy.md', contentHash: 'h1' }]);
  });

  it('takes its decoding from the settings shared with the lab: refused alike, recorded as set', async () => {
    const { evals, lab, generation } = await setup();
    generation.decoding.temperature = 5;
    await evals.create();
    expect(evals.current).toBeUndefined();
    expect(evals.error).toBe(generation.error);
    lab.question = 'What is the daily meal allowance?';
    await lab.run();
    expect(lab.current).toBeUndefined();
    expect(lab.error).toBe(generation.error);
    generation.decoding.temperature = 0.7;
    generation.decoding.seed = 7;
    await evals.create();
    expect(evals.current?.decoding).toEqual({ ...DEFAULT_DECODING, temperature: 0.7, seed: 7 });
  });

  it('pauses with what finished saved, and a resume completes it without duplicates', async () => {
    // The pause is pressed while the third answer is being written: no race with a timer.
    let pause = () => {};
    const { evals } = await setup((n) => n === 3 && pause());
    pause = () => evals.pause();
    const running = evals.create();
    await running;
    expect(evals.current?.status).toBe('paused');
    // The two finished answers are kept; the one the pause stopped is not saved half-done.
    expect(evals.results).toHaveLength(2);
    await evals.run();
    expect(evals.current?.status).toBe('done');
    expect(evals.results).toHaveLength(9);
    expect(new Set(evals.results.map((r) => `${r.itemId}|${r.armKey}`)).size).toBe(9);
  });

  it('opens a run that a closed tab left "running" as paused', async () => {
    const { evals, name, library, lab } = await setup();
    await evals.create();
    const store = await openExperimentStore(name);
    await store.save({ ...evals.current!, status: 'running' });
    store.close();
    const again = new EvalState(library, lab, new GenerationSettings());
    await again.start(name);
    expect(again.experiments.map((e) => e.status)).toEqual(['paused']);
  });

  it('imports an exported experiment under a new id with the same results and names missing documents', async () => {
    const { evals, library } = await setup();
    await evals.create();
    const exported = evals.exportJson()!;
    const originalId = evals.current!.id;
    (library as unknown as { documents: unknown[] }).documents = [];
    await evals.importExperiment(exported.text, exported.name);
    expect(evals.error).toBeUndefined();
    expect(evals.current?.id).not.toBe(originalId);
    expect(evals.current?.name).toMatch(/\(imported\)$/);
    expect(evals.current?.status).toBe('done');
    expect(evals.results).toHaveLength(9);
    expect(evals.results.every((r) => r.experimentId === evals.current?.id)).toBe(true);
    expect(evals.notice).toMatch(/1 of the 1 documents .*policy\.md/);
    expect(evals.experiments).toHaveLength(2);
  });
});
