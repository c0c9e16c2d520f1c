// Our WebLLM worker's token counts (run here in Node): after a load with the stand-in engine, the
// worker reads the model's tokenizer.json from WebLLM's Cache Storage ('webllm/model', keyed by the
// file's URL) or, when that copy is missing, from the model's folder, and counts with it; when it
// can read neither, the load says so in a warning and the page budgets with the estimate.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { estimateTokens, webllmLoaded } from '../../../../src/lib/generate/generatorClient';
import { createWebllmHostApi } from '../../../../src/lib/generate/webllm/hostApi';
import {
  WEBLLM_MODEL_CACHE,
  loadModelTokenizer,
  tokenizerFileUrl,
} from '../../../../src/lib/generate/webllm/modelTokenizer';
import { prebuiltAppConfig, type ModelRecord } from '../../../../src/lib/generate/webllm/webllm';
import { tokenizerFromFiles } from '../../../../src/lib/ml/transformers';
import { CORPUS, TEXTS, byteLevelBpe } from '../../../fixtures/models/byteLevelBpe';
import { QWEN, standIn } from './webllmStandIn';

const record = (id: string) =>
  prebuiltAppConfig.model_list.find((r) => r.model_id === id) as ModelRecord;
const QWEN_F32 = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const FILES = byteLevelBpe(CORPUS);
const reference = tokenizerFromFiles(FILES.tokenizer, FILES.config);
/** A text the model's tokenizer and the estimate count differently (CJK: 60 against 6). */
const CJK = TEXTS.find((t) => /河流/.test(t)) as string;

/** What happened, in order: cache reads of tokenizer.json and the engine's load. */
let events: string[] = [];

/** A Cache Storage holding `entries` (url → body; changes seen) in WebLLM's model cache. */
function fakeCaches(entries: Record<string, string> = {}) {
  const opened: string[] = [];
  const storage = {
    async open(name: string) {
      opened.push(name);
      const table = name === WEBLLM_MODEL_CACHE ? entries : {};
      return {
        async match(request: string | Request) {
          const url = typeof request === 'string' ? request : request.url;
          if (url.endsWith('/tokenizer.json'))
            events.push(url in table ? 'cache hit' : 'cache miss');
          return url in table ? new Response(table[url]) : undefined;
        },
        // WebLLM's hasModelInCache lists the keys (it finds no weights here).
        async keys() {
          return Object.keys(table).map((url) => new Request(url));
        },
      };
    },
  };
  return { storage, opened };
}

/** A fetch serving `table` (url → body), 404 for anything else; records each request. */
function fakeFetch(table: Record<string, string>) {
  const requests: { url: string; init?: RequestInit }[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    requests.push({ url, ...(init ? { init } : {}) });
    return url in table ? new Response(table[url]) : new Response('not found', { status: 404 });
  });
  return { fetch, requests };
}

const url = (id: string, file: string) => tokenizerFileUrl(record(id), file);
const tokenizerJson = JSON.stringify(FILES.tokenizer);
const configJson = JSON.stringify(FILES.config);

function gpu(shaderF16: boolean) {
  const adapter = {
    features: { has: (f: string) => shaderF16 && f === 'shader-f16' },
    limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 },
    info: { vendor: 'test' },
  };
  return { onLine: true, gpu: { requestAdapter: async () => adapter } };
}

/** WebLLM's cache after a whole download of `id`: its weights (tensor-cache.json and a shard). */
function weightsOf(id: string): Record<string, string> {
  const tensorCache = { records: [{ dataPath: 'params_shard_0.bin', nbytes: 4 }] };
  return {
    [url(id, 'tensor-cache.json')]: JSON.stringify(tensorCache),
    [url(id, 'params_shard_0.bin')]: 'bits',
  };
}

interface HostSetup {
  /** WebLLM's model cache before the load. */
  cache?: Record<string, string>;
  /** The model host's files. */
  files?: Record<string, string>;
  /** What WebLLM stores while it loads (it fetches tokenizer.json before the weights). */
  stores?: Record<string, string>;
}

