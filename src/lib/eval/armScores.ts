// The scores a question-set run gives one arm's answer to one question: SQuAD v1.1's exact match
// and F1 and answer containment (eval/squad.ts), and for a RAG arm the retrieval hit and recall
// of its sources against the item's gold. An answer that failed scores as an empty answer.
import type { AnswerScores, ArmAnswer, QuestionItem } from '../lab/types';
import { retrievalScores, scoreAnswer } from './squad';

export function scoreArmAnswer(
  answer: Pick<ArmAnswer, 'arm' | 'text' | 'error' | 'sources'>,
  item: Pick<QuestionItem, 'answers' | 'goldDocs' | 'goldPassage'>,
): AnswerScores {
  return {
    ...scoreAnswer(answer.error ? '' : answer.text, item.answers),
    ...(answer.arm.context === 'rag' ? retrievalScores(answer.sources, item) : {}),
  };
}
