// The tiny causal LM's copying rule and prompt convention, through loadTextGenerator (the ml layer
// under TransformersGenerator): what the lead's RAG prompt builder can rely on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadTextGenerator,
  type ChatTurn,
  type TextGenerator,
} from '../../../../src/lib/ml/textGeneration';
import { configureModelHost, setModelFileCacheDir } from '../../../../src/lib/ml/transformers';
import {
  NO_ANSWER_TEXT,
  TINY_LM_CONTEXT,
  TINY_LM_ID,
  writeTinyCausalLm,
} from '../../../fixtures/models/tinyCausalLm';
import { serveModels, type ModelServer } from '../../embed/modelServer';

let work: string;
let server: ModelServer;
let q8: TextGenerator;
let fp32: TextGenerator;

const SOURCE = 'The daily meal allowance (per diem) is 62 euros. Trains are used for short trips.';

async function reply(lm: TextGenerator, messages: ChatTurn[], maxTokens = 40) {
  let steps = 0;
  const out = await lm.generate(messages, {
    maxTokens,
    temperature: 0,
    topP: 1,
    onStep: () => steps++,
  });
  return { ...out, steps };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ragtune-tiny-lm-'));
  await writeTinyCausalLm(join(work, 'models', TINY_LM_ID), { words: ['diem'] });
  server = await serveModels(join(work, 'models'));
  setModelFileCacheDir(join(work, 'cache'));
  configureModelHost(server.host);
  q8 = await loadTextGenerator(TINY_LM_ID, { device: 'wasm', dtype: 'q8' });
  fp32 = await loadTextGenerator(TINY_LM_ID, { device: 'wasm', dtype: 'fp32' });
});

afterAll(async () => {
  await q8?.dispose();
  await fp32?.dispose();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('the tiny LM’s prompt convention', () => {
  it('renders one turn per message and ends with the generation prompt', () => {
    const prompt = q8.applyChatTemplate([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'Q?' },
    ]);
    expect(prompt).toBe('<|system|>\nS<|end|>\n<|user|>\nQ?<|end|>\n<|assistant|>\n');
    expect(q8.contextLength).toBe(TINY_LM_CONTEXT);
    expect(q8.countTokens('per diem')).toBe(2);
  });

  it('copies what follows the question’s last content word in an earlier source', async () => {
    const inUser = [
      { role: 'user' as const, content: `Sources: ${SOURCE}\nWhat is the per diem?` },
    ];
    expect((await reply(q8, inUser)).text).toBe('is 62 euros.');
    // Stop words and fillers are skipped: the key is still "diem".
    const filler = [{ role: 'user' as const, content: `${SOURCE}\nPlease tell me the per diem.` }];
    expect((await reply(q8, filler)).text).toBe('is 62 euros.');
  });

  it('quotes the whole sentence when it ends right after the key word', async () => {
    const messages = [
      { role: 'user' as const, content: `${SOURCE}\nWhat is used for short trips?` },
    ];
    expect((await reply(q8, messages)).text).toBe('trains are used for short trips.');
  });

  it('finds nothing when the sources come after the question, or are absent', async () => {
    const after = [{ role: 'user' as const, content: `What is the per diem?\n${SOURCE}` }];
    expect((await reply(q8, after)).text).not.toContain('62');
    const none = [{ role: 'user' as const, content: 'What is the per diem?' }];
    const answer = await reply(q8, none);
    expect(answer).toMatchObject({ text: NO_ANSWER_TEXT, completionTokens: 1, steps: 2 });
  });

  it('answers the last question of a conversation', async () => {
    const messages: ChatTurn[] = [
      { role: 'system', content: SOURCE },
      { role: 'user', content: 'What is the per diem?' },
      { role: 'assistant', content: 'is 62 euros.' },
      { role: 'user', content: 'What is used for short trips?' },
    ];
    expect((await reply(q8, messages)).text).toBe('trains are used for short trips.');
  });

  it('stops at maxTokens; the fp32 file answers as the q8 one does', async () => {
    const messages = [{ role: 'user' as const, content: `${SOURCE}\nWhat is the per diem?` }];
    const capped = await reply(q8, messages, 2);
    expect(capped).toMatchObject({ text: 'is 6', completionTokens: 2, stopped: false });
    expect((await reply(fp32, messages)).text).toBe((await reply(q8, messages)).text);
  });
});
