// One WebLLM worker shared by the chat and the lab: generations run one at a time in call order,
// and a stop ends only the generation it names.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebllmHostApi } from '../../../../src/lib/generate/webllm/hostApi';
import { QWEN, REQUEST, standIn } from './webllmStandIn';

beforeEach(() => {
  const adapter = {
    features: { has: (f: string) => f === 'shader-f16' },
    limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 },
    info: { vendor: 'test' },
  };
  vi.stubGlobal('navigator', { onLine: true, gpu: { requestAdapter: async () => adapter } });
});
afterEach(() => vi.unstubAllGlobals());

describe('the WebLLM worker shared by chat and lab', () => {
  it('runs generations one at a time and stops only the one asked', async () => {
    const engine = standIn({ tokens: ['one', ' two', ' three', ' four'] });
    const api = createWebllmHostApi({
      createEngine: (id, config) => engine.options.createEngine(id, config),
      tokenizerSources: () => ({
        caches: undefined,
        fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      }),
    });
    await api.load(QWEN, () => {});
    const chatPieces: string[] = [];
    const lab = api.generate(REQUEST, () => {}, 1);
    const chat = api.generate(
      REQUEST,
      (p) => {
        chatPieces.push(p);
        if (chatPieces.length === 2) api.stop(2);
      },
      2,
    );
    const [labResult, chatResult] = await Promise.all([lab, chat]);
    expect(labResult).toMatchObject({ text: 'one two three four', stopped: false });
    expect(chatResult).toMatchObject({ text: 'one two', stopped: true });
    // The second request started only after the first had drained.
    expect(engine.log.requests).toHaveLength(2);
  });
});