/** The worker's API with the stand-in engine, and the browser's caches and fetch stubbed. */
function host(options: HostSetup = {}) {
  const cache = { ...options.cache };
  const caches = fakeCaches(cache);
  const net = fakeFetch(options.files ?? {});
  vi.stubGlobal('caches', caches.storage);
  vi.stubGlobal('fetch', net.fetch);
  const engine = standIn({ tokens: ['ok'] });
  const api = createWebllmHostApi({
    async createEngine(modelId, config) {
      Object.assign(cache, options.stores);
      await new Promise((resolve) => setTimeout(resolve, 20)); // WebLLM takes its time
      events.push('engine loaded');
      return engine.options.createEngine(modelId, config);
    },
  });
  return { api, caches, net, engine };
}

beforeEach(() => {
  events = [];
  vi.stubGlobal('navigator', gpu(true));
});
afterEach(() => vi.unstubAllGlobals());

describe('the WebLLM worker’s token counts', () => {
  it('reads tokenizer.json from WebLLM’s cache and counts with the model’s tokenizer', async () => {
    const { api, caches, net } = host({
      cache: { [url(QWEN, 'tokenizer.json')]: tokenizerJson },
      files: { [url(QWEN, 'tokenizer_config.json')]: configJson },
    });
    const loaded = await api.load(QWEN, () => {});
    expect(loaded).toMatchObject({ modelId: QWEN, tokenizer: 'model', warnings: [] });
    expect(url(QWEN, 'tokenizer.json')).toBe(
      'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC/resolve/main/tokenizer.json',
    );
    for (const text of TEXTS) expect(api.countTokens(text)).toBe(reference.countTokens(text));
    expect(api.countTokens(CJK)).not.toBe(estimateTokens(CJK));
    // No second download of tokenizer.json: only the small config, from the HTTP cache if there.
    expect(caches.opened).toContain('webllm/model');
    expect(net.requests).toEqual([
      {
        url: url(QWEN, 'tokenizer_config.json'),
        init: expect.objectContaining({ cache: 'force-cache' }),
      },
    ]);

    // The page counts through the worker.
    const page = webllmLoaded(loaded, async (text) => api.countTokens(text));
    expect(await page.countTokens(CJK)).toBe(reference.countTokens(CJK));

    await api.unload();
    expect(() => api.countTokens('x')).toThrow(/No model is loaded/);
  });

  it('reads the copy WebLLM stored while it downloaded the model, after the load', async () => {
    const { api, net } = host({
      stores: { [url(QWEN, 'tokenizer.json')]: tokenizerJson },
      files: { [url(QWEN, 'tokenizer_config.json')]: configJson },
    });
    const loaded = await api.load(QWEN, () => {});
    expect(loaded).toMatchObject({ tokenizer: 'model', warnings: [] });
    expect(events).toEqual(['engine loaded', 'cache hit']);
    expect(api.countTokens(CJK)).toBe(reference.countTokens(CJK));
    expect(net.requests.map((r) => r.url)).not.toContain(url(QWEN, 'tokenizer.json'));
  });

  it('builds a cached model’s tokenizer while WebLLM loads it', async () => {
    const { api } = host({
      cache: { ...weightsOf(QWEN), [url(QWEN, 'tokenizer.json')]: tokenizerJson },
    });
    const [check] = await api.check([QWEN]);
    expect(check?.cached).toBe(true);
    const loaded = await api.load(QWEN, () => {});
    expect(loaded).toMatchObject({ tokenizer: 'model', warnings: [] });
    expect(events).toEqual(['cache hit', 'engine loaded']);
    expect(api.countTokens(CJK)).toBe(reference.countTokens(CJK));
  });

  it('reads it after the load when a cached model’s tokenizer.json is stored during it', async () => {
    const { api } = host({
      cache: weightsOf(QWEN),
      stores: { [url(QWEN, 'tokenizer.json')]: tokenizerJson },
    });
    const loaded = await api.load(QWEN, () => {});
    expect(loaded).toMatchObject({ tokenizer: 'model', warnings: [] });
    expect(events).toEqual(['cache miss', 'engine loaded', 'cache hit']);
  });

  it('downloads tokenizer.json from the model’s folder when WebLLM’s cache lacks it', async () => {
    const { api, net } = host({
      files: {
        [url(QWEN, 'tokenizer.json')]: tokenizerJson,
        [url(QWEN, 'tokenizer_config.json')]: configJson,
      },
    });
    const loaded = await api.load(QWEN, () => {});
    expect(loaded).toMatchObject({ tokenizer: 'model', warnings: [] });
    expect(api.countTokens(CJK)).toBe(reference.countTokens(CJK));
    expect(net.requests.map((r) => r.url)).toContain(url(QWEN, 'tokenizer.json'));
  });

  it('counts without tokenizer_config.json (offline, never fetched)', async () => {
    const { api } = host({ cache: { [url(QWEN, 'tokenizer.json')]: tokenizerJson } });
    const loaded = await api.load(QWEN, () => {});
    expect(loaded).toMatchObject({ tokenizer: 'model', warnings: [] });
    for (const text of TEXTS) expect(api.countTokens(text)).toBe(reference.countTokens(text));
  });

  it('reads the tokenizer of the q4f32 twin when the GPU lacks shader-f16', async () => {
    vi.stubGlobal('navigator', gpu(false));
    const { api, engine } = host({ cache: { [url(QWEN_F32, 'tokenizer.json')]: tokenizerJson } });
    const loaded = await api.load(QWEN, () => {});
    expect(engine.state.created).toBe(1);
    expect(loaded).toMatchObject({ modelId: QWEN_F32, tokenizer: 'model' });
    expect(loaded.warnings).toHaveLength(1); // the switch to q4f32, no tokenizer warning
    expect(api.countTokens(CJK)).toBe(reference.countTokens(CJK));
  });

  it('falls back to the estimate, with a warning, when the tokenizer cannot be read', async () => {
    const { api } = host();
    const loaded = await api.load(QWEN, () => {});
    expect(loaded.tokenizer).toBe('estimate');
    expect(loaded.warnings).toEqual([
      expect.stringMatching(
        /^Could not read Qwen2\.5-0\.5B-Instruct-q4f16_1-MLC’s tokenizer \(tokenizer\.json: HTTP 404\), so prompts are sized with an estimate/,
      ),
    ]);
    expect(() => api.countTokens('x')).toThrow(/No model is loaded/);

    const remote = vi.fn(async () => 0);
    const page = webllmLoaded(loaded, remote);
    expect(page.warnings).toBe(loaded.warnings);
    expect(page.countTokens).toBe(estimateTokens);
    expect(await page.countTokens(CJK)).toBe(Math.ceil(CJK.length / 3.5));
    expect(remote).not.toHaveBeenCalled();
  });

  it('falls back when the cached tokenizer.json is damaged or not a tokenizer', async () => {
    for (const [body, reason] of [
      ['{"truncated": ', /tokenizer\.json is not valid JSON/],
      ['{"hello": "world"}', /tokenizer\.json has no tokenizer model/],
    ] as const) {
      const { api } = host({ cache: { [url(QWEN, 'tokenizer.json')]: body } });
      const loaded = await api.load(QWEN, () => {});
      expect(loaded.tokenizer).toBe('estimate');
      expect(loaded.warnings[0]).toMatch(reason);
    }
  });
});

