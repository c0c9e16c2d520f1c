// Which sentences of an answer its sources support, computed locally from word overlap: a person
// sees a grounded RAG answer next to an unsupported one. Pure; the column renders it.
import type { ChatSource } from '../chat/types';
import { answerSentences, groundingOverlap } from '../rag/citations';

/** A sentence counts as supported when a source holds this share of its content words. */
export const SUPPORT_THRESHOLD = 0.6;

export interface GroundedSentence {
  text: string;
  start: number;
  end: number;
  /** Best overlap with any source, 0..1. */
  support: number;
  /** The number of the source that supports it best (when any overlap). */
  sourceN?: number;
  supported: boolean;
}

export interface Grounding {
  sentences: GroundedSentence[];
  /** Share of the sentences that are supported, 0..1 (0 for an empty answer). */
  supportedShare: number;
}

export function groundAnswer(
  answer: string,
  sources: readonly Pick<ChatSource, 'n' | 'text'>[],
): Grounding {
  const sentences = answerSentences(answer).map((s): GroundedSentence => {
    let support = 0;
    let sourceN: number | undefined;
    for (const source of sources) {
      const overlap = groundingOverlap(s.text, source.text);
      if (overlap > support) {
        support = overlap;
        sourceN = source.n;
      }
    }
    return {
      ...s,
      support,
      ...(sourceN === undefined ? {} : { sourceN }),
      supported: support >= SUPPORT_THRESHOLD,
    };
  });
  const supported = sentences.filter((s) => s.supported).length;
  return { sentences, supportedShare: sentences.length ? supported / sentences.length : 0 };
}
