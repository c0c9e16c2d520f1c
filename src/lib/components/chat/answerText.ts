// Small helpers for showing answers: citations written with inner spaces ("[ 1 ]", as WordPiece
// tokenizers decode them) made plain "[1]" so they render as citations, and readable figures.
import type { AnswerStatus, ModelRef, PromptMessage, RagInfo } from '../../chat/types';
import type { GenerationStats } from '../../generate/Generator';
import type { PreRetrievalCost } from '../../rag/preRetrieval';

/** What an answer card shows: a saved message, or the one streaming in. */
export interface AnswerView {
  content: string;
  rag?: RagInfo | undefined;
  model?: ModelRef | undefined;
  stats?: GenerationStats | undefined;
  prompt?: PromptMessage[] | undefined;
  stopped?: boolean | undefined;
  error?: string | undefined;
  /** Saved while streaming; 'interrupted' when a reload or a closed tab cut it off. */
  status?: AnswerStatus | undefined;
  reasoning?: string | undefined;
  cutOff?: boolean | undefined;
}

const SPACED_CITATION = /\[ *(\d{1,4}(?: *(?:[,;]|and|[-–]) *\d{1,4})*) *\](?!\()/g;

/** "[ 1 ]" → "[1]" and "[ 1 , 2 ]" → "[1 , 2]": the citation parser allows no inner padding. */
export function tidyCitations(text: string): string {
  return text.replace(SPACED_CITATION, '[$1]');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The four figures an answer shows, as label and value. */
export function statsFigures(stats: GenerationStats): { label: string; value: string }[] {
  const rate = stats.decodeTokensPerS > 0 ? `${stats.decodeTokensPerS.toFixed(1)} tokens/s` : '—';
  return [
    {
      label: 'Prompt',
      value:
        `${stats.promptTokens} tokens` +
        (stats.prefillTokens !== undefined && stats.prefillTokens < stats.promptTokens
          ? ` (${stats.prefillTokens} prefilled, the rest reused from the engine’s cache)`
          : ''),
    },
    { label: 'First token', value: seconds(stats.timeToFirstTokenMs) },
    { label: 'Decode', value: rate },
    {
      label: 'Total',
      value:
        `${seconds(stats.totalMs)} · ${stats.completionTokens} tokens` +
        (stats.timingSource === 'client' ? ' (timed by the page)' : ''),
    },
    ...(stats.penalties
      ? [
          {
            label: 'Penalties',
            value: `repetition ${stats.penalties.repetition}, frequency ${stats.penalties.frequency}, presence ${stats.penalties.presence}`,
          },
        ]
      : []),
  ];
}

export { ENGINE_LABELS } from '../../generate/engines';

/**
 * What the searches before retrieval were and cost, in words shared by the chat's answer and a
 * lab column: "3 searches incl. a hypothetical answer · +420 ms, 180 tokens" (`noun` names them).
 */
export function preRetrievalSummary(
  p: { queries: readonly string[]; hypothetical?: string; cost: PreRetrievalCost },
  noun: 'searches' | 'queries',
): string {
  const hypothetical = p.hypothetical ? ' incl. a hypothetical answer' : '';
  const ms = Math.round(p.cost.generateMs + p.cost.searchMs);
  const tokens = p.cost.promptTokens + p.cost.completionTokens;
  return `${p.queries.length} ${noun}${hypothetical} · +${ms} ms, ${tokens} tokens`;
}
