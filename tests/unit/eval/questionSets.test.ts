// Question sets from files: JSONL, JSON, CSV/TSV, SQuAD v1.1 and BEIR, how each is detected, the
// documents SQuAD and BEIR offer to the library, and the errors for unusable files.
import { describe, expect, it } from 'vitest';
import {
  MAX_QUESTIONS,
  parseQuestionSet,
  type QuestionSetFile,
} from '../../../src/lib/eval/questionSets';
import { retrievalScores } from '../../../src/lib/eval/squad';
import { expectRagtuneError } from '../ingest/expectError';

const one = (path: string, text: string): QuestionSetFile[] => [{ path, text }];

describe('JSONL and JSON question sets', () => {
  it('reads questions, answers, gold documents and passages', () => {
    const jsonl = [
      '\uFEFF{"doc": "product_info_1.md", "question": "Is the tent for winter?", "answer": "No."}',
      '{"id": "q-2", "question": " How many people? ", "answers": ["4", {"text": "four"}, "4"]}',
      '',
      '{"question": "Which doc?", "docs": ["a.md", " b.md ", "a.md"], "passage": "Gold text."}',
      '{"answer": "orphan"}',
      '{"_id": 9, "query": "Numeric id?", "answer": 42}\r',
    ].join('\n');
    const parsed = parseQuestionSet(one('sets/contoso qa.jsonl', jsonl));
    expect(parsed.format).toBe('jsonl');
    expect(parsed.documents).toEqual([]);
    expect(parsed.set).toEqual({
      name: 'contoso qa',
      source: 'jsonl',
      items: [
        {
          id: '1',
          question: 'Is the tent for winter?',
          answers: ['No.'],
          goldDocs: ['product_info_1.md'],
        },
        { id: 'q-2', question: 'How many people?', answers: ['4', 'four'] },
        {
          id: '4',
          question: 'Which doc?',
          answers: [],
          goldDocs: ['a.md', 'b.md'],
          goldPassage: 'Gold text.',
        },
        { id: '9', question: 'Numeric id?', answers: ['42'] },
      ],
    });
    expect(parsed.notes).toEqual(['1 entry without a question skipped.']);
  });

  it('reads a JSON array, a single object, and JSONL saved as .json', () => {
    const array = parseQuestionSet(
      one('set.json', '[{"question": "A?", "answer": "a"}, {"question": "B?", "answers": []}]'),
    );
    expect(array.format).toBe('json');
    expect(array.set.source).toBe('jsonl');
    expect(array.set.items.map((item) => [item.id, item.answers])).toEqual([
      ['1', ['a']],
      ['2', []],
    ]);
    const single = parseQuestionSet(
      one('q.json', '{\n  "question": "Only?",\n  "answer": "yes"\n}'),
    );
    expect(single.set.items).toEqual([{ id: '1', question: 'Only?', answers: ['yes'] }]);
    const lines = parseQuestionSet(
      one('lines.json', '{"question": "A?", "answer": "a"}\n{"question": "B?", "answer": "b"}\n'),
    );
    expect(lines.format).toBe('jsonl');
    expect(lines.set.items.length).toBe(2);
    // No extension: told by the content.
    expect(parseQuestionSet(one('questions', '{"question": "A?"}')).set.items.length).toBe(1);
  });

  it('names the line of bad JSON, a wrong field or a repeated id', async () => {
    const bad = await expectRagtuneError(
      () => parseQuestionSet(one('q.jsonl', '{"question": "A?"}\n\n{"question": "B?",\n')),
      'invalid-json',
      'q.jsonl',
    );
    expect(bad.message).toContain('line 3');
    const notObject = await expectRagtuneError(
      () => parseQuestionSet(one('q.jsonl', '["A?"]')),
      'invalid-json',
      'q.jsonl',
    );
    expect(notObject.message).toContain('line 1');
    const field = await expectRagtuneError(
      () =>
        parseQuestionSet(one('q.jsonl', '{"question": "A?"}\n{"question": "B?", "answers": [1]}')),
      'invalid-dataset',
      'q.jsonl',
    );
    expect(field.message).toContain('line 2');
    expect(field.message).toContain('"answers"');
    const twice = await expectRagtuneError(
      () =>
        parseQuestionSet(
          one('q.jsonl', '{"id": "x", "question": "A?"}\n{"id": "x", "question": "B?"}'),
        ),
      'invalid-dataset',
      'q.jsonl',
    );
    expect(twice.message).toContain('line 2');
    expect(twice.message).toContain('line 1');
    await expectRagtuneError(
      () => parseQuestionSet(one('q.json', '{"question": ')),
      'invalid-json',
      'q.json',
    );
    await expectRagtuneError(
      () => parseQuestionSet(one('q.json', '"text"')),
      'invalid-dataset',
      'q.json',
    );
  });
});

