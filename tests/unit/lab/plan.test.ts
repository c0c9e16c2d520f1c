// planRun: models grouped into waves by a memory budget, in arm order; the reason in words says
// why (one model, all fit, too big for the budget, unknown sizes counted as 0, at most N at once).
import { describe, expect, it } from 'vitest';
import {
  armModels,
  armsByModel,
  defaultGrid,
  distinctArms,
  memoryNeeds,
  planRun,
  type MemoryNeeds,
} from '../../../src/lib/lab/plan';
import { modelKey, type ArmModel } from '../../../src/lib/lab/types';
import { arm, CODER, LLAMA, PHI, QWEN, TINY } from './arms';

const K = {
  tiny: modelKey(TINY),
  qwen: modelKey(QWEN),
  coder: modelKey(CODER),
  llama: modelKey(LLAMA),
  phi: modelKey(PHI),
};

function needs(entries: [ArmModel, number | undefined][]): MemoryNeeds {
  return new Map(entries.map(([model, mb]) => [modelKey(model), mb]));
}

describe('planRun with models on the person’s server', () => {
  const BASE: ArmModel = { engine: 'endpoint', id: 'lab/llama' };
  const LORA: ArmModel = { engine: 'endpoint', id: 'lab/llama-lora' };

  it('counts them as no memory here and no worker: they join the first wave, and the reason says so', () => {
    const arms = [arm(QWEN), arm(BASE), arm(LORA), arm(CODER)];
    // QWEN and CODER cannot share the budget; the server's models take nothing of it.
    const plan = planRun(
      arms,
      needs([
        [QWEN, 3000],
        [CODER, 3000],
        [BASE, 99_999],
        [LORA, undefined],
      ]),
      { budgetMb: 4096, maxParallel: 1 },
    );
    expect(plan.waves).toEqual([[K.qwen, modelKey(BASE), modelKey(LORA)], [K.coder]]);
    expect(plan.reason).toMatch(/in 2 waves.*The 2 models on your server take no memory here\.$/);
  });

  it('says nothing loads here when every model is on the server', () => {
    const plan = planRun([arm(BASE), arm(LORA, 'rag')], needs([]), { budgetMb: 1 });
    expect(plan.waves).toEqual([[modelKey(BASE), modelKey(LORA)]]);
    expect(plan.reason).toMatch(/^Every model answers on your server: nothing loads here/);
  });

  it('says their times overlap when more than one of their answers runs at once', () => {
    const mixed = planRun([arm(TINY), arm(BASE), arm(LORA)], needs([[TINY, undefined]]), {
      budgetMb: 1,
      serverConcurrency: 3,
    });
    expect(mixed.reason).toMatch(
      /The 2 models on your server take no memory here; up to 3 of their answers run at once, so their times overlap\.$/,
    );
    const only = planRun([arm(BASE), arm(LORA)], needs([]), { budgetMb: 1, serverConcurrency: 2 });
    expect(only.reason).toMatch(/up to 2 answers run at once, so their times overlap/);
  });

  it('names the one model that loads here beside the server’s', () => {
    const plan = planRun([arm(TINY), arm(BASE)], needs([[TINY, undefined]]), { budgetMb: 1 });
    expect(plan.waves).toEqual([[K.tiny, modelKey(BASE)]]);
    expect(plan.reason).toBe(
      `One model loads here (${K.tiny}): no swap is needed. The model on your server takes no memory here.`,
    );
  });
});

