// Gemma has no system role, and WebLLM 0.2.86 glues a system message on as raw text: the adapter
// folds the system text into the first user message for Gemma, and leaves other models alone.
import { describe, expect, it } from 'vitest';
import { createWebllmGenerator } from '../../../../src/lib/generate/webllm/webllmGenerator';
import { REQUEST, standIn } from './webllmStandIn';

async function sent(modelId: string, templateOf?: (id: string) => string) {
  const fake = standIn({ tokens: ['ok'] });
  const generator = createWebllmGenerator({
    ...fake.options,
    ...(templateOf ? { templateOf } : {}),
  });
  await generator.load(modelId, () => {});
  const result = await generator.generate(REQUEST, () => {});
  // What the answer records as its exact prompt is what the engine received.
  expect(result.prompt ?? REQUEST.messages).toEqual(fake.log.requests[0]?.messages);
  return fake.log.requests[0]?.messages;
}

describe('system prompts and chat templates', () => {
  it('folds the system text into the first user message for Gemma', async () => {
    expect(await sent('gemma-2-2b-it-q4f16_1-MLC')).toEqual([
      { role: 'user', content: 'Answer from the sources.\n\nWhat is RAG?' },
    ]);
  });

  it('does the same for your own model on a Gemma base', async () => {
    const messages = await sent('my-gemma-tune', () => 'gemma-2-2b-it-q4f16_1-MLC');
    expect(messages?.map((m) => m.role)).toEqual(['user']);
  });

  it('keeps the system message for a model that has a system role', async () => {
    expect(await sent('Qwen2.5-0.5B-Instruct-q4f16_1-MLC')).toEqual(REQUEST.messages);
  });
});
