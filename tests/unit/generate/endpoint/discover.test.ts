// GET /models as vLLM (LoRA adapters with parent, max_model_len, a --served-model-name base),
// Ollama, llama.cpp and LM Studio list them, plus junk: grouped for a menu, never a crash.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../../src/lib/errors';
import {
  MAX_MODELS,
  discoverModels,
  readModelList,
} from '../../../../src/lib/generate/endpoint/discover';
import type { FetchLike } from '../../../../src/lib/generate/endpoint/request';

const VLLM = {
  object: 'list',
  data: [
    {
      id: 'meta-llama/Llama-3.1-8B-Instruct',
      object: 'model',
      created: 1764931200,
      owned_by: 'vllm',
      root: 'meta-llama/Llama-3.1-8B-Instruct',
      parent: null,
      max_model_len: 32768,
      permission: [{ id: 'modelperm-1', object: 'model_permission', allow_sampling: true }],
    },
    {
      id: 'sql-lora',
      object: 'model',
      created: 1764931200,
      owned_by: 'vllm',
      root: '/adapters/sql',
      parent: 'meta-llama/Llama-3.1-8B-Instruct',
      max_model_len: null,
      permission: [],
    },
    {
      id: 'travel-lora',
      object: 'model',
      created: 1764931200,
      owned_by: 'vllm',
      root: '/adapters/travel',
      parent: 'meta-llama/Llama-3.1-8B-Instruct',
      permission: [],
    },
    // A base served under --served-model-name: its root is its path, not a listed model.
    {
      id: 'qwen',
      object: 'model',
      owned_by: 'vllm',
      root: 'Qwen/Qwen2.5-7B-Instruct',
      parent: null,
      max_model_len: 8192,
    },
    // An adapter whose base the server does not list.
    {
      id: 'orphan-lora',
      object: 'model',
      owned_by: 'vllm',
      root: '/adapters/o',
      parent: 'mistralai/Mistral-7B',
    },
  ],
};

const OLLAMA = {
  object: 'list',
  data: [
    { id: 'llama3.2:latest', object: 'model', created: 1764000000, owned_by: 'library' },
    { id: 'qwen3:0.6b', object: 'model', created: 1764000001, owned_by: 'library' },
  ],
};

const LLAMACPP = {
  object: 'list',
  models: [
    { name: 'gemma-3-4b-it-Q4_K_M.gguf', model: 'gemma-3-4b-it-Q4_K_M.gguf', type: 'model' },
  ],
  data: [
    {
      id: 'gemma-3-4b-it-Q4_K_M.gguf',
      object: 'model',
      created: 1764931200,
      owned_by: 'llamacpp',
      meta: {
        vocab_type: 1,
        n_vocab: 262144,
        n_ctx_train: 131072,
        n_embd: 2560,
        n_params: 3880263168,
        size: 2489757856,
      },
    },
  ],
};

const LMSTUDIO = {
  data: [
    { id: 'qwen2.5-7b-instruct', object: 'model', owned_by: 'organization_owner' },
    { id: 'text-embedding-nomic-embed-text-v1.5', object: 'model', owned_by: 'organization_owner' },
  ],
  object: 'list',
};

const serve =
  (status: number, body: unknown, seen: RequestInit[] = []): FetchLike =>
  async (_url, init) => {
    seen.push(init ?? {});
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'Content-Type': 'application/json' } });
  };

const endpoint = { baseUrl: 'http://127.0.0.1:8000/v1' };

async function rejection(promise: Promise<unknown>): Promise<RagtuneError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, String(error)).toBeInstanceOf(RagtuneError);
  return error as RagtuneError;
}

