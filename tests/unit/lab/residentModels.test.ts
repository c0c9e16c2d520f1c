// One copy of a model on the GPU: the plan counts the chat's resident model against the budget,
// and the pool borrows the chat's engine for that model instead of loading a second copy.
import { describe, expect, it, vi } from 'vitest';
import { unwatched } from '../../../src/lib/generate/modelLost';
import { EnginePool } from '../../../src/lib/lab/enginePool';
import { planRun } from '../../../src/lib/lab/plan';
import { modelKey, type ArmModel } from '../../../src/lib/lab/types';
import { arm, CODER, LLAMA, QWEN } from './arms';
import { fakeEngines } from './fakeEngines';
import { answerOf } from '../generate/fakeAnswer';

const needs = (entries: [ArmModel, number][]) =>
  new Map(entries.map(([m, mb]) => [modelKey(m), mb] as const));

describe('planRun with models resident in the chat', () => {
  it('takes the chat’s model off the budget, so the arms no longer fit together', () => {
    const arms = [arm(QWEN), arm(CODER)];
    const sizes = needs([
      [QWEN, 2000],
      [CODER, 2000],
    ]);
    expect(planRun(arms, sizes, { budgetMb: 6000 }).waves).toHaveLength(1);
    const plan = planRun(arms, sizes, {
      budgetMb: 6000,
      resident: [{ key: modelKey(LLAMA), mb: 5000 }],
    });
    expect(plan.waves).toEqual([[modelKey(QWEN)], [modelKey(CODER)]]);
    expect(plan.budgetMb).toBe(1000);
    expect(plan.reason).toMatch(/stays loaded for the chat/);
  });

  it('does not count a resident model the arms use (it is shared, not loaded again)', () => {
    const arms = [arm(QWEN), arm(CODER)];
    const sizes = needs([
      [QWEN, 2000],
      [CODER, 2000],
    ]);
    const plan = planRun(arms, sizes, {
      budgetMb: 4000,
      resident: [{ key: modelKey(QWEN), mb: 2000 }],
    });
    expect(plan.waves).toHaveLength(1);
    expect(plan.budgetMb).toBe(4000);
  });
});

describe('EnginePool borrowing the chat’s model', () => {
  it('uses the lent engine, loads nothing, and gives it back instead of ending it', async () => {
    const fake = fakeEngines();
    const chatEngine = fake.createEngine('webllm');
    const release = vi.fn();
    const info = {
      engine: 'webllm' as const,
      requestedId: QWEN.id,
      modelId: QWEN.id,
      contextWindow: 2048,
      countTokens: () => 1,
      warnings: [],
    };
    const createEngine = vi.fn(fake.createEngine);
    const pool = new EnginePool({
      createEngine,
      borrow: (m) =>
        m.id === QWEN.id ? { ready: { client: chatEngine, info }, release } : undefined,
    });
    const { ready, swap } = await pool.acquire(QWEN, () => {});
    expect(unwatched(ready.client)).toBe(chatEngine);
    expect(swap).toMatchObject({ ms: 0, reused: true });
    expect(createEngine).not.toHaveBeenCalled();
    await pool.releaseExcept([]);
    expect(release).toHaveBeenCalledTimes(1);
    expect(chatEngine.terminated).toBe(false);
    expect(fake.log).not.toContain('unload #1');
  });
});

describe('EnginePool.release (before the chat loads the model)', () => {
  it('frees an idle lab copy, but never one that is answering', async () => {
    let finish: () => void = () => {};
    const fake = fakeEngines({
      generate: (id) =>
        new Promise((resolve) => {
          finish = () => resolve(answerOf(id));
        }),
    });
    const pool = new EnginePool({ createEngine: fake.createEngine });
    const { ready } = await pool.acquire(QWEN, () => {});
    const answering = ready.client.generate(
      { messages: [], temperature: 0, topP: 1, maxTokens: 8, seed: 1 },
      () => {},
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    await pool.release(modelKey(QWEN));
    expect(pool.loadedKeys).toEqual([modelKey(QWEN)]);
    finish();
    await answering;
    await pool.release(modelKey(QWEN));
    expect(pool.loadedKeys).toEqual([]);
    expect(fake.engines[0]?.terminated).toBe(true);
  });
});