describe('planRun', () => {
  it('runs one model in one wave and says no swap is needed', () => {
    const arms = [arm(QWEN, 'none'), arm(QWEN, 'rag'), arm(QWEN, 'full')];
    const plan = planRun(arms, needs([[QWEN, 950]]), { budgetMb: 4096 });
    expect(plan.waves).toEqual([[K.qwen]]);
    expect(plan.budgetMb).toBe(4096);
    expect(plan.reason).toBe('One model answers every arm: no swap is needed.');
  });

  it('loads models that fit together side by side in one wave', () => {
    const arms = [arm(QWEN), arm(CODER, 'rag'), arm(TINY)];
    const plan = planRun(
      arms,
      needs([
        [QWEN, 1000],
        [CODER, 1500],
        [TINY, 200],
      ]),
      { budgetMb: 4096 },
    );
    expect(plan.waves).toEqual([[K.qwen, K.coder, K.tiny]]);
    expect(plan.reason).toBe(
      'All 3 models fit the 4,096 MB budget together (2,700 MB needed): they load side by side and answer one at a time, so that no model’s speed is measured while another runs.',
    );
  });

  it('fills a wave up to the budget exactly', () => {
    const plan = planRun(
      [arm(QWEN), arm(CODER)],
      needs([
        [QWEN, 2000],
        [CODER, 2000],
      ]),
      { budgetMb: 4000 },
    );
    expect(plan.waves).toEqual([[K.qwen, K.coder]]);
  });

  it('over the budget, starts a new wave in arm order and says what they need together', () => {
    const arms = [arm(LLAMA), arm(QWEN), arm(PHI), arm(CODER)];
    const plan = planRun(
      arms,
      needs([
        [LLAMA, 2500],
        [QWEN, 1000],
        [PHI, 3000],
        [CODER, 1000],
      ]),
      { budgetMb: 4000 },
    );
    // LLAMA + QWEN = 3500 fit; PHI would make 6500; PHI + CODER = 4000 fit.
    expect(plan.waves).toEqual([
      [K.llama, K.qwen],
      [K.phi, K.coder],
    ]);
    expect(plan.reason).toBe(
      'The models run in 2 waves, one after another, because together they need 7,500 MB, more ' +
        "than the 4,000 MB budget. Each swap's load time is shown apart from the answers' figures.",
    );
  });

  it('keeps arm order rather than packing smaller models into an earlier wave', () => {
    const plan = planRun(
      [arm(QWEN), arm(PHI), arm(TINY)],
      needs([
        [QWEN, 3000],
        [PHI, 3000],
        [TINY, 500],
      ]),
      { budgetMb: 4000 },
    );
    // TINY would fit beside QWEN, but it comes after PHI: it joins PHI's wave.
    expect(plan.waves).toEqual([[K.qwen], [K.phi, K.tiny]]);
  });

  it('runs a model bigger than the whole budget alone and names it in the reason', () => {
    const arms = [arm(QWEN), arm(LLAMA, 'rag'), arm(CODER)];
    const plan = planRun(
      arms,
      needs([
        [QWEN, 1000],
        [LLAMA, 9000],
        [CODER, 1000],
      ]),
      { budgetMb: 4096 },
    );
    expect(plan.waves).toEqual([[K.qwen], [K.llama], [K.coder]]);
    expect(plan.reason).toContain(`${K.llama} needs 9,000 MB, more than the whole 4,096 MB budget`);
    expect(plan.reason).toMatch(/^The models run in 3 waves/);
    expect(plan.reason).not.toContain(K.qwen);
  });

  it('names a lone model bigger than the whole budget', () => {
    const plan = planRun([arm(LLAMA), arm(LLAMA, 'rag')], needs([[LLAMA, 5000]]), {
      budgetMb: 4000,
    });
    expect(plan.waves).toEqual([[K.llama]]);
    expect(plan.reason).toBe(
      `One model answers every arm: no swap is needed, though ${K.llama} needs 5,000 MB, more than the whole 4,000 MB budget.`,
    );
  });

  it('runs a too-big first model alone too', () => {
    const plan = planRun(
      [arm(LLAMA), arm(QWEN)],
      needs([
        [LLAMA, 5000],
        [QWEN, 100],
      ]),
      { budgetMb: 4000 },
    );
    expect(plan.waves).toEqual([[K.llama], [K.qwen]]);
    expect(plan.reason).toContain(`${K.llama} needs 5,000 MB`);
  });

  it('counts a model of unknown need as 0 and says so', () => {
    const arms = [arm(QWEN), arm(TINY), arm(CODER)];
    const fit = planRun(
      arms,
      needs([
        [QWEN, 2000],
        [TINY, undefined],
        [CODER, 2000],
      ]),
      { budgetMb: 4000 },
    );
    expect(fit.waves).toEqual([[K.qwen, K.tiny, K.coder]]);
    expect(fit.reason).toContain('(4,000 MB needed (1 model of unknown size counted as 0))');

    // A model missing from the needs is unknown as well; two of them are counted in the plural.
    const over = planRun(
      [arm(QWEN), arm(TINY), arm(PHI), arm(CODER)],
      needs([
        [QWEN, 1500],
        [PHI, 1000],
      ]),
      { budgetMb: 2000 },
    );
    expect(over.waves).toEqual([
      [K.qwen, K.tiny],
      [K.phi, K.coder],
    ]);
    expect(over.reason).toContain(
      'together they need 2,500 MB (2 models of unknown size counted as 0), more than the 2,000 MB budget',
    );
  });

  it('starts a new wave after maxParallel models however small, and says so', () => {
    const models = [QWEN, CODER, TINY, LLAMA, PHI];
    const arms = models.map((m) => arm(m));
    const small = needs(models.map((m) => [m, 10]));
    const plan = planRun(arms, small, { budgetMb: 4096, maxParallel: 2 });
    expect(plan.waves).toEqual([[K.qwen, K.coder], [K.tiny, K.llama], [K.phi]]);
    expect(plan.reason).toContain('because at most 2 models run at once');
    // The default is 4 at once.
    expect(planRun(arms, small, { budgetMb: 4096 }).waves).toEqual([
      [K.qwen, K.coder, K.tiny, K.llama],
      [K.phi],
    ]);
    // Fewer than one at once means one.
    expect(planRun(arms, small, { budgetMb: 4096, maxParallel: 0 }).waves).toHaveLength(5);
  });

  it('plans each model once however many arms use it, in the order of its first arm', () => {
    const arms = [
      arm(CODER, 'rag'),
      arm(QWEN, 'none'),
      arm(CODER, 'none'),
      arm(QWEN, 'rag'),
      arm(QWEN, 'rag'),
    ];
    const plan = planRun(
      arms,
      needs([
        [QWEN, 3000],
        [CODER, 3000],
      ]),
      { budgetMb: 4000 },
    );
    expect(plan.waves).toEqual([[K.coder], [K.qwen]]);
    expect(plan.reason).toContain('together they need 6,000 MB');
    expect(armModels(arms)).toEqual([CODER, QWEN]);
  });

  it('treats the same id on two engines as two models', () => {
    const webllm: ArmModel = { engine: 'webllm', id: 'same' };
    const onnx: ArmModel = { engine: 'transformers', id: 'same' };
    const plan = planRun([arm(webllm), arm(onnx)], new Map(), { budgetMb: 100 });
    expect(plan.waves).toEqual([['webllm:same', 'transformers:same']]);
    expect(plan.reason).toContain('All 2 models fit');
    expect(plan.reason).toContain('2 models of unknown size counted as 0');
  });
});