describe('discoverModels', () => {
  it('vLLM: adapters under their base with its context length; a served name stays a base; orphans apart', async () => {
    const found = await discoverModels(endpoint, { fetch: serve(200, VLLM) });
    expect(found.groups.map((g) => [g.base.id, g.adapters.map((a) => a.id)])).toEqual([
      ['meta-llama/Llama-3.1-8B-Instruct', ['sql-lora', 'travel-lora']],
      ['qwen', []],
    ]);
    expect(found.groups[0]!.base).toEqual({
      id: 'meta-llama/Llama-3.1-8B-Instruct',
      ownedBy: 'vllm',
      contextLength: 32768,
    });
    expect(found.groups[0]!.adapters[0]).toEqual({
      id: 'sql-lora',
      ownedBy: 'vllm',
      parent: 'meta-llama/Llama-3.1-8B-Instruct',
      contextLength: 32768,
    });
    expect(found.orphans).toEqual([
      { id: 'orphan-lora', ownedBy: 'vllm', parent: 'mistralai/Mistral-7B' },
    ]);
    expect(found.models.map((m) => m.id)).toEqual([
      'meta-llama/Llama-3.1-8B-Instruct',
      'sql-lora',
      'travel-lora',
      'qwen',
      'orphan-lora',
    ]);
    expect(found.skipped).toBe(0);
  });

  it('root names the base when parent is missing (older vLLM) but only if it is listed', () => {
    const { models } = readModelList({
      data: [
        { id: 'base', root: 'base' },
        { id: 'adapter', root: 'base' },
        { id: 'other', root: '/some/path' },
      ],
    });
    expect(models).toEqual([{ id: 'base' }, { id: 'adapter', parent: 'base' }, { id: 'other' }]);
  });

  it('Ollama, llama.cpp and LM Studio: flat, no parent, no context length', async () => {
    for (const [body, ids] of [
      [OLLAMA, ['llama3.2:latest', 'qwen3:0.6b']],
      [LLAMACPP, ['gemma-3-4b-it-Q4_K_M.gguf']],
      [LMSTUDIO, ['qwen2.5-7b-instruct', 'text-embedding-nomic-embed-text-v1.5']],
    ] as const) {
      const found = await discoverModels(endpoint, { fetch: serve(200, body) });
      expect(found.groups.map((g) => g.base.id)).toEqual(ids);
      expect(
        found.groups.every(
          (g) => g.adapters.length === 0 && !g.base.parent && !g.base.contextLength,
        ),
      ).toBe(true);
      expect(found.orphans).toEqual([]);
    }
  });

  it('skips junk entries and duplicates, caps the count, and says how many it skipped', async () => {
    const junk = [
      null,
      3,
      'x',
      [],
      {},
      { id: '' },
      { id: 42 },
      { id: '   ' },
      { id: 'a'.repeat(600) },
      { id: 'ok', max_model_len: -5, parent: 7 },
      { id: 'ok' },
    ];
    const found = await discoverModels(endpoint, { fetch: serve(200, { data: junk }) });
    expect(found.models).toEqual([{ id: 'ok' }]);
    expect(found.skipped).toBe(junk.length - 1);
    const many = { data: Array.from({ length: MAX_MODELS + 50 }, (_, i) => ({ id: `m${i}` })) };
    const capped = await discoverModels(endpoint, { fetch: serve(200, many) });
    expect(capped.models).toHaveLength(MAX_MODELS);
    expect(capped.skipped).toBe(50);
  });

  it('sends the key as a Bearer header only when there is one', async () => {
    const seen: RequestInit[] = [];
    await discoverModels({ ...endpoint, apiKey: 'sk-local' }, { fetch: serve(200, OLLAMA, seen) });
    await discoverModels(endpoint, { fetch: serve(200, OLLAMA, seen) });
    const auth = seen.map((init) => (init.headers as Record<string, string>).Authorization);
    expect(auth).toEqual(['Bearer sk-local', undefined]);
  });

  it('failures in words: not JSON, not a list, 401, 404, unreachable, timeout, cancelled', async () => {
    const page = await rejection(
      discoverModels(endpoint, { fetch: serve(200, '<html>hi</html>') }),
    );
    expect(page).toMatchObject({ code: 'endpoint-failed' });
    expect(page.message).toMatch(/not OpenAI-compatible JSON/);
    const notList = await rejection(
      discoverModels(endpoint, { fetch: serve(200, { hello: 'world' }) }),
    );
    expect(notList.message).toMatch(/not OpenAI-compatible JSON/);
    const key = await rejection(
      discoverModels(endpoint, { fetch: serve(401, { error: 'Unauthorized' }) }),
    );
    expect(key.code).toBe('endpoint-unauthorized');
    expect(key.message).toMatch(/refused the API key \(HTTP 401\).*“Unauthorized”/);
    const missing = await rejection(
      discoverModels(endpoint, { fetch: serve(404, { detail: 'Not Found' }) }),
    );
    expect(missing.message).toMatch(
      /Nothing at http:\/\/127\.0\.0\.1:8000\/v1\/models \(HTTP 404\).*\/v1/,
    );
    const down = await rejection(
      discoverModels(endpoint, {
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
      }),
    );
    expect(down.code).toBe('endpoint-unreachable');
    expect(down.message).toMatch(/Could not reach 127\.0\.0\.1:8000/);
    const hang: FetchLike = (_url, init) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      );
    const slow = await rejection(discoverModels(endpoint, { fetch: hang, timeoutMs: 50 }));
    expect(slow.message).toMatch(/did not answer within 50 ms/);
    const controller = new AbortController();
    const pending = discoverModels(endpoint, { fetch: hang, signal: controller.signal });
    controller.abort();
    expect((await rejection(pending)).code).toBe('cancelled');
  });
});
