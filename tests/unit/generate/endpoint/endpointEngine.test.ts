// The endpoint engine as the page's models state drives it (createEndpointEngine), against the
// real test server on 127.0.0.1: a load names the server's model and its context, prompt sizes
// come from the server's tokenizer (vLLM's /tokenize) or are estimates said as such, an adapter
// answers in its own style, and an id that names no added server is refused in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../../src/lib/errors';
import { createEndpointEngine } from '../../../../src/lib/generate/endpoint/endpointEngine';
import { endpointModelId } from '../../../../src/lib/generate/endpoint/modelIds';
import type { Endpoint } from '../../../../src/lib/generate/endpoint/types';
import { estimateTokens } from '../../../../src/lib/generate/Generator';
import { STYLE_TEXT } from '../../../fixtures/models/tinyCausalLm';
import { startOpenAiServer, type OpenAiServer } from '../../../support/openaiServer';
import { CONTEXT_LENGTH, STYLE_ADAPTER_ID } from '../../../support/tinyLmBackends';

let server: OpenAiServer;
let endpoint: Endpoint;

beforeAll(async () => {
  server = await startOpenAiServer();
  endpoint = { id: 'lab', name: 'Lab', baseUrl: server.url };
}, 120_000);
afterAll(() => server?.close());

const request = {
  messages: [
    {
      role: 'system' as const,
      content: 'Answer from the sources.\n\n[1] The per diem is 62 euros.',
    },
    { role: 'user' as const, content: 'What is the per diem?' },
  ],
  temperature: 0,
  topP: 1,
  maxTokens: 32,
  seed: 1,
};

describe('createEndpointEngine', () => {
  it('loads an adapter by its server id, counts with the server, answers in its style', async () => {
    const engine = createEndpointEngine((id) => (id === 'lab' ? endpoint : undefined));
    const id = endpointModelId('lab', STYLE_ADAPTER_ID);
    const loaded = await engine.load(id, () => {});
    expect(loaded).toMatchObject({
      engine: 'endpoint',
      requestedId: id,
      modelId: STYLE_ADAPTER_ID,
      contextWindow: CONTEXT_LENGTH,
      warnings: [],
    });
    const n = await loaded.countTokens('The per diem is 62 euros.');
    expect(n).toBeGreaterThan(0);
    expect(n).not.toBe(estimateTokens('The per diem is 62 euros.'));
    const pieces: string[] = [];
    const result = await engine.generate(request, (t) => pieces.push(t));
    expect(result.text.startsWith(STYLE_TEXT)).toBe(true);
    expect(result.stats.modelId).toBe(STYLE_ADAPTER_ID);
    expect(pieces.join('')).toBe(result.text);
  });

  it('says prompt sizes are estimates when the server cannot count', async () => {
    server.configure({ tokenize: false });
    try {
      const engine = createEndpointEngine(() => endpoint);
      const loaded = await engine.load(endpointModelId('lab', STYLE_ADAPTER_ID), () => {});
      expect(loaded.warnings.join(' ')).toContain('prompt sizes are estimates');
      expect(await loaded.countTokens('abcdefg')).toBe(estimateTokens('abcdefg'));
    } finally {
      server.configure({});
    }
  });

  it('refuses an id that names no added server, and generating before a load', async () => {
    const engine = createEndpointEngine(() => undefined);
    await expect(engine.load('gone/model', () => {})).rejects.toThrow(/names no server you added/);
    await expect(engine.generate(request, () => {})).rejects.toBeInstanceOf(RagtuneError);
  });
});
