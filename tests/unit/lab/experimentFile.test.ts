// Experiment export and import: JSON round trip (including figures JSON cannot hold), CSV rows
// that survive commas, quotes and line breaks, and the errors for files that are not ours.
import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../../src/lib/ingest/parse/csv';
import {
  CSV_COLUMNS,
  experimentToJson,
  exportFileName,
  parseExperimentFile,
  resultsToCsv,
} from '../../../src/lib/lab/experimentFile';
import {
  armKey,
  type Arm,
  type Experiment,
  type ExperimentResult,
} from '../../../src/lib/lab/types';
import { expectRagtuneError } from '../ingest/expectError';

const rag: Arm = {
  model: { engine: 'webllm', id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC', name: 'Qwen2.5 0.5B' },
  context: 'rag',
};
const bare: Arm = {
  model: { engine: 'transformers', id: 'onnx-community/SmolLM2-135M' },
  context: 'none',
};

const experiment: Experiment = {
  id: 'exp-1',
  name: 'Tents: RAG vs none / v2?',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_100_000,
  status: 'done',
  set: {
    name: 'contoso',
    source: 'jsonl',
    items: [
      {
        id: 'q1',
        question: 'Is it "waterproof", really?',
        answers: ['Yes, fully.', 'yes'],
        goldDocs: ['tent.md'],
      },
      {
        id: 'q2',
        question: 'Line one\nline two',
        answers: [],
        goldPassage: 'Gold, "quoted"\r\npassage.',
      },
    ],
  },
  arms: [rag, bare],
  decoding: { temperature: 0, topP: 1, maxTokens: 256, seed: 42 },
  search: { mode: 'hybrid', topK: 5, threshold: 0, rerank: false },
  chunking: { maxTokens: 200, overlapTokens: 40 },
  embeddingModel: 'Xenova/bge-small-en-v1.5',
  documents: [{ id: 'd1', name: 'tent.md', contentHash: 'abc123' }],
};

function result(
  arm: Arm,
  itemId: string,
  text: string,
  extra: Partial<ExperimentResult['answer']> = {},
  scores: ExperimentResult['scores'] = { exactMatch: 0, f1: 0.5, contained: 1 },
): ExperimentResult {
  return {
    experimentId: 'exp-1',
    itemId,
    armKey: armKey(arm),
    answer: {
      armKey: armKey(arm),
      arm,
      text,
      modelId: `${arm.model.id}-engine`,
      prompt: [
        { role: 'system', content: 'Answer from the sources.' },
        { role: 'user', content: 'Q?' },
      ],
      sources: [],
      prepareMs: 12.5,
      ...extra,
    },
    scores,
    finishedAt: 1_700_000_050_000,
  };
}

const results: ExperimentResult[] = [
  // Out of order on purpose: the CSV follows the set's questions, then the arms.
  result(bare, 'q2', '', { error: 'The context is too long, "really".' }),
  result(
    rag,
    'q2',
    'Ünïcødé — “quotes”, commas,\nand a new line',
    {
      sources: [
        {
          n: 1,
          chunkId: 'c1',
          docId: 'd1',
          docName: 'tent.md',
          score: 0.83,
          text: 'Chunk',
          headingPath: ['Tent', 'Care'],
          page: 2,
        },
      ],
      noneFound: false,
      reasoning: 'The tent is small.',
      cutOff: true,
      stats: {
        prefillTokens: 300,
        penalties: { repetition: 1, frequency: 0, presence: 0 },
        promptTokens: 321,
        completionTokens: 20,
        timeToFirstTokenMs: 140.25,
        prefillTokensPerS: 900,
        decodeTokensPerS: NaN,
        totalMs: 800,
        modelId: 'qwen-engine',
        timingSource: 'engine',
      },
    },
    { exactMatch: 1, f1: 1, contained: 1, hit: 1, recall: 0.5 },
  ),
  result(rag, 'q1', '=SUM(A1:A2), "hi"', { stopped: true, droppedDocuments: 2 }),
];

describe('experiment JSON', () => {
  it('round-trips an experiment and its results, NaN included', () => {
    const json = experimentToJson(experiment, results, new Date('2025-01-02T03:04:05.000Z'));
    const file = JSON.parse(json) as Record<string, unknown>;
    expect(file.format).toBe('ragtune-experiment');
    expect(file.version).toBe(1);
    expect(file.exportedAt).toBe('2025-01-02T03:04:05.000Z');
    const back = parseExperimentFile(json, 'tents.json');
    expect(back.experiment).toEqual(experiment);
    expect(back.results).toEqual(results);
    expect(Number.isNaN(back.results[1]?.answer.stats?.decodeTokensPerS)).toBe(true);
    expect(back.exportedAt).toBe('2025-01-02T03:04:05.000Z');
    // Fields a file adds beyond the types are not carried in.
    const extra = JSON.parse(json) as { experiment: Record<string, unknown> };
    extra.experiment.injected = 'x';
    expect(parseExperimentFile(JSON.stringify(extra)).experiment).toEqual(experiment);
  });

  it('records the fusion, its weight, the candidate depth and the document weight', () => {
    const tuned: Experiment = {
      ...experiment,
      search: {
        ...experiment.search,
        fusion: 'convex',
        fusionWeight: 0.3,
        candidates: 500,
        docWeight: 0.5,
      },
    };
    const back = parseExperimentFile(experimentToJson(tuned, results), 'tuned.json');
    expect(back.experiment.search).toEqual(tuned.search);
    const bad = JSON.parse(experimentToJson(tuned, results)) as {
      experiment: { search: Record<string, unknown> };
    };
    bad.experiment.search.fusion = 'sum';
    expect(() => parseExperimentFile(JSON.stringify(bad), 'x.json')).toThrow(/search\.fusion/);
  });

  it('keeps an arm’s multi-query / HyDE and its record; a file without them reads as before', () => {
    const hyde: Arm = { ...rag, preRetrieval: { multiQuery: false, hyde: true } };
    const withHyde = { ...experiment, arms: [hyde, bare] };
    const record = {
      queries: ['Is it waterproof?', 'The tent is fully waterproof.'],
      hypothetical: 'The tent is fully waterproof.',
      cost: { generateMs: 12.5, searchMs: 3, promptTokens: 40, completionTokens: 9 },
    };
    const result = {
      ...results[0]!,
      armKey: armKey(hyde),
      answer: { ...results[0]!.answer, armKey: armKey(hyde), arm: hyde, preRetrieval: record },
    };
    const back = parseExperimentFile(experimentToJson(withHyde, [result]));
    expect(back.experiment.arms[0]).toEqual(hyde);
    expect(back.results[0]!.answer.preRetrieval).toEqual(record);
    expect(back.results[0]!.armKey).toBe(armKey(hyde));
    expect(armKey(hyde)).not.toBe(armKey(rag));
    // The CSV's arm column says it.
    const csv = parseCsvRows(resultsToCsv(withHyde, [result]), 'r.csv');
    const column = (name: string) => csv[1]![CSV_COLUMNS.indexOf(name as never)];
    expect(column('arm')).toBe('Qwen2.5 0.5B · RAG + HyDE');
    expect([column('context'), column('pre_retrieval')]).toEqual(['rag', 'hyde']);
    // Older files have no such fields: they read back without them.
    const old = parseExperimentFile(experimentToJson(experiment, results));
    expect(old.experiment.arms[0]).not.toHaveProperty('preRetrieval');
    // A wrong value is named.
    const bad = JSON.parse(experimentToJson(withHyde, [])) as {
      experiment: { arms: { preRetrieval: { hyde: unknown } }[] };
    };
    bad.experiment.arms[0]!.preRetrieval.hyde = 'yes';
    expect(() => parseExperimentFile(JSON.stringify(bad))).toThrow(
      /experiment\.arms\[0\]\.preRetrieval\.hyde/,
    );
  });

  it('names the file and the field that is wrong', async () => {
    await expectRagtuneError(
      () => parseExperimentFile('{"format": ', 'x.json'),
      'invalid-json',
      'x.json',
    );
    const notOurs = await expectRagtuneError(
      () => parseExperimentFile('[1, 2]', 'x.json'),
      'invalid-dataset',
      'x.json',
    );
    expect(notOurs.message).toContain('not a ragtune experiment');
    const good = JSON.parse(experimentToJson(experiment, results)) as Record<string, unknown>;
    /** The good file with the field at `path` set to `value` (removed when undefined). */
    const edit = (path: (string | number)[], value?: unknown): string => {
      const copy = structuredClone(good);
      let node = copy as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      if (value === undefined) delete node[last];
      else node[last] = value;
      return JSON.stringify(copy);
    };
    const newer = await expectRagtuneError(
      () => parseExperimentFile(edit(['version'], 2), 'x.json'),
      'invalid-dataset',
      'x.json',
    );
    expect(newer.message).toContain('newer ragtune');
    const unknown = await expectRagtuneError(
      () => parseExperimentFile(edit(['version'])),
      'invalid-dataset',
    );
    expect(unknown.message).toContain('unknown experiment file version');
    const cases: [(string | number)[], unknown, string][] = [
      [['results', 1, 'answer', 'text'], 5, 'results[1].answer.text must be text'],
      [['results'], {}, 'results must be a list'],
      [['experiment', 'arms', 0, 'context'], 'both', 'experiment.arms[0].context must be one of'],
      [
        ['experiment', 'set', 'items', 1, 'answers'],
        'x',
        'experiment.set.items[1].answers must be a list',
      ],
      [['experiment', 'set', 'items', 1, 'id'], 'q1', 'experiment.set.items[1].id repeats “q1”'],
      [['experiment', 'search'], undefined, 'experiment.search must be an object'],
      [
        ['results', 0, 'answer', 'stats'],
        { modelId: 'm' },
        'results[0].answer.stats.promptTokens must be a number',
      ],
      [['results', 2, 'experimentId'], 'other', 'results[2].experimentId is “other”'],
      [['results', 2, 'itemId'], 'q9', '“q9” is not a question of the experiment'],
    ];
    for (const [path, value, message] of cases) {
      const error = await expectRagtuneError(
        () => parseExperimentFile(edit(path, value), 'x.json'),
        'invalid-dataset',
        'x.json',
      );
      expect(error.message).toContain(message);
    }
  });
});

describe('results CSV', () => {
  it('writes one row per question × arm, quoting what needs it, and reads back cell for cell', () => {
    const csv = resultsToCsv(experiment, results);
    const rows = parseCsvRows(csv, 'results.csv');
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1)).toEqual([
      [
        'q1',
        'Is it "waterproof", really?',
        '["Yes, fully.","yes"]',
        'Qwen2.5 0.5B · RAG',
        armKey(rag),
        'webllm',
        'Qwen2.5-0.5B-Instruct-q4f16_1-MLC-engine',
        'rag',
        '',
        'hybrid search (RRF), top 5',
        // A model's answer that looks like a formula is shown, not run: a leading ' (CSV injection).
        '\'=SUM(A1:A2), "hi"',
        '0',
        '0.5',
        '1',
        '',
        '',
        '',
        '',
        '',
        '',
        'true',
        '',
      ],
      [
        'q2',
        'Line one\nline two',
        '[]',
        'Qwen2.5 0.5B · RAG',
        armKey(rag),
        'webllm',
        'Qwen2.5-0.5B-Instruct-q4f16_1-MLC-engine',
        'rag',
        '',
        'hybrid search (RRF), top 5',
        'Ünïcødé — “quotes”, commas,\nand a new line',
        '1',
        '1',
        '1',
        '1',
        '0.5',
        '321',
        '140.25',
        '',
        '800',
        '',
        '',
      ],
      [
        'q2',
        'Line one\nline two',
        '[]',
        'onnx-community/SmolLM2-135M · no documents',
        armKey(bare),
        'transformers',
        'onnx-community/SmolLM2-135M-engine',
        'none',
        '',
        '',
        '',
        '0',
        '0.5',
        '1',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'The context is too long, "really".',
      ],
    ]);
  });

  it('says the search an arm’s sources came from, with the mode that ran', () => {
    const first = results[1]!; // q2, the RAG arm
    const fellBack = { ...first, answer: { ...first.answer, searchMode: 'keyword' as const } };
    const csv = parseCsvRows(resultsToCsv(experiment, [fellBack, results[2]!]), 'r.csv');
    const searchOf = (itemId: string) =>
      csv.find((row) => row[0] === itemId)![CSV_COLUMNS.indexOf('search')];
    expect(fellBack.itemId).not.toBe(results[2]!.itemId);
    // The experiment asked for hybrid; this answer's search ran as keyword (no model was ready).
    expect(searchOf(fellBack.itemId)).toBe('keyword search, top 5');
    expect(searchOf(results[2]!.itemId)).toBe('hybrid search (RRF), top 5');
    const back = parseExperimentFile(experimentToJson(experiment, [fellBack]));
    expect(back.results[0]!.answer.searchMode).toBe('keyword');
    const bad = JSON.parse(experimentToJson(experiment, [fellBack])) as {
      results: { answer: { searchMode: unknown } }[];
    };
    bad.results[0]!.answer.searchMode = 'psychic';
    expect(() => parseExperimentFile(JSON.stringify(bad))).toThrow(
      /results\[0\]\.answer\.searchMode/,
    );
  });

  it('follows RFC 4180 quoting on the wire', () => {
    const csv = resultsToCsv(experiment, [results[2] as ExperimentResult]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      `q1,"Is it ""waterproof"", really?","[""Yes, fully."",""yes""]",Qwen2.5 0.5B · RAG,${armKey(rag)},webllm,` +
        `Qwen2.5-0.5B-Instruct-q4f16_1-MLC-engine,rag,,"hybrid search (RRF), top 5","'=SUM(A1:A2), ""hi""",0,0.5,1,,,,,,,true,`,
    );
    expect(lines.length).toBe(2);
  });

  it('makes a safe file name', () => {
    expect(exportFileName(experiment, 'csv')).toBe('Tents RAG vs none v2.csv');
    expect(exportFileName({ name: ' /// ' }, 'json')).toBe('experiment.json');
  });
});