describe('plan helpers', () => {
  it('memoryNeeds asks the lookup once per distinct model', () => {
    const asked: string[] = [];
    const found = memoryNeeds([arm(QWEN), arm(QWEN, 'rag'), arm(TINY)], (m) => {
      asked.push(m.id);
      return m === QWEN ? 950 : undefined;
    });
    expect(asked).toEqual([QWEN.id, TINY.id]);
    expect([...found]).toEqual([
      [K.qwen, 950],
      [K.tiny, undefined],
    ]);
  });

  it('armsByModel groups arms under their model in arm order', () => {
    const arms = [arm(QWEN, 'rag'), arm(TINY), arm(QWEN, 'full')];
    expect([...armsByModel(arms)]).toEqual([
      [K.qwen, [arms[0], arms[2]]],
      [K.tiny, [arms[1]]],
    ]);
  });

  it('distinctArms keeps the first of arms with the same model and mode', () => {
    const first = arm(QWEN, 'rag');
    const arms = [first, arm(TINY), { model: { ...QWEN, name: 'again' }, context: 'rag' as const }];
    const kept = distinctArms(arms);
    expect(kept).toHaveLength(2);
    expect(kept[0]).toBe(first);
  });

  it('defaultGrid is {base, variant} × {no documents, RAG}, or the base alone', () => {
    expect(defaultGrid(QWEN, CODER)).toEqual([
      arm(QWEN, 'none'),
      arm(QWEN, 'rag'),
      arm(CODER, 'none'),
      arm(CODER, 'rag'),
    ]);
    expect(defaultGrid(QWEN, undefined)).toEqual([arm(QWEN, 'none'), arm(QWEN, 'rag')]);
  });
});
