// Lending (generate/lending): the chat's loaded model is lent to the lab only for engines whose
// loads each make their own GPU device (ENGINES[e].devicePerLoad: WebLLM), counted while lent, given
// back once, and ended by the lab when the chat has moved to a new engine meanwhile.
import { describe, expect, it, vi } from 'vitest';
import { ENGINE_NAMES, ENGINES, type EngineName } from '../../../src/lib/generate/engines';
import type { EngineClient, LoadedGenerator } from '../../../src/lib/generate/generatorClient';
import { LENDING_ENGINES, Lending } from '../../../src/lib/generate/lending';

function client(engine: EngineName): EngineClient {
  return {
    engine,
    load: async () => {
      throw new Error('not used');
    },
    cancelLoad: () => {},
    generate: async () => {
      throw new Error('not used');
    },
    unload: async () => {},
    terminate: vi.fn(),
  };
}
const info = (engine: EngineName, id: string): LoadedGenerator => ({
  engine,
  requestedId: id,
  modelId: id,
  contextWindow: 2048,
  countTokens: (t) => t.length,
  warnings: [],
});

const QWEN = { engine: 'webllm' as const, id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC' };
const ONNX = { engine: 'transformers' as const, id: 'onnx-community/Qwen2.5-0.5B-Instruct' };

function chat() {
  const clients: Record<EngineName, EngineClient> = {
    transformers: client('transformers'),
    webllm: client('webllm'),
    endpoint: client('endpoint'),
  };
  const loaded: Partial<Record<EngineName, LoadedGenerator>> = {
    webllm: info('webllm', QWEN.id),
    transformers: info('transformers', ONNX.id),
  };
  const lending = new Lending({ loaded: () => loaded, client: (e) => clients[e] });
  return { clients, loaded, lending };
}

describe('Lending', () => {
  it('lends for the engines whose loads each take a GPU device: WebLLM only', () => {
    expect(LENDING_ENGINES).toEqual(ENGINE_NAMES.filter((e) => ENGINES[e].devicePerLoad));
    expect(LENDING_ENGINES).toEqual(['webllm']);
  });

  it('lends the chat’s loaded model when asked for that one, and nothing else', () => {
    const { clients, lending } = chat();
    expect(lending.lend(ONNX)).toBeUndefined(); // loaded, but its engine does not lend
    expect(lending.lend({ ...QWEN, id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC' })).toBeUndefined();
    const lease = lending.lend(QWEN);
    expect(lease?.ready.client).toBe(clients.webllm);
    expect(lease?.ready.info.requestedId).toBe(QWEN.id);
    expect(lending.resident).toEqual([QWEN]);
  });

  it('says the chat needs a new engine while its own is lent, until given back (once)', async () => {
    const { lending } = chat();
    const freed: string[] = [];
    lending.beforeLoad = async (model) => void freed.push(model.id);
    expect(await lending.beforeChatLoad(QWEN)).toBe(false);
    const a = lending.lend(QWEN);
    const b = lending.lend(QWEN);
    expect(await lending.beforeChatLoad(QWEN)).toBe(true);
    a?.release();
    a?.release(); // a second release does not count twice
    expect(await lending.beforeChatLoad(QWEN)).toBe(true);
    b?.release();
    expect(await lending.beforeChatLoad(QWEN)).toBe(false);
    // Only a lending engine's loads ask the lab to free its copy.
    expect(await lending.beforeChatLoad(ONNX)).toBe(false);
    expect(freed).toEqual([QWEN.id, QWEN.id, QWEN.id, QWEN.id]);
  });

  it('leaves a lent engine to the lab once the chat has a new one, which the lab then ends', async () => {
    const { clients, lending } = chat();
    const lent = clients.webllm;
    const lease = lending.lend(QWEN);
    clients.webllm = client('webllm'); // the chat renewed its engine
    lending.renewed('webllm');
    expect(await lending.beforeChatLoad(QWEN)).toBe(false);
    lease?.release();
    expect(lent.terminate).toHaveBeenCalledTimes(1);
    expect(clients.webllm.terminate).not.toHaveBeenCalled();
  });

  it('counts as resident only the lending engines’ loaded models', () => {
    const { loaded, lending } = chat();
    expect(lending.resident).toEqual([QWEN]);
    delete loaded.webllm;
    expect(lending.resident).toEqual([]);
  });
});
