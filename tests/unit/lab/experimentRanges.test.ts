// Imported experiments, question-set limits and restored settings are checked against the ranges
// the UI enforces (src/lib/settings/ranges.ts); errors and notes name the field that is out.
import { describe, expect, it } from 'vitest';
import { parseQuestionSet } from '../../../src/lib/eval/questionSets';
import { experimentToJson, parseExperimentFile } from '../../../src/lib/lab/experimentFile';
import {
  armKey,
  type Arm,
  type Experiment,
  type ExperimentResult,
} from '../../../src/lib/lab/types';
import { restoreSettings } from '../../../src/lib/library/restoreSettings';
import { DEFAULT_SETTINGS } from '../../../src/lib/library/settings';
import { DECODING_RANGES, describeRange, inRange } from '../../../src/lib/settings/ranges';
import { clampDecoding } from '../../../src/lib/generate/decoding';
import { expectRagtuneError } from '../ingest/expectError';

const arm: Arm = { model: { engine: 'transformers', id: 'tiny/lm' }, context: 'rag' };
const experiment: Experiment = {
  id: 'e1',
  name: 'ranges',
  createdAt: 1,
  updatedAt: 2,
  status: 'done',
  set: { name: 'set', source: 'jsonl', items: [{ id: 'q1', question: 'Q?', answers: ['A'] }] },
  arms: [arm],
  decoding: { temperature: 0.7, topP: 0.9, maxTokens: 256, seed: 42 },
  search: { mode: 'hybrid', topK: 5, threshold: 0.2, rerank: false },
  chunking: { maxTokens: 200, overlapTokens: 40 },
  embeddingModel: 'm',
  documents: [],
};
const result: ExperimentResult = {
  experimentId: 'e1',
  itemId: 'q1',
  armKey: armKey(arm),
  answer: {
    armKey: armKey(arm),
    arm,
    text: 'A',
    modelId: 'm',
    prompt: [],
    sources: [],
    prepareMs: 3,
  },
  scores: { exactMatch: 1, f1: 1, contained: 1, hit: 1, recall: 1 },
  finishedAt: 3,
};

/** The valid file with the number at `path` replaced. */
function withValue(path: (string | number)[], value: number): string {
  const file = JSON.parse(experimentToJson(experiment, [result])) as Record<string, unknown>;
  let node = file as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return JSON.stringify(file);
}

describe('experiment files out of range', () => {
  it('reads a file whose numbers are all in range', () => {
    expect(parseExperimentFile(experimentToJson(experiment, [result])).experiment).toEqual(
      experiment,
    );
  });

  const cases: [(string | number)[], number, string][] = [
    [['experiment', 'decoding', 'temperature'], -5, 'Temperature must be between 0 and 2'],
    [['experiment', 'decoding', 'topP'], 99, 'Top-p must be between 0.01 and 1'],
    [['experiment', 'search', 'topK'], 1e9, 'Top k must be a whole number between 1 and 100'],
    [['experiment', 'decoding', 'maxTokens'], 1e12, 'Max answer tokens must be a whole number'],
    [['experiment', 'search', 'threshold'], -3, 'Threshold must be between 0 and 1'],
    [['results', 0, 'scores', 'f1'], 1e6, 'Score must be between 0 and 1'],
    [['experiment', 'chunking', 'overlapTokens'], 5000, 'Overlap (tokens) must be'],
    [['experiment', 'decoding', 'seed'], 0.5, 'Seed must be a whole number'],
    [['results', 0, 'answer', 'prepareMs'], -1, 'it must be a number, 0 or more'],
    [['results', 0, 'finishedAt'], -7, 'it must be a whole number, 0 or more'],
  ];
  for (const [path, value, words] of cases) {
    it(`refuses ${path.join('.')} = ${value}, naming the field`, async () => {
      const error = await expectRagtuneError(
        () => parseExperimentFile(withValue(path, value), 'lab.json'),
        'invalid-dataset',
        'lab.json',
      );
      const field = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
      expect(error.message).toContain(field.replace(/^\./, '').replace(/\.\[/g, '['));
      expect(error.message).toContain(words);
    });
  }
});

describe('question-set limits', () => {
  const file = {
    path: 'qs.jsonl',
    text: '{"question":"Q1?","answer":"A"}\n{"question":"Q2?","answer":"B"}',
  };
  it('refuses a number of questions outside the UI’s range, saying the range', async () => {
    for (const limit of [0, 1e9, 2.5]) {
      const error = await expectRagtuneError(
        () => parseQuestionSet([file], { limit }),
        'invalid-dataset',
      );
      expect(error.message).toContain('a whole number between 1 and 5,000');
    }
    expect(parseQuestionSet([file], { limit: 1 }).set.items).toHaveLength(1);
  });
});

describe('settings restored from storage', () => {
  it('falls back to the default for each value out of range or of the wrong type, with a note', () => {
    const { settings, notes } = restoreSettings({
      ...DEFAULT_SETTINGS,
      chunking: { maxTokens: 1e9, overlapTokens: 'lots' },
      search: { mode: 'psychic', topK: -4, threshold: 7, rerank: 'yes' },
    });
    expect(settings.chunking).toEqual(DEFAULT_SETTINGS.chunking);
    expect(settings.search).toEqual(DEFAULT_SETTINGS.search);
    expect(notes).toHaveLength(6);
    expect(notes[0]).toContain('Chunk size (tokens) (1000000000)');
    expect(notes.join(' ')).toMatch(/Top k \(-4\).*Threshold \(7\)/);
  });

  it('keeps good values without notes and survives a damaged record', () => {
    const good = { ...DEFAULT_SETTINGS, search: { ...DEFAULT_SETTINGS.search, topK: 9 } };
    expect(restoreSettings(good)).toEqual({ settings: good, notes: [] });
    expect(restoreSettings('garbage').settings).toEqual(DEFAULT_SETTINGS);
    expect(restoreSettings(undefined).notes).toEqual([]);
  });

  it('clamps decoding to the same ranges the inputs show', () => {
    const d = clampDecoding({ temperature: -5, topP: 99, maxTokens: 1e12, seed: 2 ** 40 });
    expect(d).toEqual({ temperature: 0, topP: 1, maxTokens: 4096, seed: DECODING_RANGES.seed.max });
    expect(inRange(0.5, DECODING_RANGES.temperature)).toBe(true);
    expect(describeRange(DECODING_RANGES.maxTokens)).toBe('a whole number between 1 and 4,096');
  });
});
