// A comparison read at a glance: per arm, whether its answer came from the documents, how much of
// it they support, how fast it came and what the documents cost in prompt tokens (the context
// tax, against the same model with no documents). Pure; the summary above the columns draws it.
import { groundAnswer } from './grounding';
import { answeredBy } from './labels';
import { modelKey, type ArmAnswer, type Comparison } from './types';

/** An answer counts as "from the documents" when its sources support at least this share. */
export const FROM_DOCUMENTS_SHARE = 0.5;

export type DocumentUse =
  /** No documents were in its prompt (a "no documents" arm). */
  | 'none-given'
  /** Documents were given, and its sources support at least FROM_DOCUMENTS_SHARE of it. */
  | 'from-documents'
  /** Documents were given, but most of the answer is not in them. */
  | 'mostly-not'
  /** Documents were asked for but retrieval found nothing to give. */
  | 'nothing-found';

export interface ArmVerdict {
  armKey: string;
  /** The model that produced the text (the engine's own id) and the mode. */
  label: string;
  use: DocumentUse;
  /** Share of sentences its sources support, 0..1; undefined where no documents were given. */
  grounded?: number;
  ttftMs?: number;
  totalMs?: number;
  promptTokens?: number;
  /** Prompt tokens beyond the same model's no-documents arm: what the documents cost. */
  contextTax?: number;
  stopped: boolean;
  error?: string;
}

function documentUse(answer: ArmAnswer): { use: DocumentUse; grounded?: number } {
  if (answer.arm.context === 'none') return { use: 'none-given' };
  if (answer.sources.length === 0) return { use: 'nothing-found', grounded: 0 };
  const grounded = groundAnswer(answer.text, answer.sources).supportedShare;
  return { use: grounded >= FROM_DOCUMENTS_SHARE ? 'from-documents' : 'mostly-not', grounded };
}

/** One verdict per answered arm, in the comparison's arm order. */
export function comparisonVerdict(c: Pick<Comparison, 'answers'>): ArmVerdict[] {
  const bare = new Map<string, number>();
  for (const a of c.answers) {
    if (a.arm.context === 'none' && a.stats) bare.set(modelKey(a.arm.model), a.stats.promptTokens);
  }
  return c.answers.map((a) => {
    const base = bare.get(modelKey(a.arm.model));
    const tokens = a.stats?.promptTokens;
    return {
      armKey: a.armKey,
      label: answeredBy(a),
      ...documentUse(a),
      ttftMs: a.stats?.timeToFirstTokenMs,
      totalMs: a.stats?.totalMs,
      promptTokens: tokens,
      contextTax:
        a.arm.context !== 'none' && base !== undefined && tokens !== undefined
          ? tokens - base
          : undefined,
      stopped: !!a.stopped,
      ...(a.error ? { error: a.error } : {}),
    };
  });
}

export const USE_WORDS: Record<DocumentUse, string> = {
  'none-given': 'No documents given',
  'from-documents': 'From the documents',
  'mostly-not': 'Mostly not in the documents',
  'nothing-found': 'Nothing relevant found',
};
