// Drafting training pairs per chunk through the lab's question drafting, with a stand-in model:
// chunks spread over documents, later rounds asked for another question, every draft tied to its
// chunk (id, document, headings, page), and a chunk's drafts side by side for review.
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../src/lib/generate/generatorClient';
import type { GenerateRequest, GenerationResult } from '../../../src/lib/generate/Generator';
import type { ReadyModel } from '../../../src/lib/lab/enginePool';
import type { ChunkRecord } from '../../../src/lib/library/types';
import { documentNames, draftPairs, pickChunks } from '../../../src/lib/finetune/draft';
import { answerOf } from '../generate/fakeAnswer';

const chunk = (docId: string, ordinal: number, text: string, page?: number): ChunkRecord => ({
  id: `${docId}#${ordinal}`,
  docId,
  ordinal,
  text,
  start: 0,
  end: text.length,
  headingPath: docId === 'policy' ? ['Travel policy'] : [],
  tokens: 10,
  ...(page === undefined ? {} : { page }),
});

const POLICY = [0, 1, 2, 3].map((i) => chunk('policy', i, `Policy rule ${i}.`));
const KETTLE = [0, 1].map((i) => chunk('kettle', i, `Kettle fact ${i}.`, i + 1));

/** Answers "Question: <n>th about <passage>? Answer: <passage>"; records every user message. */
function model(asked: string[]): ReadyModel {
  const generate = async (request: GenerateRequest): Promise<GenerationResult> => {
    const user = request.messages.at(-1)!.content;
    asked.push(user);
    const passage = /\n(.*\.)/.exec(user)![1]!;
    const n = (user.match(/^- /gm) ?? []).length + 1;
    const text = `Question: Try ${n} about ${passage}?\nAnswer: ${passage}`;
    return answerOf(text, 'm', { timingSource: 'client' });
  };
  const client = { engine: 'transformers', generate } as unknown as EngineClient;
  return { client, info: {} as ReadyModel['info'] };
}

describe('drafting training pairs', () => {
  it('spreads the chunks over the documents', () => {
    const picked = pickChunks(
      [
        { name: 'policy.md', chunks: POLICY },
        { name: 'kettle.pdf', chunks: KETTLE },
      ],
      4,
    );
    expect(picked.map((c) => c.id).sort()).toEqual([
      'kettle#0',
      'kettle#1',
      'policy#0',
      'policy#2',
    ]);
  });

  it('drafts per chunk, asks later rounds for another question, and keeps each chunk’s facts', async () => {
    const asked: string[] = [];
    const names = documentNames([
      { meta: { id: 'policy', name: 'policy.md' } },
      { meta: { id: 'kettle', name: 'kettle.pdf' } },
    ]);
    const progress: [number, number][] = [];
    const drafts = await draftPairs([POLICY[1]!, KETTLE[1]!], names, model(asked), {
      perChunk: 2,
      seed: 42,
      onDraft: (done, total) => progress.push([done, total]),
    });
    expect(drafts.map((d) => [d.id, d.question, d.answer])).toEqual([
      ['policy#1~1', 'Try 1 about Policy rule 1.?', 'Policy rule 1.'],
      ['policy#1~2', 'Try 2 about Policy rule 1.?', 'Policy rule 1.'],
      ['kettle#1~1', 'Try 1 about Kettle fact 1.?', 'Kettle fact 1.'],
      ['kettle#1~2', 'Try 2 about Kettle fact 1.?', 'Kettle fact 1.'],
    ]);
    expect(asked[0]).toBe('Passage (from policy.md):\nPolicy rule 1.');
    expect(asked[2]).toBe(
      'Passage (from policy.md):\nPolicy rule 1.\n\nWrite a different question from these:\n- Try 1 about Policy rule 1.?',
    );
    expect(drafts[2]).toMatchObject({
      chunkId: 'kettle#1',
      docName: 'kettle.pdf',
      passage: 'Kettle fact 1.',
      headingPath: [],
      page: 2,
      parsed: true,
    });
    expect(drafts[0]!.headingPath).toEqual(['Travel policy']);
    expect(progress.at(-1)).toEqual([4, 4]);
  });

  it('stops between passages when cancelled', async () => {
    const controller = new AbortController();
    const drafts = await draftPairs(POLICY, documentNames([]), model([]), {
      perChunk: 3,
      seed: 1,
      signal: controller.signal,
      onDraft: (done) => done === 2 && controller.abort(),
    });
    expect(drafts).toHaveLength(2);
  });
});