describe('CSV question sets', () => {
  it('reads columns by name, answers as a JSON array or split on |, quoted cells whole', () => {
    const csv = [
      'ID, Question ,Answer,answers,doc,passage',
      'a1,"What is 1,000 + 1?","1,001",,manual.md,',
      ',"Multi-line\nquestion?",,"[""x, y"", ""z""]",a.md|b.md,"A gold ""passage""."',
      ',,,orphan|row,,',
      'a4,Pipes?,,one | two|,["c.md"],',
    ].join('\r\n');
    const parsed = parseQuestionSet(one('set.csv', csv));
    expect(parsed.format).toBe('csv');
    expect(parsed.set.items).toEqual([
      { id: 'a1', question: 'What is 1,000 + 1?', answers: ['1,001'], goldDocs: ['manual.md'] },
      {
        id: '3',
        question: 'Multi-line\nquestion?',
        answers: ['x, y', 'z'],
        goldDocs: ['a.md', 'b.md'],
        goldPassage: 'A gold "passage".',
      },
      { id: 'a4', question: 'Pipes?', answers: ['one', 'two'], goldDocs: ['c.md'] },
    ]);
    expect(parsed.notes).toEqual(['1 row without a question skipped.']);
  });

  it('reads TSV, and an answer starting with “[” that is not JSON', () => {
    const parsed = parseQuestionSet(one('set.tsv', 'question\tanswers\nWhich?\t[draft] v2|v3\n'));
    expect(parsed.set.items).toEqual([
      { id: '2', question: 'Which?', answers: ['[draft] v2', 'v3'] },
    ]);
  });

  it('says which columns it found when there is no question column', async () => {
    const error = await expectRagtuneError(
      () => parseQuestionSet(one('set.csv', 'prompt,answer\nA?,a\n')),
      'invalid-dataset',
      'set.csv',
    );
    expect(error.message).toContain('prompt, answer');
    await expectRagtuneError(
      () => parseQuestionSet(one('set.csv', 'question,answer\n"open,a\n')),
      'invalid-csv',
      'set.csv',
    );
    const onlyHeader = await expectRagtuneError(
      () => parseQuestionSet(one('set.csv', 'question,answer\n')),
      'invalid-dataset',
      'set.csv',
    );
    expect(onlyHeader.message).toContain('no usable questions');
  });
});

const squad = {
  version: '1.1',
  data: [
    {
      title: 'Super_Bowl_50',
      paragraphs: [
        {
          context: 'The Denver Broncos won Super Bowl 50.',
          qas: [
            {
              id: 's1',
              question: 'Who won?',
              answers: [{ text: 'Denver Broncos', answer_start: 4 }, { text: 'Denver Broncos' }],
            },
            { id: 's2', question: '  ', answers: [{ text: 'x' }] },
          ],
        },
        {
          context: 'It was played in Santa Clara.',
          qas: [{ id: 's3', question: 'Where?', answers: [{ text: 'Santa Clara' }] }],
        },
      ],
    },
    {
      title: 'Super Bowl 50',
      paragraphs: [
        {
          context: 'The Denver Broncos won Super Bowl 50.',
          qas: [{ id: 's4', question: 'Again?', answers: [] }],
        },
        { context: 'A different paragraph.', qas: [] },
      ],
    },
    {
      title: 'a/b',
      paragraphs: [
        {
          context: 'Slash title.',
          qas: [{ id: 's5', question: 'Slash?', answers: [{ text: 'yes' }] }],
        },
      ],
    },
  ],
};

