// runComparison with stand-in engines and the real engine pool: one retrieval for every arm, kept
// with the comparison (a resume reuses it and searches nothing), each column's phases and streamed
// text, answers recorded in arm order whatever finishes first, and a failed load recorded as a
// swap with an error for every arm of that model.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DECODING } from '../../../src/lib/generate/decoding';
import { EnginePool } from '../../../src/lib/lab/enginePool';
import { planRun } from '../../../src/lib/lab/plan';
import { runComparison, type ArmPhase } from '../../../src/lib/lab/runComparison';
import type { LibraryAccess } from '../../../src/lib/lab/sharedContext';
import { armKey, modelKey, type Arm, type Comparison } from '../../../src/lib/lab/types';
import type { SearchResponse } from '../../../src/lib/library/protocol';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { PER_DIEM } from '../rag/hits';
import { CODER, QWEN, arm } from './arms';
import { fakeEngines } from './fakeEngines';

const ARMS = [arm(QWEN, 'none'), arm(QWEN, 'rag'), arm(CODER, 'rag')];

function comparison(extra: Partial<Comparison> = {}): Comparison {
  return {
    id: 'c1',
    question: 'What is the daily meal allowance?',
    createdAt: 0,
    updatedAt: 0,
    arms: ARMS,
    decoding: DEFAULT_DECODING,
    search: DEFAULT_SETTINGS.search,
    answers: [],
    swaps: [],
    ...extra,
  };
}

function setup(failLoad?: (id: string) => unknown) {
  const fake = fakeEngines({
    ...(failLoad ? { failLoad } : {}),
    generate: async (loadedId, request, onToken) => {
      const sources = request.messages.some((m) => m.content.includes('62 euros'));
      const text = `${loadedId} ${sources ? 'read the sources' : 'answers alone'}.`;
      onToken(text.slice(0, 4));
      onToken(text.slice(4));
      return {
        text,
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
    },
  });
  const search = vi.fn(async (): Promise<SearchResponse> => ({
    hits: [PER_DIEM],
    mode: 'hybrid',
    timings: { embedMs: 0, keywordMs: 0, vectorMs: 0, fuseMs: 0, rerankMs: 0, totalMs: 0 },
  }));
  const library: LibraryAccess = { search, getDocument: async () => undefined };
  const pool = new EnginePool({ createEngine: fake.createEngine });
  return { fake, search, library, pool };
}

async function run(start: Comparison, arms: Arm[], deps: ReturnType<typeof setup>) {
  let latest = start;
  const phases: Record<string, ArmPhase[]> = {};
  const texts: Record<string, string> = {};
  const progress: string[] = [];
  await runComparison(start, arms, {
    pool: deps.pool,
    library: deps.library,
    documents: [],
    plan: planRun(arms, new Map(), { budgetMb: 4096 }),
    signal: new AbortController().signal,
    update: async (change) => {
      latest = change(latest);
    },
    onPhase: (key, phase) => (phases[key] ??= []).push(phase),
    onLoadProgress: (key) => progress.push(key),
    onToken: (key, text) => (texts[key] = (texts[key] ?? '') + text),
  });
  return { latest, phases, texts, progress };
}

describe('runComparison', () => {
  it('retrieves once, streams every column through its phases and records answers in arm order', async () => {
    const deps = setup();
    // CODER's arm is handed first, so it answers first: the record keeps the comparison's order.
    const handed = [ARMS[2]!, ARMS[0]!, ARMS[1]!];
    const { latest, phases, texts, progress } = await run(comparison(), handed, deps);
    expect(deps.search).toHaveBeenCalledTimes(1);
    expect(latest.retrieved?.hits.map((h) => h.chunkId)).toEqual([PER_DIEM.chunkId]);
    expect(latest.answers.map((a) => a.armKey)).toEqual(ARMS.map(armKey));
    expect(latest.answers.map((a) => a.text)).toEqual([
      `${QWEN.id} answers alone.`,
      `${QWEN.id} read the sources.`,
      `${CODER.id} read the sources.`,
    ]);
    expect(latest.answers.every((a) => typeof a.finishedAt === 'number')).toBe(true);
    expect(latest.swaps.map((s) => s.modelKey)).toEqual([modelKey(CODER), modelKey(QWEN)]);
    for (const a of ARMS) {
      expect(phases[armKey(a)]).toEqual(['loading', 'preparing', 'generating', 'done']);
    }
    expect(texts).toEqual(Object.fromEntries(latest.answers.map((a) => [a.armKey, a.text])));
    expect(progress).toEqual(handed.map(armKey)); // each arm hears its model's load progress
  });

  it('a resume gives its arms the saved retrieval and searches nothing', async () => {
    const deps = setup();
    const saved = { hits: [PER_DIEM], retrievalMs: 12 };
    const first = await run(comparison({ retrieved: saved }), ARMS.slice(2), deps);
    expect(deps.search).not.toHaveBeenCalled();
    expect(first.latest.retrieved).toBe(saved);
    expect(first.latest.answers.map((a) => [a.armKey, a.text])).toEqual([
      [armKey(ARMS[2]!), `${CODER.id} read the sources.`],
    ]);
    expect(first.latest.answers[0]!.prepareMs).toBeGreaterThanOrEqual(12);
  });

  it('records a failed load as a swap with its error and an error answer for each of its arms', async () => {
    const deps = setup((id) => (id === QWEN.id ? new Error('No WebGPU here.') : undefined));
    const { latest, phases } = await run(comparison(), ARMS, deps);
    expect(latest.swaps.map((s) => [s.modelKey, s.error])).toEqual([
      [modelKey(QWEN), 'No WebGPU here.'],
      [modelKey(CODER), undefined],
    ]);
    expect(latest.answers.map((a) => [a.armKey, a.error, a.text])).toEqual([
      [armKey(ARMS[0]!), 'No WebGPU here.', ''],
      [armKey(ARMS[1]!), 'No WebGPU here.', ''],
      [armKey(ARMS[2]!), undefined, `${CODER.id} read the sources.`],
    ]);
    expect(phases[armKey(ARMS[0]!)]).toEqual(['loading', 'done']);
  });
});
