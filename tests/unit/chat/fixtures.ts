// A finished RAG exchange for the chat tests: a question, and an answer with its sources, model,
// stats and exact prompt, as the chat would store them.
import type { GenerationStats } from '../../../src/lib/generate/Generator';
import type { ChatMessage } from '../../../src/lib/chat/types';

export const STATS: GenerationStats = {
  promptTokens: 120,
  completionTokens: 8,
  timeToFirstTokenMs: 310,
  prefillTokensPerS: 387.1,
  decodeTokensPerS: 25.4,
  totalMs: 620,
  modelId: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
  timingSource: 'engine',
};

export function question(id: string, content: string, createdAt = 1_700_000_000_000): ChatMessage {
  return { id, role: 'user', content, createdAt };
}

export function ragAnswer(
  id: string,
  content: string,
  extra: Partial<ChatMessage> = {},
): ChatMessage {
  return {
    id,
    role: 'assistant',
    content,
    createdAt: 1_700_000_001_000,
    rag: {
      on: true,
      sources: [
        {
          n: 1,
          chunkId: 'travel#2',
          docId: 'travel',
          docName: 'Travel policy',
          score: 0.912,
          text: 'The daily meal allowance (per diem) is 62 euros.',
          headingPath: ['Expenses', 'Meals'],
          page: 3,
        },
        {
          n: 2,
          chunkId: 'travel#1',
          docId: 'travel',
          docName: 'Travel policy',
          score: 0.4,
          text: 'Trips shorter than four hours are made by train.',
          headingPath: [],
        },
      ],
      history: {
        included: 0,
        leftOutFromDocuments: 0,
        droppedToFit: 0,
        documentText: false,
        keepFull: false,
      },
    },
    model: { id: STATS.modelId, engine: 'webllm' },
    stats: STATS,
    prompt: [
      { role: 'system', content: 'Answer from the sources.' },
      { role: 'user', content: 'Sources: …\n\nQuestion: What is the per diem?' },
    ],
    ...extra,
  };
}
