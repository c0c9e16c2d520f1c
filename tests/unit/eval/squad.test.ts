// SQuAD v1.1 metrics against hand-computed values and against 400 random cases scored by a
// transcription of the official script (squad-reference/cases.json, made by reference.py);
// then the lab's containment, retrieval and per-arm scores.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import {
  aggregate,
  answerContained,
  evaluate,
  evaluateQuestions,
  exactMatchScore,
  f1Score,
  goldDocMatches,
  metricMaxOverGroundTruths,
  normalizeAnswer,
  passageMatches,
  retrievalScores,
  scoreAnswer,
  type SquadArticle,
} from '../../../src/lib/eval/squad';
import type { GenerationStats } from '../../../src/lib/generate/Generator';
import { armKey, type Arm, type ExperimentResult } from '../../../src/lib/lab/types';
import reference from './squad-reference/cases.json';

describe('normalize_answer', () => {
  it.each([
    ['The Denver Broncos!', 'denver broncos'],
    ['an apple a day', 'apple day'],
    ['A AN THE', ''],
    // Articles inside words stay.
    ['another theatre anthem Athens', 'another theatre anthem athens'],
    // Punctuation goes before articles: “a.m.” → “am”, “the_” → “the” → removed, “co-op” → “coop”.
    ['a.m. the_ co-op', 'am coop'],
    ["Levi's Stadium, (Santa Clara).", 'levis stadium santa clara'],
    // Whitespace: tabs, newlines, CR, runs; leading and trailing.
    ['  New\tYork\r\n\n City \t', 'new york city'],
    // Python's whitespace: NBSP, ideographic space and U+001C split; ZWSP and BOM do not.
    ['x\u00a0y\u3000z\u001cw', 'x y z w'],
    ['x\u200by\ufeffz', 'x\u200by\ufeffz'],
    // Unicode: full lower-casing, final sigma; non-ASCII punctuation stays.
    ['CAFÉ ΟΔΟΣ Straße', 'café οδος straße'],
    ['“The” answer – 24–10', '“ ” answer – 24–10'],
    // Python's \b is Unicode-aware: “éa” keeps its “a”; a combining accent is not a word char.
    ['éa aé ña', 'éa aé ña'],
    ['a\u0301', '\u0301'],
    ['東京 the 大学', '東京 大学'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });
});

describe('exact match and F1', () => {
  it('scores one pair by hand', () => {
    expect(exactMatchScore('The Denver Broncos.', 'denver broncos')).toBe(1);
    expect(exactMatchScore('Denver', 'Denver Broncos')).toBe(0);
    // pred {cat, sat, on, mat}, gold {cat, on, mat}: P = 3/4, R = 1, F1 = 6/7.
    expect(f1Score('the cat sat on the mat', 'a cat on a mat')).toBeCloseTo(6 / 7, 15);
    // Repeated tokens count once per gold occurrence: P = 1/3, R = 1, F1 = 1/2.
    expect(f1Score('paris paris paris', 'Paris')).toBe(0.5);
    expect(f1Score('Broncos', 'Denver Broncos')).toBeCloseTo(2 / 3, 15);
    expect(f1Score('nothing shared', 'Denver')).toBe(0);
  });

  it('follows the official v1.1 script when both sides normalise to nothing: EM 1, F1 0', () => {
    expect(exactMatchScore('', 'The')).toBe(1);
    expect(f1Score('', 'The')).toBe(0);
    expect(exactMatchScore('', 'Denver')).toBe(0);
    expect(f1Score('', 'Denver')).toBe(0);
  });

  it('takes the best of several gold answers and refuses none', () => {
    const golds = ['Denver Broncos', 'the Broncos', 'Broncos of Denver, Colorado'];
    expect(metricMaxOverGroundTruths(exactMatchScore, 'Broncos', golds)).toBe(1);
    expect(metricMaxOverGroundTruths(f1Score, 'Denver', golds)).toBeCloseTo(2 / 3, 15);
    expect(() => metricMaxOverGroundTruths(f1Score, 'x', [])).toThrow(RagtuneError);
  });

  it('matches the official script on 400 random cases, to the last bit', () => {
    expect(reference.cases.length).toBe(400);
    for (const c of reference.cases) {
      const [prediction, ...answers] = c.normalized;
      expect(normalizeAnswer(c.prediction), JSON.stringify(c.prediction)).toBe(prediction);
      c.answers.forEach((answer, i) => expect(normalizeAnswer(answer)).toBe(answers[i]));
      const scores = scoreAnswer(c.prediction, c.answers);
      expect(scores.exactMatch, JSON.stringify(c)).toBe(c.exact_match);
      expect(scores.f1, JSON.stringify(c)).toBe(c.f1);
      expect(scores.contained === 1, JSON.stringify(c)).toBe(c.contained);
    }
    // The set exercises every branch: exact matches, partial F1, misses, empty predictions.
    expect(reference.cases.filter((c) => c.exact_match === 1).length).toBeGreaterThan(20);
    expect(reference.cases.filter((c) => c.f1 > 0 && c.f1 < 1).length).toBeGreaterThan(20);
    expect(reference.cases.filter((c) => c.f1 === 0).length).toBeGreaterThan(20);
  });
});

describe('evaluate', () => {
  const dataset: SquadArticle[] = [
    {
      title: 'Super_Bowl_50',
      paragraphs: [
        {
          context: 'Denver Broncos defeated Carolina Panthers.',
          qas: [
            { id: 'q1', answers: [{ text: 'Denver Broncos' }, { text: 'Broncos' }] },
            { id: 'q2', answers: [{ text: 'Carolina Panthers' }] },
          ],
        },
        { qas: [{ id: 'q3', answers: [{ text: 'Santa Clara' }] }] },
      ],
    },
  ];

  it('scores on 0–100 and counts a missing prediction as 0', () => {
    // q1 exact; q2 pred {panthers}, gold {carolina, panthers}: P 1, R 1/2, F1 2/3; q3 missing.
    const result = evaluate(dataset, { q1: 'the Broncos', q2: 'Panthers', extra: 'ignored' });
    expect(result.count).toBe(3);
    expect(result.missing).toEqual(['q3']);
    expect(result.exact_match).toBeCloseTo(100 / 3, 12);
    expect(result.f1).toBeCloseTo((100 * (1 + 2 / 3)) / 3, 12);
  });

  it('reproduces the official script on the random cases as one dataset', () => {
    const result = evaluate(
      reference.dataset as SquadArticle[],
      reference.predictions as Record<string, string>,
    );
    expect(result.exact_match).toBe(reference.evaluation.exact_match);
    expect(result.f1).toBe(reference.evaluation.f1);
    expect(result.missing).toEqual(reference.evaluation.missing);
    expect(result.count).toBe(400);
  });

  it('does not treat inherited object keys as predictions, and refuses no questions', () => {
    const result = evaluateQuestions([{ id: 'constructor', answers: ['x'] }], {});
    expect(result.missing).toEqual(['constructor']);
    expect(result.f1).toBe(0);
    expect(() => evaluateQuestions([], {})).toThrow(RagtuneError);
  });
});

describe('answer containment and scoreAnswer', () => {
  it('finds a normalised answer as whole tokens', () => {
    expect(answerContained('It is Paris, France.', ['paris'])).toBe(true);
    expect(answerContained('Parisian food', ['Paris'])).toBe(false);
    expect(answerContained('in New York City', ['Boston', 'new york'])).toBe(true);
    expect(answerContained('York, New', ['New York'])).toBe(false);
    expect(answerContained('the theatre', ['The'])).toBe(false); // normalises to nothing
    expect(answerContained('', ['x'])).toBe(false);
  });

  it('scores on 0..1 and gives 0 without accepted answers', () => {
    expect(scoreAnswer('The answer is Denver Broncos.', ['Denver Broncos'])).toEqual({
      exactMatch: 0,
      // pred {answer, is, denver, broncos}: P 2/4, R 1, F1 2/3.
      f1: (2 * 0.5 * 1) / 1.5,
      contained: 1,
    });
    expect(scoreAnswer('', ['Denver'])).toEqual({ exactMatch: 0, f1: 0, contained: 0 });
    expect(scoreAnswer('anything', [])).toEqual({ exactMatch: 0, f1: 0, contained: 0 });
  });
});

describe('retrieval scores', () => {
  const source = (docName: string, text = '', docId = `id-${docName}`) => ({
    docName,
    docId,
    text,
  });

  it('matches gold documents by id or by name (case, extension)', () => {
    expect(goldDocMatches('Manual.MD', source('manual.md'))).toBe(true);
    expect(goldDocMatches('manual', source('manual.md'))).toBe(true);
    expect(goldDocMatches('manual.txt', source('manual.md'))).toBe(false);
    expect(goldDocMatches('d7', source('other.md', '', 'd7'))).toBe(true);
    expect(goldDocMatches('', source('.md'))).toBe(false);
  });

  it('gives hit and recall over the distinct gold documents', () => {
    const sources = [source('a.md'), source('b.md'), source('a.md')];
    expect(retrievalScores(sources, { goldDocs: ['a.md', 'c.md', 'a.md'] })).toEqual({
      hit: 1,
      recall: 0.5,
    });
    expect(retrievalScores(sources, { goldDocs: ['z.md'] })).toEqual({ hit: 0, recall: 0 });
    expect(retrievalScores([], { goldDocs: ['a.md'] })).toEqual({ hit: 0, recall: 0 });
    expect(retrievalScores(sources, {})).toEqual({});
    expect(retrievalScores(sources, { goldDocs: [], goldPassage: '  ' })).toEqual({});
  });

  const passage =
    'Super Bowl 50 was an American football game to determine the champion of the National ' +
    'Football League for the 2015 season. The Denver Broncos defeated the Carolina Panthers ' +
    'to earn their third Super Bowl title.';

  it('finds a gold passage in a source that contains it, whatever the case and punctuation', () => {
    const chunk = `Intro text here.\n\n${passage.toUpperCase().replace(/\./g, ';')}\n\nMore.`;
    expect(passageMatches(chunk, passage)).toBe(true);
    expect(
      retrievalScores([source('x', 'unrelated'), source('y', chunk)], { goldPassage: passage }),
    ).toEqual({ hit: 1, recall: 1 });
  });

  it('counts a chunk cut from the passage, or most of it, but not shared common words', () => {
    // The second sentence alone: all its trigrams are in the passage.
    expect(passageMatches('The Denver Broncos defeated the Carolina Panthers.', passage)).toBe(
      true,
    );
    // The passage’s first 24 of 35 words (19 of its 29 tokens), then other text: a chunk boundary.
    const words = passage.split(' ');
    expect(
      passageMatches(`${words.slice(0, 24).join(' ')} and then unrelated words follow`, passage),
    ).toBe(true);
    // A quarter of it: under half of the passage's trigrams, and most of the chunk is elsewhere.
    expect(
      passageMatches(`${words.slice(0, 8).join(' ')} ${'other words here '.repeat(10)}`, passage),
    ).toBe(false);
    // The same words shuffled share no trigrams.
    expect(passageMatches([...words].reverse().join(' '), passage)).toBe(false);
    // Short passages must be contained.
    expect(passageMatches('Denver', 'Denver Broncos')).toBe(false);
    expect(passageMatches('the Denver Broncos won', 'Denver Broncos')).toBe(true);
  });

  it('lets gold documents decide when both are known', () => {
    expect(
      retrievalScores([source('other.txt', passage)], {
        goldDocs: ['gold.txt'],
        goldPassage: passage,
      }),
    ).toEqual({ hit: 0, recall: 0 });
  });
});

describe('aggregate', () => {
  const armA: Arm = { model: { engine: 'webllm', id: 'qwen' }, context: 'rag' };
  const armB: Arm = { model: { engine: 'transformers', id: 'smol' }, context: 'none' };
  const armC: Arm = { model: { engine: 'webllm', id: 'never-ran' }, context: 'full' };
  const stats = (
    promptTokens: number,
    ttft: number,
    tps: number,
    total: number,
  ): GenerationStats => ({
    promptTokens,
    completionTokens: 10,
    timeToFirstTokenMs: ttft,
    prefillTokensPerS: 100,
    decodeTokensPerS: tps,
    totalMs: total,
    modelId: 'm',
    timingSource: 'engine',
  });
  const result = (
    arm: Arm,
    itemId: string,
    scores: ExperimentResult['scores'],
    extra: { stats?: GenerationStats; error?: string } = {},
  ): ExperimentResult => ({
    experimentId: 'e1',
    itemId,
    armKey: armKey(arm),
    answer: {
      armKey: armKey(arm),
      arm,
      text: 'x',
      modelId: 'm',
      prompt: [],
      sources: [],
      prepareMs: 1,
      ...extra,
    },
    scores,
    finishedAt: 0,
  });
  const results = [
    result(
      armA,
      'q1',
      { exactMatch: 1, f1: 1, contained: 1, hit: 1, recall: 1 },
      { stats: stats(100, 50, 20, 500) },
    ),
    result(
      armA,
      'q2',
      { exactMatch: 0, f1: 0.5, contained: 1, hit: 0, recall: 0.5 },
      { stats: stats(300, 150, 40, 700) },
    ),
    // A failed answer: counts 0 whatever its scores say, and has no timings.
    result(
      armA,
      'q3',
      { exactMatch: 1, f1: 1, contained: 1 },
      { error: 'context too long', stats: stats(9, 9, 9, 9) },
    ),
    // A retrieval-only item (no answers in the set).
    result(
      armA,
      'r1',
      { exactMatch: 0, f1: 0, contained: 0, hit: 1, recall: 1 },
      { stats: stats(200, 100, 30, 600) },
    ),
    result(
      armB,
      'q1',
      { exactMatch: 0, f1: 0.25, contained: 0 },
      { stats: stats(20, 10, 60, 100) },
    ),
  ];
  const items = [
    { id: 'q1', question: '?', answers: ['a'] },
    { id: 'q2', question: '?', answers: ['b'] },
    { id: 'q3', question: '?', answers: ['c'] },
    { id: 'r1', question: '?', answers: [] },
  ];

  it('averages per arm on 0..1, leaving out items without answers and failed timings', () => {
    const [a, b, c] = aggregate(results, { items, arms: [armA, armB, armC] });
    expect(a).toMatchObject({
      armKey: armKey(armA),
      arm: armA,
      count: 4,
      errors: 1,
      answered: 3,
      exactMatch: 1 / 3,
      f1: 1.5 / 3,
      contained: 2 / 3,
      withGold: 3,
      hit: 2 / 3,
      recall: 2.5 / 3,
      promptTokens: 200,
      ttftMs: 100,
      decodeTokensPerS: 30,
      totalMs: 600,
    });
    expect(b).toMatchObject({
      count: 1,
      errors: 0,
      exactMatch: 0,
      f1: 0.25,
      hit: null,
      recall: null,
    });
    expect(c).toMatchObject({ armKey: armKey(armC), count: 0, exactMatch: null, ttftMs: null });
  });

  it('without the items counts every result, in order of first appearance', () => {
    const summary = aggregate(results);
    expect(summary.map((s) => s.armKey)).toEqual([armKey(armA), armKey(armB)]);
    expect(summary[0]).toMatchObject({ answered: 4, exactMatch: 1 / 4, f1: 1.5 / 4 });
  });
});
