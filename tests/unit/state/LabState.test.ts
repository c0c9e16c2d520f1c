// LabState running a question across arms with stand-in engines and library, and the real
// ComparisonStore on fake-indexeddb: every answer and swap saved when models of one wave finish
// or fail together, waves that free the previous wave's models first, stop, and blind votes.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GenerationResult } from '../../../src/lib/generate/Generator';
import { openComparisonStore } from '../../../src/lib/lab/ComparisonStore';
import { armKey, modelKey, type ArmModel, type Comparison } from '../../../src/lib/lab/types';
import type { SearchResponse } from '../../../src/lib/library/protocol';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { GenerationSettings } from '../../../src/lib/state/GenerationSettings.svelte';
import { LabState } from '../../../src/lib/state/LabState.svelte';
import type { LibraryState } from '../../../src/lib/state/LibraryState.svelte';
import type { ModelsState } from '../../../src/lib/state/ModelsState.svelte';
import { DEFAULT_DECODING } from '../../../src/lib/generate/decoding';
import type { MenuFamily, MenuModel } from '../../../src/lib/generate/modelMenu';
import { PER_DIEM } from '../rag/hits';
import { uniqueDbName } from '../store/fixtures';
import { arm, CODER, LLAMA, QWEN } from '../lab/arms';
import { fakeEngines, type FakeEngineOptions } from '../lab/fakeEngines';

const menu = (model: ArmModel, memoryMb: number, isBase: boolean): MenuModel => ({
  engine: model.engine,
  id: model.id,
  name: model.id.split('-q4')[0]!,
  isBase,
  memoryMb,
  facts: { base: 'Qwen2.5', tuning: 'base', tunedFor: 'chat', licence: 'Apache-2.0' },
});

const FAMILIES: MenuFamily[] = [
  {
    engine: 'webllm',
    name: 'Qwen2.5 0.5B',
    models: [menu(QWEN, 1000, true), menu(CODER, 1000, false)],
  },
  { engine: 'webllm', name: 'Llama 3.2', models: [menu(LLAMA, 1000, true)] },
];

/** What WebLLM loads for a requested id: its q4f32 twin, so labels must follow the engine. */
const twin = (id: string) => id.replace('q4f16', 'q4f32');

/** Each engine answers after a tick, naming the model it loaded. */
async function answerAs(loadedId: string): Promise<GenerationResult> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return {
    text: `${loadedId} answers.`,
    stopped: false,
    stats: {
      promptTokens: 10,
      completionTokens: 3,
      timeToFirstTokenMs: 1,
      prefillTokensPerS: 100,
      decodeTokensPerS: 10,
      totalMs: 2,
      modelId: loadedId,
      timingSource: 'engine',
    },
  };
}

const labs: LabState[] = [];
afterEach(() => {
  for (const lab of labs.splice(0)) lab.dispose();
});

async function setup(
  options: FakeEngineOptions = {},
  unavailable?: (model: ArmModel) => { code: 'webgpu-unavailable'; reason: string } | undefined,
) {
  const fake = fakeEngines({
    loadedAs: twin,
    generate: async (loadedId, _request, onToken) => {
      const result = await answerAs(loadedId);
      onToken(result.text);
      return result;
    },
    ...options,
  });
  const search = vi.fn(async (): Promise<SearchResponse> => ({
    hits: [PER_DIEM],
    mode: 'hybrid',
    timings: { embedMs: 0, keywordMs: 0, vectorMs: 0, fuseMs: 0, rerankMs: 0, totalMs: 0 },
  }));
  const library = {
    access: { search, getDocument: async () => undefined },
    documents: [],
    settings: DEFAULT_SETTINGS,
  } as unknown as LibraryState;
  const models = {
    families: FAMILIES,
    selected: { engine: 'webllm', id: QWEN.id },
    createEngine: fake.createEngine,
    unavailable: unavailable ?? (() => undefined),
    lending: { resident: [], lend: () => undefined },
  } as unknown as ModelsState;
  const generation = new GenerationSettings({ ...DEFAULT_DECODING, maxTokens: 32 });
  const lab = new LabState(library, models, generation);
  labs.push(lab);
  const name = uniqueDbName();
  await lab.start(name);
  expect(lab.ready).toBe(true);
  lab.question = 'What is the daily meal allowance?';
  /** The comparison as the database holds it now. */
  const stored = async (): Promise<Comparison | undefined> => {
    const store = await openComparisonStore(name);
    try {
      return await store.get(lab.current!.id);
    } finally {
      store.close();
    }
  };
  return { lab, fake, search, stored };
}

