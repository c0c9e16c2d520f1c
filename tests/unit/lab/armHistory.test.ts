// Lab arms carry no history: every comparison and evaluation question is asked alone, so each
// arm's prompt is one system message and one user message, and a no-documents arm sees no text.
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../src/lib/generate/generatorClient';
import type { ReadyModel } from '../../../src/lib/lab/enginePool';
import { buildArmPrompt } from '../../../src/lib/lab/runArm';
import type { SharedContext } from '../../../src/lib/lab/sharedContext';
import { CONTEXT_MODES } from '../../../src/lib/rag/contextModes';
import { countWords, PER_DIEM, TRAINS } from '../rag/hits';
import { arm, QWEN } from './arms';

const DOC = { docId: 'travel', name: 'Travel policy', text: `${PER_DIEM.text} ${TRAINS.text}` };

const documents = async () => [DOC];
const shared: SharedContext = {
  question: 'What is the daily meal allowance?',
  hits: [PER_DIEM, TRAINS],
  retrievalMs: 0,
  documents,
  library: { search: async () => ({ hits: [PER_DIEM, TRAINS] }), topK: 5, documents },
};
const DECODING = { maxTokens: 64, seed: 1 };

const model: ReadyModel = {
  client: {} as EngineClient,
  info: {
    engine: 'webllm',
    requestedId: QWEN.id,
    modelId: QWEN.id,
    contextWindow: 1024,
    countTokens: countWords,
    warnings: [],
  },
};

describe('lab arms and history', () => {
  it.each(CONTEXT_MODES)(
    'a %s arm sends the question alone, with no earlier turns',
    async (mode) => {
      const built = await buildArmPrompt(arm(QWEN, mode), shared, model, DECODING);
      expect(built.messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(built.history).toMatchObject({ included: 0, droppedToFit: 0 });
      expect(built.messages.at(-1)?.content).toContain(shared.question);
    },
  );

  it('a no-documents arm holds no document text', async () => {
    const built = await buildArmPrompt(arm(QWEN, 'none'), shared, model, DECODING);
    const text = built.messages.map((m) => m.content).join('\n');
    expect(text).not.toContain('62 euros');
    expect(text).not.toContain(TRAINS.text);
  });
});
