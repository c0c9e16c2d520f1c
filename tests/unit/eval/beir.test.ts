// BEIR parsing: corpus, queries and qrels into typed structures, file discovery, and errors that
// name the file and line of malformed input.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { parseBeir, parseCorpus, parseQrels, parseQueries } from '../../../src/lib/eval/beir';

const corpus = [
  '{"_id": "d1", "title": "Kettles", "text": "Descale monthly."}',
  '{"_id": "d2", "text": "No title here."}',
  '',
  '{"_id": 3, "title": null, "text": "Numeric id."}',
].join('\n');
const queries =
  '\uFEFF{"_id": "q1", "text": "how often to descale?"}\r\n{"_id": "q2", "text": "x"}\r\n';
const qrels = 'query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\nq2\t3\t1\n';

function errorOf(run: () => unknown): RagtuneError {
  try {
    run();
  } catch (error) {
    if (error instanceof RagtuneError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('BEIR parsing', () => {
  it('parses corpus, queries (BOM, CRLF) and graded qrels', () => {
    expect(parseCorpus(corpus)).toEqual([
      { id: 'd1', title: 'Kettles', text: 'Descale monthly.' },
      { id: 'd2', title: '', text: 'No title here.' },
      { id: '3', title: '', text: 'Numeric id.' },
    ]);
    expect(parseQueries(queries)).toEqual([
      { id: 'q1', text: 'how often to descale?' },
      { id: 'q2', text: 'x' },
    ]);
    const judged = parseQrels(qrels);
    expect([...judged.keys()]).toEqual(['q1', 'q2']);
    expect(judged.get('q1')).toEqual(
      new Map([
        ['d1', 2],
        ['d2', 0],
      ]),
    );
    expect(parseQrels('q9\td9\t1\n').get('q9')?.get('d9')).toBe(1); // no header
  });

  it('finds the files in a folder, preferring qrels/test.tsv', () => {
    const dataset = parseBeir([
      { path: 'scifact/corpus.jsonl', text: corpus },
      { path: 'scifact/queries.jsonl', text: queries },
      { path: 'scifact/qrels.test.tsv', text: 'q2\td1\t1\n' },
      { path: 'scifact\\qrels\\test.tsv', text: qrels },
    ]);
    expect(dataset.corpus.length).toBe(3);
    expect(dataset.queries.length).toBe(2);
    expect(dataset.qrels.get('q2')?.get('3')).toBe(1);
    const flat = parseBeir([
      { path: 'corpus.jsonl', text: corpus },
      { path: 'queries.jsonl', text: queries },
      { path: 'qrels.test.tsv', text: qrels },
    ]);
    expect(flat.qrels.size).toBe(2);
  });

  it('names the file and line of malformed input', () => {
    const cases: [() => unknown, RegExp][] = [
      [
        () => parseCorpus('{"_id":"a","text":"ok"}\n{oops'),
        /corpus\.jsonl, line 2: not valid JSON/,
      ],
      [() => parseCorpus('{"_id":"a"}'), /corpus\.jsonl, line 1: "text" is missing/],
      [() => parseCorpus('{"text":"t"}'), /line 1: "_id" is missing/],
      [() => parseCorpus('[1,2]'), /line 1: expected a JSON object/],
      [
        () => parseQueries('{"_id":"q","text":"a"}\n{"_id":"q","text":"b"}'),
        /line 2: duplicate _id/,
      ],
      [() => parseQrels('query-id\tcorpus-id\tscore\nq1 d1 1'), /test\.tsv, line 2: expected 3/],
      [() => parseQrels('q1\td1\thigh', 'x/qrels/test.tsv'), /x\/qrels\/test\.tsv, line 1: score/],
      [() => parseQrels('\td1\t1'), /line 1: a query id or corpus id is empty/],
    ];
    for (const [run, message] of cases) {
      const error = errorOf(run);
      expect(error.code).toBe('invalid-dataset');
      expect(error.message).toMatch(message);
    }
  });

  it('says which file is missing', () => {
    const error = errorOf(() => parseBeir([{ path: 'corpus.jsonl', text: corpus }]));
    expect(error.code).toBe('invalid-dataset');
    expect(error.message).toMatch(/no queries\.jsonl/);
    const noQrels = errorOf(() =>
      parseBeir([
        { path: 'corpus.jsonl', text: corpus },
        { path: 'queries.jsonl', text: queries },
      ]),
    );
    expect(noQrels.message).toMatch(/no qrels\/test\.tsv or qrels\.test\.tsv/);
  });
});
