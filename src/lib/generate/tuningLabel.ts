// What a model in a comparison is, in words that do not overclaim: a base model, your fine-tune, or
// a public fine-tune (for code, maths…) that was never trained on your documents.
import type { MenuModel } from './modelMenu';

export type TuningLabelKind = 'base' | 'yours' | 'public' | 'undescribed';

export interface TuningLabel {
  kind: TuningLabelKind;
  /** A few words for menus and column headers, e.g. "public fine-tune for code". */
  short: string;
  /** The whole statement, e.g. "public fine-tune for code — not trained on your documents". */
  label: string;
}

const DOMAIN_WORDS: Record<string, string> = {
  code: 'code',
  maths: 'maths',
  japanese: 'Japanese',
  reasoning: 'reasoning',
  'function-calling': 'function calling',
};

type Describable = Pick<
  MenuModel,
  'isBase' | 'yours' | 'domain' | 'fromAddress' | 'facts' | 'served' | 'tunedForNote'
>;

const NOT_YOURS = 'not trained on your documents';

export function tuningLabel(model: Describable): TuningLabel {
  if (model.yours) {
    const label = 'your model: your own fine-tune';
    return { kind: 'yours', short: 'your fine-tune', label };
  }
  if (model.served === 'adapter' || model.served === 'noted') {
    // The server (or the person's note) says what it was tuned from, not what on: a note on that
    // is the person's word and is said to be theirs.
    const short =
      model.served === 'adapter' ? 'LoRA adapter on your server' : 'fine-tune on your server';
    const from = model.served === 'noted' ? ' (its base as you noted it)' : '';
    const what = model.tunedForNote
      ? `, tuned for ${model.tunedForNote} (your note)`
      : ' — what it was trained on is not described';
    return { kind: 'undescribed', short, label: `${short}${from}${what}` };
  }
  if (model.isBase) {
    const short = 'base model';
    return { kind: 'base', short, label: model.fromAddress ? `${short} (listed first)` : short };
  }
  if (model.fromAddress) {
    const short = 'variant — tuning not described';
    return { kind: 'undescribed', short, label: `${short}; see its model card` };
  }
  const domain = model.domain ? (DOMAIN_WORDS[model.domain] ?? model.domain) : undefined;
  const short = domain ? `public fine-tune for ${domain}` : `public ${model.facts.tuning}`;
  return { kind: 'public', short, label: `${short} — ${NOT_YOURS}` };
}

/**
 * Why the default pair (a family's base and its first fine-tune) makes the point: same
 * architecture and size, only the tuning differs, and neither has seen your documents.
 */
export function pairReason(
  base: Describable & { name: string },
  variant?: Describable & { name: string },
): string {
  if (!variant) {
    return `${base.name} has no fine-tuned variant in the menu: the arms compare RAG off and on only.`;
  }
  const v = tuningLabel(variant);
  const tail =
    v.kind === 'public'
      ? 'Neither model has seen your documents, so a fact from them that appears only with RAG on came from retrieval, and what the fine-tune changes is style and skill.'
      : 'With RAG off and on for each, you see what retrieval adds and what the tuning changes.';
  return `${base.name} (base model) and ${variant.name} (${v.short}) share one architecture and size; only the tuning differs. ${tail}`;
}