describe('loadModelTokenizer', () => {
  it('reads a registered folder’s files beside its mlc-chat-config.json', async () => {
    const mine: ModelRecord = {
      ...record(QWEN),
      model_id: 'my-lora',
      model: 'https://models.example.test/you/my-lora-q4f16_1-MLC/#/resolve/main/',
    };
    const files = `https://models.example.test/you/my-lora-q4f16_1-MLC/`;
    const net = fakeFetch({ [`${files}tokenizer.json`]: tokenizerJson });
    const tokenizer = await loadModelTokenizer(mine, prebuiltAppConfig, {
      caches: fakeCaches().storage,
      fetch: net.fetch,
    });
    expect(tokenizer.source).toBe('network');
    expect(tokenizer.countTokens(CJK)).toBe(reference.countTokens(CJK));
    expect(net.requests.map((r) => r.url).sort()).toEqual([
      `${files}tokenizer.json`,
      `${files}tokenizer_config.json`,
    ]);
  });

  it('skips the Cache API when WebLLM keeps its files in another backend', async () => {
    const caches = fakeCaches({ [url(QWEN, 'tokenizer.json')]: 'stale' });
    const net = fakeFetch({ [url(QWEN, 'tokenizer.json')]: tokenizerJson });
    const tokenizer = await loadModelTokenizer(
      record(QWEN),
      { ...prebuiltAppConfig, cacheBackend: 'indexeddb' },
      { caches: caches.storage, fetch: net.fetch },
    );
    expect(caches.opened).toEqual([]);
    expect(tokenizer.source).toBe('network');
  });
});