describe('LabState.run', () => {
  it('saves every answer and swap when the models of one wave fail together', async () => {
    const { lab, fake, stored } = await setup({}, (model) =>
      model.engine === 'webllm'
        ? { code: 'webgpu-unavailable', reason: 'No WebGPU here.' }
        : undefined,
    );
    const arms = [arm(QWEN, 'none'), arm(CODER, 'none'), arm(LLAMA, 'none'), arm(QWEN, 'rag')];
    lab.setArms(arms);
    expect(lab.plan.waves).toHaveLength(1);
    await lab.run();
    expect(fake.engines).toEqual([]);
    const saved = await stored();
    expect(saved?.answers.map((a) => [a.armKey, a.error])).toEqual(
      arms.map((a) => [armKey(a), 'No WebGPU here.']),
    );
    expect(saved?.swaps.map((s) => [s.modelKey, s.error])).toEqual(
      [QWEN, CODER, LLAMA].map((m) => [modelKey(m), 'No WebGPU here.']),
    );
    expect(lab.current?.answers).toHaveLength(4);
    expect(lab.error).toBeUndefined();
    expect(lab.running).toBe(false);
  });

  it('runs the models of one wave side by side and saves every answer in arm order', async () => {
    const { lab, fake, search, stored } = await setup();
    lab.useDefaultGrid();
    const keys = [
      armKey(arm(QWEN, 'none')),
      armKey(arm(QWEN, 'rag')),
      armKey(arm(CODER, 'none')),
      armKey(arm(CODER, 'rag')),
    ];
    expect(lab.arms.map(armKey)).toEqual(keys);
    expect(lab.plan.waves).toEqual([[modelKey(QWEN), modelKey(CODER)]]);
    await lab.run();
    expect(search).toHaveBeenCalledTimes(1);
    expect(fake.engines).toHaveLength(2);
    const saved = await stored();
    expect(saved?.answers.map((a) => a.armKey)).toEqual(keys);
    // Each answer names the model its engine loaded and says answered, not the arm's pick.
    expect(saved?.answers.map((a) => a.modelId)).toEqual([
      twin(QWEN.id),
      twin(QWEN.id),
      twin(CODER.id),
      twin(CODER.id),
    ]);
    expect(saved?.answers.map((a) => a.text)).toEqual(
      [QWEN, QWEN, CODER, CODER].map((m) => `${twin(m.id)} answers.`),
    );
    expect(saved?.answers[1]?.sources.map((s) => s.chunkId)).toEqual([PER_DIEM.chunkId]);
    expect(saved?.swaps.map((s) => s.modelKey).sort()).toEqual(
      [modelKey(QWEN), modelKey(CODER)].sort(),
    );
    expect(Object.values(lab.live).map((l) => [l.phase, l.text])).toEqual(
      [QWEN, QWEN, CODER, CODER].map((m) => ['done', `${twin(m.id)} answers.`]),
    );
    expect(lab.history.map((h) => h.id)).toEqual([saved?.id]);
  });

  it('frees the first wave’s model before the next wave loads', async () => {
    const { lab, fake, stored } = await setup();
    lab.useDefaultGrid();
    lab.setBudget(1500);
    expect(lab.plan.waves).toEqual([[modelKey(QWEN)], [modelKey(CODER)]]);
    await lab.run();
    expect(fake.log).toEqual([
      'create webllm #1',
      `load #1 ${QWEN.id}`,
      'generate #1',
      'generate #1',
      'unload #1',
      'terminate #1',
      'create webllm #2',
      `load #2 ${CODER.id}`,
      'generate #2',
      'generate #2',
    ]);
    expect((await stored())?.answers).toHaveLength(4);
  });

  it('stops during a load: the loading arms end stopped and later waves never start', async () => {
    const { lab, fake, stored } = await setup({ manual: true });
    lab.useDefaultGrid();
    lab.setBudget(1500);
    const running = lab.run();
    await vi.waitFor(() => expect(fake.loading).toEqual([QWEN.id]));
    lab.stop();
    await running;
    const saved = await stored();
    expect(saved?.answers.map((a) => [a.armKey, a.stopped, a.error])).toEqual([
      [armKey(arm(QWEN, 'none')), true, undefined],
      [armKey(arm(QWEN, 'rag')), true, undefined],
    ]);
    expect(fake.log.filter((line) => line.startsWith('create'))).toEqual(['create webllm #1']);
    expect(lab.error).toBeUndefined();
  });
});

describe('LabState blind mode', () => {
  it('shows the arms in a shuffled order, then records the vote and reveals', async () => {
    const { lab, stored } = await setup();
    lab.useDefaultGrid();
    lab.blind = true;
    await lab.run();
    const order = lab.current?.blind?.order ?? [];
    expect([...order].sort()).toEqual(lab.arms.map(armKey).sort());
    expect(lab.current?.blind?.revealed).toBe(false);
    const pick = order[2]!;
    await lab.vote(pick);
    expect((await stored())?.blind).toEqual({ order, vote: pick, revealed: true });
    expect(lab.tally.find((t) => t.armKey === pick)).toMatchObject({ wins: 1, shown: 1 });
    expect(lab.tally.reduce((sum, t) => sum + t.wins, 0)).toBe(1);
    expect(lab.tally[0]!.armKey).toBe(pick);
    // One judgement per comparison: neither a second vote nor a tie changes it.
    await lab.vote(order[0]!);
    await lab.judge('tie');
    expect((await stored())?.blind).toEqual({ order, vote: pick, revealed: true });
  });

  it('a tie or "all bad" reveals the labels and counts as a draw for every arm', async () => {
    const { lab, stored } = await setup();
    lab.useDefaultGrid();
    lab.blind = true;
    await lab.run();
    await lab.judge('all-bad');
    expect((await stored())?.blind).toMatchObject({ outcome: 'all-bad', revealed: true });
    expect(lab.tally.every((t) => t.ties === 1 && t.wins === 0 && t.rating === 1000)).toBe(true);
  });
});
