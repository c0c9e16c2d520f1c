// The endpoint engine's page-side parts: ids that keep the server apart from the model's name,
// the kept list (damaged entries dropped, keys kept only there), the picker's families (bases with
// their adapters, labelled as adapters, not as the person's fine-tunes) and the URL options.
import { describe, expect, it } from 'vitest';
import {
  endpointIdFor,
  readEndpoints,
  writeEndpoints,
  ENDPOINTS_KEY,
} from '../../../../src/lib/generate/endpoint/endpointStore';
import { groupModels } from '../../../../src/lib/generate/endpoint/discover';
import {
  endpointModelId,
  splitEndpointModelId,
} from '../../../../src/lib/generate/endpoint/modelIds';
import { ENGINE_LABELS, ENGINE_NAMES, ENGINES } from '../../../../src/lib/generate/engines';
import { generatorFromUrl } from '../../../../src/lib/library/settings';
import { endpointMenu } from '../../../../src/lib/generate/modelMenu';
import { tuningLabel } from '../../../../src/lib/generate/tuningLabel';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe('endpoint model ids', () => {
  it('keep the server apart from a model name with slashes and colons', () => {
    const id = endpointModelId('lab-vllm', 'meta-llama/Llama-3.1-8B:q4');
    expect(id).toBe('lab-vllm/meta-llama/Llama-3.1-8B:q4');
    expect(splitEndpointModelId(id)).toEqual({
      endpointId: 'lab-vllm',
      modelId: 'meta-llama/Llama-3.1-8B:q4',
    });
    expect(splitEndpointModelId('bare')).toBeUndefined();
    expect(splitEndpointModelId('/x')).toBeUndefined();
    expect(splitEndpointModelId('x/')).toBeUndefined();
  });
});

describe('the kept endpoints', () => {
  it('round-trips, normalises addresses and drops damaged entries', () => {
    const storage = memoryStorage();
    writeEndpoints(
      [{ id: 'lab', name: 'Lab', baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'sk-1' }],
      storage,
    );
    expect(readEndpoints(storage)).toEqual([
      { id: 'lab', name: 'Lab', baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'sk-1' },
    ]);
    storage.setItem(
      ENDPOINTS_KEY,
      JSON.stringify([
        { id: 'ok', name: 'Ok', baseUrl: 'localhost:11434' },
        { id: 'Bad Id', name: 'x', baseUrl: 'http://a/v1' },
        { id: 'js', name: 'x', baseUrl: 'javascript:alert(1)' },
        { id: 'nameless', name: ' ', baseUrl: 'http://a/v1' },
        null,
        'text',
      ]),
    );
    expect(readEndpoints(storage)).toEqual([
      { id: 'ok', name: 'Ok', baseUrl: 'http://localhost:11434/v1' },
    ]);
    storage.setItem(ENDPOINTS_KEY, '{not json');
    expect(readEndpoints(storage)).toEqual([]);
  });

  it('gives each new endpoint a unique id from its name', () => {
    expect(endpointIdFor('vLLM on the lab box', [])).toBe('vllm-on-the-lab-box');
    expect(endpointIdFor('Lab', ['lab', 'lab-2'])).toBe('lab-3');
    expect(endpointIdFor('☃', [])).toBe('server');
  });
});

describe('the picker’s families of a server', () => {
  const found = {
    ...groupModels([
      { id: 'base-a', contextLength: 8192 },
      { id: 'a-legal', parent: 'base-a', contextLength: 8192 },
      { id: 'orphan', parent: 'gone' },
    ]),
    skipped: 0,
  };
  const menu = endpointMenu([
    { endpoint: { id: 'lab', name: 'Lab', baseUrl: 'http://127.0.0.1:8000/v1' }, found },
    { endpoint: { id: 'down', name: 'Down', baseUrl: 'http://127.0.0.1:9/v1' } },
  ]);

  it('lists each base with its adapters, then adapters of bases not listed', () => {
    expect(menu.map((f) => [f.name, f.models.map((m) => m.id)])).toEqual([
      ['base-a · Lab', ['lab/base-a', 'lab/a-legal']],
      ['Adapters of bases not listed · Lab', ['lab/orphan']],
    ]);
    expect(menu.every((f) => f.engine === 'endpoint')).toBe(true);
    const [base, adapter] = menu[0]!.models;
    expect(base).toMatchObject({ name: 'base-a', isBase: true, served: 'base' });
    expect(adapter).toMatchObject({ name: 'a-legal', isBase: false, served: 'adapter' });
    expect(adapter!.facts).toMatchObject({ base: 'base-a', context: '8k tokens' });
    expect(menu[1]!.models[0]!.facts.base).toBe('gone');
  });

  it('says an adapter is an adapter, not the person’s own fine-tune or a public one', () => {
    const [base, adapter] = menu[0]!.models;
    expect(tuningLabel(base!).short).toBe('base model');
    expect(tuningLabel(adapter!)).toMatchObject({
      kind: 'undescribed',
      short: 'LoRA adapter on your server',
    });
  });
});

describe('engines and URL options', () => {
  it('every engine has its facts and label', () => {
    for (const name of ENGINE_NAMES) {
      expect(ENGINES[name].label).toBe(ENGINE_LABELS[name]);
      expect(ENGINES[name].runs.length).toBeGreaterThan(10);
    }
    expect(ENGINES.endpoint.localMemory).toBe(false);
  });

  it('?endpoint= names a server for this visit and ?generator= its models (colons allowed)', () => {
    expect(generatorFromUrl('?endpoint=http://127.0.0.1:8000/v1&generator=llama3:8b')).toEqual({
      models: ['llama3:8b'],
      endpoint: 'http://127.0.0.1:8000/v1',
    });
    expect(generatorFromUrl('?generator=a/b,../x')).toEqual({ models: ['a/b'] });
  });
});
