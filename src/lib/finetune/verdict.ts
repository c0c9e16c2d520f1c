// The "Your fine-tune vs RAG vs both" verdict: from an experiment's scored answers, per arm and per
// split (held-out, trained), whether the fine-tune learned its training facts, whether RAG beat it
// and whether the hybrid beat both — in words, each claim with the counts it rests on.
import { armKey, type Arm, type Experiment, type ExperimentResult } from '../lab/types';
import type { PresetModel } from './types';

export type PresetRole = 'base-none' | 'base-rag' | 'tuned-none' | 'tuned-rag';
export const PRESET_ROLES: readonly PresetRole[] = [
  'base-none',
  'base-rag',
  'tuned-none',
  'tuned-rag',
];

export const ROLE_LABELS: Record<PresetRole, string> = {
  'base-none': 'Base, no documents',
  'base-rag': 'Base + RAG',
  'tuned-none': 'Your fine-tune, no documents',
  'tuned-rag': 'Your fine-tune + RAG (hybrid)',
};

/** Answers of one arm on one split: correct = the gold answer appears in the reply. */
export interface SplitFigures {
  answered: number;
  correct: number;
  /** Mean SQuAD F1, 0..1; NaN with no answers. */
  f1: number;
}

export interface VerdictRow {
  role: PresetRole;
  arm: Arm;
  heldOut: SplitFigures;
  trained: SplitFigures;
}

export interface FinetuneVerdict {
  rows: VerdictRow[];
  sentences: string[];
  /** Questions of each split in the set. */
  heldOutTotal: number;
  trainedTotal: number;
}

/** The preset's four arms for `base` and `tuned`, in the order the verdict reads them. */
export function presetArms(base: Arm['model'], tuned: Arm['model']): Arm[] {
  return [
    { model: base, context: 'none' },
    { model: base, context: 'rag' },
    { model: tuned, context: 'none' },
    { model: tuned, context: 'rag' },
  ];
}

const same = (arm: Arm, model: PresetModel) =>
  arm.model.engine === model.engine && arm.model.id === model.id;

function figures(results: readonly ExperimentResult[]): SplitFigures {
  const answered = results.filter((r) => !r.answer.error && !r.answer.stopped);
  return {
    answered: answered.length,
    correct: answered.filter((r) => r.scores.contained === 1).length,
    f1: answered.length ? answered.reduce((s, r) => s + r.scores.f1, 0) / answered.length : NaN,
  };
}

const pct = (f: SplitFigures) =>
  f.answered ? `${Math.round((100 * f.correct) / f.answered)} %` : '—';
const of = (f: SplitFigures) => `${f.correct} of ${f.answered} (${pct(f)})`;
const rate = (f: SplitFigures) => (f.answered ? f.correct / f.answered : 0);

/** Undefined when the experiment is not a preset run (no fine-tune record, or its arms are missing). */
export function finetuneVerdict(
  experiment: Experiment,
  results: readonly ExperimentResult[],
): FinetuneVerdict | undefined {
  const record = experiment.set.finetune;
  if (!record?.models) return undefined;
  const { base, tuned } = record.models;
  const trainedIds = new Set(record.trainedItemIds);
  const rows: VerdictRow[] = [];
  for (const role of PRESET_ROLES) {
    const model = role.startsWith('base') ? base : tuned;
    const context = role.endsWith('none') ? 'none' : 'rag';
    const arm = experiment.arms.find((a) => same(a, model) && a.context === context);
    if (!arm) return undefined;
    const mine = results.filter((r) => r.armKey === armKey(arm));
    rows.push({
      role,
      arm,
      heldOut: figures(mine.filter((r) => !trainedIds.has(r.itemId))),
      trained: figures(mine.filter((r) => trainedIds.has(r.itemId))),
    });
  }
  const [baseNone, baseRag, tunedNone, tunedRag] = rows as [
    VerdictRow,
    VerdictRow,
    VerdictRow,
    VerdictRow,
  ];
  const trainedTotal = experiment.set.items.filter((i) => trainedIds.has(i.id)).length;
  const heldOutTotal = experiment.set.items.length - trainedTotal;
  return {
    rows,
    heldOutTotal,
    trainedTotal,
    sentences: sentences(baseNone, baseRag, tunedNone, tunedRag, heldOutTotal),
  };
}

function sentences(
  baseNone: VerdictRow,
  baseRag: VerdictRow,
  tunedNone: VerdictRow,
  tunedRag: VerdictRow,
  heldOutTotal: number,
): string[] {
  const out: string[] = [];
  const t = tunedNone.trained;
  if (t.answered === 0) {
    out.push(
      'Whether your fine-tune learned the facts it was trained on cannot be told yet: no question from the training split has been answered without documents.',
    );
  } else if (t.correct > baseNone.trained.correct) {
    out.push(
      `Your fine-tune learned some of the facts it was trained on: without documents it answered ${of(t)} trained questions, the base ${of(baseNone.trained)}.`,
    );
  } else {
    out.push(
      `Your fine-tune did not learn the facts it was trained on: without documents it answered ${of(t)} trained questions, no more than the base's ${of(baseNone.trained)}.`,
    );
  }
  const h = tunedNone.heldOut;
  if (h.answered > 0) {
    out.push(
      `On held-out questions, whose passages were not in its training data, it answered ${of(h)} without documents; the base answered ${of(baseNone.heldOut)}.`,
    );
  }
  const rag = baseRag.heldOut;
  if (rag.answered > 0 && h.answered > 0) {
    const diff = rate(rag) - rate(h);
    out.push(
      diff > 0
        ? `RAG beat your fine-tune on held-out questions: the base with retrieved passages answered ${of(rag)}, your fine-tune without documents ${of(h)}.`
        : diff < 0
          ? `Your fine-tune without documents beat RAG on held-out questions: ${of(h)} against the base with retrieved passages' ${of(rag)}.`
          : `RAG and your fine-tune tied on held-out questions: ${of(rag)} each.`,
    );
  }
  const ragTrained = baseRag.trained;
  if (ragTrained.answered > 0 && t.answered > 0) {
    out.push(
      `On the questions it was trained on — the fair test of knowledge put in by training — RAG answered ${of(ragTrained)} and your fine-tune without documents ${of(t)}.`,
    );
  }
  const hy = tunedRag.heldOut;
  if (hy.answered > 0 && rag.answered > 0 && h.answered > 0) {
    const best = Math.max(rate(rag), rate(h));
    out.push(
      rate(hy) > best
        ? `The hybrid (your fine-tune with RAG) beat both: ${of(hy)} held-out questions, against RAG's ${pct(rag)} and the fine-tune alone's ${pct(h)}.`
        : `The hybrid (your fine-tune with RAG) did not beat both: ${of(hy)} held-out questions, against RAG's ${pct(rag)} and the fine-tune alone's ${pct(h)}.`,
    );
  }
  if (heldOutTotal < 30) {
    out.push(
      `With ${heldOutTotal} held-out question${heldOutTotal === 1 ? '' : 's'}, a difference of one or two answers can be chance.`,
    );
  }
  return out;
}
