// The person's notes on a flat server's models (Ollama, LM Studio list no parent): a noted base
// groups a model under it in the picker and labels it as the person's note; notes that would make
// a chain or a cycle, name an unlisted model, or contradict the server are ignored; stored notes are
// read back field by field.
import { describe, expect, it } from 'vitest';
import {
  baseChoices,
  cleanNote,
  MAX_NOTE_CHARS,
  readNotes,
  withNotes,
} from '../../../../src/lib/generate/endpoint/notes';
import { readEndpoints, writeEndpoints } from '../../../../src/lib/generate/endpoint/endpointStore';
import { groupModels } from '../../../../src/lib/generate/endpoint/discover';
import type { Endpoint, EndpointModel } from '../../../../src/lib/generate/endpoint/types';
import { endpointMenu } from '../../../../src/lib/generate/modelMenu';
import { tuningLabel } from '../../../../src/lib/generate/tuningLabel';

const flat: EndpointModel[] = [{ id: 'llama3.2' }, { id: 'support-tuned' }, { id: 'qwen2.5' }];

describe('withNotes', () => {
  it('puts a noted model under its base, marked as noted', () => {
    const models = withNotes(flat, { 'support-tuned': { base: 'llama3.2' } });
    expect(models[1]).toEqual({ id: 'support-tuned', parent: 'llama3.2', parentNoted: true });
    const { groups } = groupModels(models);
    expect(groups.map((g) => [g.base.id, g.adapters.map((a) => a.id)])).toEqual([
      ['llama3.2', ['support-tuned']],
      ['qwen2.5', []],
    ]);
  });

  it('ignores a note that names itself, an unlisted model, or a model noted under another', () => {
    expect(withNotes(flat, { 'support-tuned': { base: 'support-tuned' } })[1]!.parent).toBe(
      undefined,
    );
    expect(withNotes(flat, { 'support-tuned': { base: 'gone' } })[1]!.parent).toBe(undefined);
    // A cycle: each noted under the other. Neither holds (a base must be a base itself).
    const cycle = withNotes(flat, {
      'support-tuned': { base: 'llama3.2' },
      'llama3.2': { base: 'support-tuned' },
    });
    expect(cycle.map((m) => m.parent)).toEqual([undefined, undefined, undefined]);
  });

  it('never overrides the parent the server gives', () => {
    const models = withNotes([{ id: 'base' }, { id: 'lora', parent: 'base' }, { id: 'other' }], {
      lora: { base: 'other' },
    });
    expect(models[1]).toEqual({ id: 'lora', parent: 'base' });
  });
});

describe('baseChoices', () => {
  it('offers listed bases only, never the model itself or one with a base of its own', () => {
    const notes = { 'support-tuned': { base: 'llama3.2' } };
    expect(baseChoices(flat, notes, 'qwen2.5')).toEqual(['llama3.2']);
    // A model that is the noted base of another is not offered a base (no chains).
    expect(baseChoices(flat, notes, 'llama3.2')).toEqual([]);
    expect(baseChoices(flat, undefined, 'qwen2.5')).toEqual(['llama3.2', 'support-tuned']);
  });
});

describe('stored notes', () => {
  it('are trimmed, capped, and dropped when empty or malformed', () => {
    expect(cleanNote({ base: '  ', tunedFor: '' })).toBeUndefined();
    expect(cleanNote({ tunedFor: ` ${'x'.repeat(400)} ` })!.tunedFor).toHaveLength(MAX_NOTE_CHARS);
    expect(
      readNotes({ a: { base: 'b', tunedFor: 7 }, c: 'text', d: { base: {} }, e: null }),
    ).toEqual({ a: { base: 'b' } });
    expect(readNotes([{ base: 'b' }])).toBeUndefined();
  });

  it('survive the endpoint list written and read back', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    } as Storage;
    const endpoint: Endpoint = {
      id: 'ollama',
      name: 'Ollama',
      baseUrl: 'http://localhost:11434/v1',
      notes: { 'support-tuned': { base: 'llama3.2', tunedFor: 'our support answers' } },
    };
    writeEndpoints([endpoint], storage);
    expect(readEndpoints(storage)).toEqual([endpoint]);
  });
});

describe('the picker and the labels', () => {
  const endpoint: Endpoint = {
    id: 'ollama',
    name: 'Ollama',
    baseUrl: 'http://localhost:11434/v1',
    notes: {
      'support-tuned': { base: 'llama3.2', tunedFor: 'our support answers' },
      'qwen2.5': { tunedFor: 'general chat' },
    },
  };
  const found = { ...groupModels(flat), skipped: 0 };
  const families = endpointMenu([{ endpoint, found }]);

  it('group the noted fine-tune with its base and say whose word each fact is', () => {
    expect(families.map((f) => [f.name, f.models.map((m) => m.name)])).toEqual([
      ['llama3.2 · Ollama', ['llama3.2', 'support-tuned']],
      ['qwen2.5 · Ollama', ['qwen2.5']],
    ]);
    const tuned = families[0]!.models[1]!;
    expect(tuned).toMatchObject({ isBase: false, served: 'noted' });
    expect(tuned.facts.tuning).toBe('fine-tune (its base as you noted it)');
    expect(tuned.facts.tunedFor).toBe('our support answers (your note)');
    expect(tuningLabel(tuned)).toEqual({
      kind: 'undescribed',
      short: 'fine-tune on your server',
      label:
        'fine-tune on your server (its base as you noted it), tuned for our support answers (your note)',
    });
    expect(families[1]!.models[0]!.facts.tunedFor).toBe('general chat (your note)');
  });

  it('leave the server’s adapters as the server describes them when nothing is noted', () => {
    const vllm = [{ id: 'base' }, { id: 'lora', parent: 'base' }];
    const [family] = endpointMenu([
      {
        endpoint: { id: 'v', name: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1' },
        found: { ...groupModels(vllm), skipped: 0 },
      },
    ]);
    expect(tuningLabel(family!.models[1]!).label).toBe(
      'LoRA adapter on your server — what it was trained on is not described',
    );
  });
});