describe('SQuAD v1.1 question sets', () => {
  it('gives every question its paragraph as passage and as a named document', () => {
    const parsed = parseQuestionSet(one('dev-v1.1.json', JSON.stringify(squad)));
    expect(parsed.format).toBe('squad');
    expect(parsed.set.name).toBe('dev-v1.1');
    expect(parsed.set.source).toBe('squad');
    expect(parsed.documents).toEqual([
      { name: 'Super Bowl 50 ¶1.txt', text: 'The Denver Broncos won Super Bowl 50.' },
      { name: 'Super Bowl 50 ¶2.txt', text: 'It was played in Santa Clara.' },
      // The second article's title is the same name: its new paragraph gets “(2)”.
      { name: 'Super Bowl 50 ¶2 (2).txt', text: 'A different paragraph.' },
      { name: 'a b ¶1.txt', text: 'Slash title.' },
    ]);
    expect(parsed.set.items).toEqual([
      {
        id: 's1',
        question: 'Who won?',
        answers: ['Denver Broncos'],
        goldDocs: ['Super Bowl 50 ¶1.txt'],
        goldPassage: 'The Denver Broncos won Super Bowl 50.',
      },
      {
        id: 's3',
        question: 'Where?',
        answers: ['Santa Clara'],
        goldDocs: ['Super Bowl 50 ¶2.txt'],
        goldPassage: 'It was played in Santa Clara.',
      },
      // The same paragraph text again: the library keeps one copy, so it shares the first name.
      {
        id: 's4',
        question: 'Again?',
        answers: [],
        goldDocs: ['Super Bowl 50 ¶1.txt'],
        goldPassage: 'The Denver Broncos won Super Bowl 50.',
      },
      {
        id: 's5',
        question: 'Slash?',
        answers: ['yes'],
        goldDocs: ['a b ¶1.txt'],
        goldPassage: 'Slash title.',
      },
    ]);
    expect(parsed.notes).toEqual([
      '1 passage repeats an earlier one word for word and shares its document.',
      '1 entry without a question text skipped.',
      '1 question has no answer (SQuAD v2’s unanswerable ones): no answer scores for them.',
    ]);
  });

  it('gold documents match the library’s names for them', () => {
    const parsed = parseQuestionSet(one('dev.json', JSON.stringify(squad)));
    const [doc] = parsed.documents;
    const item = parsed.set.items[0];
    if (!doc || !item) throw new Error('expected a document and an item');
    const source = { docName: doc.name, docId: 'lib-1', text: doc.text };
    expect(retrievalScores([source], item)).toEqual({ hit: 1, recall: 1 });
    expect(retrievalScores([{ ...source, docName: 'Super Bowl 50 ¶2.txt' }], item)).toEqual({
      hit: 0,
      recall: 0,
    });
  });

  it('names where a SQuAD file is malformed', async () => {
    const error = await expectRagtuneError(
      () =>
        parseQuestionSet(
          one('dev.json', '{"data": [{"title": "T", "paragraphs": [{"context": "c"}]}]}'),
        ),
      'invalid-dataset',
      'dev.json',
    );
    expect(error.message).toContain('data[0].paragraphs[0]');
  });
});

const corpus = [
  '{"_id": "d1", "title": "Kettles", "text": "Descale monthly."}',
  '{"_id": "d2", "text": "No title here."}',
  '{"_id": "d3", "title": "Kettles", "text": "Descale monthly."}',
  '{"_id": "d4", "title": "", "text": ""}',
].join('\n');
const queries = [
  '{"_id": "q1", "text": "How often to descale?"}',
  '{"_id": "q2", "text": "Which has no title?"}',
  '{"_id": "q3", "text": "Not judged"}',
  '{"_id": "q4", "text": "Only irrelevant or missing documents"}',
].join('\n');
const qrels =
  'query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t0\nq2\td2\t2\nq2\td3\t1\nq4\td2\t0\nq4\td9\t1\n';

