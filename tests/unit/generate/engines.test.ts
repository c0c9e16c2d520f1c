import { describe, expect, it } from 'vitest';
import {
  byModelKey,
  ENGINE_NAMES,
  isEngineName,
  modelKey,
} from '../../../src/lib/generate/engines';

describe('engines', () => {
  it('knows each engine by name, and nothing else', () => {
    for (const name of ENGINE_NAMES) expect(isEngineName(name)).toBe(true);
    for (const other of ['openai', 'WebLLM', '', undefined, 3])
      expect(isEngineName(other)).toBe(false);
  });

  it('finds a model by its key among models of both engines with the same id', () => {
    const models = [
      { engine: 'webllm' as const, id: 'same', name: 'A' },
      { engine: 'transformers' as const, id: 'same', name: 'B' },
    ];
    expect(modelKey(models[0]!)).not.toBe(modelKey(models[1]!));
    expect(byModelKey(models, modelKey(models[1]!))?.name).toBe('B');
    expect(byModelKey(models, 'transformers\nsame')).toBeUndefined();
  });
});
