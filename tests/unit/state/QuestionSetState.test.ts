// QuestionSetState with stand-in engines and library and the real ExperimentStore on fake-indexeddb: a
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
import { QuestionSetState } from '../../../src/lib/state/QuestionSetState.svelte';
import { LabState } from '../../../src/lib/state/LabState.svelte';
import type { LibraryState } from '../../../src/lib/state/LibraryState.svelte';
import type { ModelsState } from '../../../src/lib/state/ModelsState.svelte';
import { PER_DIEM } from '../rag/hits';
import { uniqueDbName } from '../store/fixtures';
import { arm, QWEN, TINY } from '../lab/arms';
import { fakeEngines } from '../lab/fakeEngines';
import { statsOf } from '../generate/fakeAnswer';

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
        stats: statsOf(loadedId, { promptTokens: 10, completionTokens: 4, timingSource: 'client' }),
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
    lending: { resident: [], lend: () => undefined },
    modelFacts: () => ({ engine: 'transformers.js', host: 'http://test/' }),
  } as unknown as ModelsState;
  const generation = new GenerationSettings();
  const lab = new LabState(library, models, generation);
  states.push({ lab });
  const name = uniqueDbName();
  await lab.start(name);
  lab.setArms([arm(TINY, 'none'), arm(TINY, 'rag'), arm(QWEN, 'rag')]);
  const questionSets = new QuestionSetState(library, lab, generation);
  await questionSets.start(name);
  await questionSets.importSet([{ path: 'travel.jsonl', text: SET }]);
  expect(questionSets.error).toBeUndefined();
  return { questionSets, lab, name, library, generation };
}

describe('QuestionSetState', () => {
  it('runs every question × arm once, scores it, and records the models and documents', async () => {
    const { questionSets } = await setup();
    await questionSets.create();
    expect(questionSets.current?.status).toBe('done');
    expect(questionSets.results).toHaveLength(9);
    expect(new Set(questionSets.results.map((r) => `${r.itemId}|${r.armKey}`)).size).toBe(9);
    const rag = questionSets.summary.find((a) => a.armKey === `transformers:${TINY.id}|rag`);
    // "It is 62 euros." against "62 euros": contained on q a only; hit on the one item with a gold doc.
    expect(rag?.contained).toBeCloseTo(1 / 3);
    expect(rag?.hit).toBe(1);
    expect(questionSets.current?.models?.map((m) => m.modelKey)).toEqual([
      `transformers:${TINY.id}`,
      `webllm:${QWEN.id}`,
    ]);
    expect(questionSets.current?.documents).toEqual([
      { id: 'd1', name: 'policy.md', contentHash: 'h1' },
    ]);
  });

  it('takes its decoding from the settings shared with the lab: refused alike, recorded as set', async () => {
    const { questionSets, lab, generation } = await setup();
    generation.decoding.temperature = 5;
    await questionSets.create();
    expect(questionSets.current).toBeUndefined();
    expect(questionSets.error).toBe(generation.error);
    lab.question = 'What is the daily meal allowance?';
    await lab.run();
    expect(lab.current).toBeUndefined();
    expect(lab.error).toBe(generation.error);
    generation.decoding.temperature = 0.7;
    generation.decoding.seed = 7;
    await questionSets.create();
    expect(questionSets.current?.decoding).toEqual({
      ...DEFAULT_DECODING,
      temperature: 0.7,
      seed: 7,
    });
  });

  it('pauses with what finished saved, and a resume completes it without duplicates', async () => {
    // The pause is pressed while the third answer is being written: no race with a timer.
    let pause = () => {};
    const { questionSets } = await setup((n) => n === 3 && pause());
    pause = () => questionSets.pause();
    const running = questionSets.create();
    await running;
    expect(questionSets.current?.status).toBe('paused');
    // The two finished answers are kept; the one the pause stopped is not saved half-done.
    expect(questionSets.results).toHaveLength(2);
    await questionSets.run();
    expect(questionSets.current?.status).toBe('done');
    expect(questionSets.results).toHaveLength(9);
    expect(new Set(questionSets.results.map((r) => `${r.itemId}|${r.armKey}`)).size).toBe(9);
  });

  it('opens a run that a closed tab left "running" as paused', async () => {
    const { questionSets, name, library, lab } = await setup();
    await questionSets.create();
    const store = await openExperimentStore(name);
    await store.save({ ...questionSets.current!, status: 'running' });
    store.close();
    const again = new QuestionSetState(library, lab, new GenerationSettings());
    await again.start(name);
    expect(again.experiments.map((e) => e.status)).toEqual(['paused']);
  });

  it('imports an exported experiment under a new id with the same results and names missing documents', async () => {
    const { questionSets, library } = await setup();
    await questionSets.create();
    const exported = questionSets.exportJson()!;
    const originalId = questionSets.current!.id;
    (library as unknown as { documents: unknown[] }).documents = [];
    await questionSets.importExperiment(exported.text, exported.name);
    expect(questionSets.error).toBeUndefined();
    expect(questionSets.current?.id).not.toBe(originalId);
    expect(questionSets.current?.name).toMatch(/\(imported\)$/);
    expect(questionSets.current?.status).toBe('done');
    expect(questionSets.results).toHaveLength(9);
    expect(questionSets.results.every((r) => r.experimentId === questionSets.current?.id)).toBe(
      true,
    );
    expect(questionSets.notice).toMatch(/1 of the 1 documents .*policy\.md/);
    expect(questionSets.experiments).toHaveLength(2);
  });
});
