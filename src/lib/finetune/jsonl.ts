// Writes training pairs as JSONL in the chat "messages" format that OpenAI fine-tuning, TRL/Unsloth,
// Axolotl (chat_template) and LLaMA-Factory (sharegpt with OpenAI tags) all read. The prompts are
// the lab's own, so a fine-tune is trained on exactly what its arms will send it.
import {
  PLAIN_SYSTEM_PROMPT,
  RAG_SYSTEM_PROMPT,
  renderSource,
  sourcesThenQuestion,
} from '../rag/sources';
import type { TrainingFileKind, TrainingPair } from './types';

export interface ChatMessageLine {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatExample {
  messages: ChatMessageLine[];
}

/**
 * One example. Closed-book: the no-documents arm's system prompt and the bare question.
 * With passage: the RAG arm's system prompt and the passage as source [1] before the question,
 * and the answer cites it, as that prompt asks.
 */
export function trainingExample(pair: TrainingPair, kind: TrainingFileKind): ChatExample {
  const question = pair.question.trim();
  const answer = pair.answer.trim();
  if (kind === 'closed-book') {
    return {
      messages: [
        { role: 'system', content: PLAIN_SYSTEM_PROMPT },
        { role: 'user', content: question },
        { role: 'assistant', content: answer },
      ],
    };
  }
  const source = renderSource(
    1,
    {
      docName: pair.docName,
      headingPath: pair.headingPath,
      ...(pair.page === undefined ? {} : { page: pair.page }),
    },
    pair.passage,
  );
  return {
    messages: [
      { role: 'system', content: RAG_SYSTEM_PROMPT },
      { role: 'user', content: sourcesThenQuestion([source], question) },
      { role: 'assistant', content: `${answer} [1]` },
    ],
  };
}

/**
 * One JSON object per line, each line ending in "\n". U+2028 and U+2029 are escaped too: JSON
 * allows them raw, but line-based readers (Python's splitlines) would break the line there.
 */
export function toJsonl(pairs: readonly TrainingPair[], kind: TrainingFileKind): string {
  return pairs
    .map(
      (pair) =>
        JSON.stringify(trainingExample(pair, kind)).replace(/[\u2028\u2029]/g, (c) =>
          c === '\u2028' ? '\\u2028' : '\\u2029',
        ) + '\n',
    )
    .join('');
}