describe('BEIR question sets', () => {
  it('turns judged queries into items whose gold documents it returns', () => {
    const parsed = parseQuestionSet([
      { path: 'kettles/corpus.jsonl', text: corpus },
      { path: 'kettles/queries.jsonl', text: queries },
      { path: 'kettles/qrels/test.tsv', text: qrels },
      { path: 'kettles/answers.jsonl', text: '{"_id": "q1", "answers": ["monthly", "monthly"]}\n' },
    ]);
    expect(parsed.format).toBe('beir');
    expect(parsed.set.name).toBe('kettles');
    expect(parsed.set.source).toBe('beir');
    expect(parsed.documents).toEqual([
      { name: 'Kettles [d1].txt', text: 'Kettles\n\nDescale monthly.' },
      { name: 'd2.txt', text: 'No title here.' },
    ]);
    expect(parsed.set.items).toEqual([
      {
        id: 'q1',
        question: 'How often to descale?',
        answers: ['monthly'],
        goldDocs: ['Kettles [d1].txt'],
      },
      // d3 repeats d1's text: it is d1's document.
      {
        id: 'q2',
        question: 'Which has no title?',
        answers: [],
        goldDocs: ['d2.txt', 'Kettles [d1].txt'],
      },
    ]);
    expect(parsed.notes).toEqual([
      '1 passage repeats an earlier one word for word and shares its document.',
      '1 corpus entry without text left out.',
      '1 query without relevance judgements skipped.',
      '1 query with no relevant document in the corpus (or no text) skipped.',
    ]);
  });

  it('says when answers are missing, and when a file is', async () => {
    const parsed = parseQuestionSet([
      { path: 'corpus.jsonl', text: corpus },
      { path: 'queries.jsonl', text: queries },
      { path: 'qrels.test.tsv', text: qrels },
    ]);
    expect(parsed.set.name).toBe('BEIR dataset');
    expect(parsed.notes.at(-1)).toContain('No answers.jsonl');
    const missing = await expectRagtuneError(
      () => parseQuestionSet([{ path: 'x/queries.jsonl', text: queries }]),
      'invalid-dataset',
    );
    expect(missing.message).toContain('corpus.jsonl');
    const badAnswers = await expectRagtuneError(
      () =>
        parseQuestionSet([
          { path: 'corpus.jsonl', text: corpus },
          { path: 'queries.jsonl', text: queries },
          { path: 'qrels.test.tsv', text: qrels },
          { path: 'answers.jsonl', text: '{"_id": "q1", "answers": "monthly"}' },
        ]),
      'invalid-dataset',
      'answers.jsonl',
    );
    expect(badAnswers.message).toContain('line 1');
  });
});

describe('unusable files and the size cap', () => {
  it('refuses empty files, no files, several loose files and files without questions', async () => {
    await expectRagtuneError(
      () => parseQuestionSet(one('q.jsonl', '\uFEFF \n\n')),
      'empty',
      'q.jsonl',
    );
    await expectRagtuneError(() => parseQuestionSet(one('q.csv', '')), 'empty', 'q.csv');
    await expectRagtuneError(() => parseQuestionSet([]), 'empty');
    await expectRagtuneError(
      () => parseQuestionSet([...one('a.csv', 'question\nA?'), ...one('b.csv', 'question\nB?')]),
      'invalid-dataset',
    );
    const nothing = await expectRagtuneError(
      () => parseQuestionSet(one('q.jsonl', '{"answer": "a"}\n{"question": ""}\n')),
      'invalid-dataset',
      'q.jsonl',
    );
    expect(nothing.message).toContain('2 entries without a question skipped');
  });

  const many = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ question: `Q${i + 1}?`, answer: `${i + 1}` }),
    ).join('\n');

  it(`refuses more than ${MAX_QUESTIONS} questions unless told how many to use`, async () => {
    const error = await expectRagtuneError(
      () => parseQuestionSet(one('big.jsonl', many(MAX_QUESTIONS + 1))),
      'too-large',
      'big.jsonl',
    );
    expect(error.message).toContain('5,001 questions');
    expect(error.message).toContain('at most 5,000');
    expect(parseQuestionSet(one('max.jsonl', many(MAX_QUESTIONS))).set.items.length).toBe(
      MAX_QUESTIONS,
    );
    const first = parseQuestionSet(one('big.jsonl', many(MAX_QUESTIONS + 1)), { limit: 3 });
    expect(first.set.items.map((item) => item.id)).toEqual(['1', '2', '3']);
    expect(first.notes).toEqual(['Using 3 of the 5,001 questions (the first ones).']);
    const spread = parseQuestionSet(one('ten.jsonl', many(10)), { limit: 4, pick: 'spread' });
    expect(spread.set.items.map((item) => item.id)).toEqual(['1', '3', '6', '8']);
    expect(parseQuestionSet(one('ten.jsonl', many(10)), { limit: 50 }).set.items.length).toBe(10);
    await expectRagtuneError(
      () => parseQuestionSet(one('ten.jsonl', many(10)), { limit: 0 }),
      'invalid-dataset',
    );
  });
});
