// The words of the prompts: system instructions, how a numbered source is written, and how the
// last user message frames sources before the question (the question always ends it).
import type { SearchHit } from '../search/searchHit';
import { safeName } from '../render/safeName';

export type AnswerStyle = 'concise' | 'detailed';

/** RAG on: answer only from the numbered sources, cite them, admit when they fall short. */
export const RAG_SYSTEM_PROMPT =
  'You answer questions using only the numbered sources given with each question. Cite the ' +
  'sources that support each statement as [n], for example [1] or [2][3]. If the sources do ' +
  'not contain the answer, say plainly that the sources do not contain it; do not guess and do ' +
  'not use outside knowledge.';

/** RAG off: the model answers from what it knows (a fine-tuned model from its training). */
export const PLAIN_SYSTEM_PROMPT =
  'You are a helpful assistant. Answer the question accurately. If you do not know the ' +
  'answer, say so plainly.';

const STYLE_LINES: Record<AnswerStyle, string> = {
  concise: 'Keep the answer short: a few sentences.',
  detailed: 'Give a complete answer, with the relevant details from the sources.',
};

export function withStyle(system: string, style: AnswerStyle | undefined): string {
  return style ? `${system} ${STYLE_LINES[style]}` : system;
}

export const SOURCES_HEADING = 'Sources:';
/** Stands in for the sources when retrieval found none, so the model can say so. */
export const NO_SOURCES_TEXT = 'Sources: none (the library has no passage for this question).';
export const QUESTION_PREFIX = 'Question: ';

/**
 * "Travel policy › Meals › Abroad, page 3": where a source comes from, for people and models
 * (hidden characters in the name shown as escapes, so a name cannot pass for another).
 */
export function sourceLabel(source: Pick<SearchHit, 'docName' | 'headingPath' | 'page'>): string {
  const path = [
    safeName(source.docName),
    ...source.headingPath.filter((h) => h.trim() !== ''),
  ].join(' › ');
  return source.page === undefined ? path : `${path}, page ${source.page}`;
}

/** One numbered source as the model reads it: `[n] (label)` then its text. */
export function renderSource(
  n: number,
  source: Pick<SearchHit, 'docName' | 'headingPath' | 'page'>,
  text: string,
): string {
  return `[${n}] (${sourceLabel(source)})\n${text.trim()}`;
}

/** The last user message: the sources (or a line saying there are none), then the question. */
export function sourcesThenQuestion(blocks: readonly string[], question: string): string {
  const context =
    blocks.length > 0 ? `${SOURCES_HEADING}\n\n${blocks.join('\n\n')}` : NO_SOURCES_TEXT;
  return `${context}\n\n${QUESTION_PREFIX}${question.trim()}`;
}
