// SQuAD v1.1's official answer metrics (evaluate-v1.1.py), transcribed exactly, plus the lab's
// own scores built on the same normalisation: answer containment, retrieval hit/recall against
// gold documents or a gold passage, and per-arm aggregates of an experiment's results.
//
// Faithfulness notes (checked against a Python transcription of the official script in
// tests/fixtures/squad/reference.py, whose expected values tests/unit/eval/squad.test.ts replays):
// - `lower` is String.prototype.toLowerCase, Python's str.lower (full Unicode case mapping,
//   final sigma included).
// - `remove_punc` drops Python's string.punctuation, ASCII only; “curly” quotes stay.
// - `\b` in Python 3 is Unicode-aware: a word character is a letter, a number or `_`, which is
//   `[\p{L}\p{N}_]` here (JavaScript's own `\b` is ASCII-only and would be wrong for “éa”).
// - `str.split()` splits on Python's whitespace, which differs from JavaScript's `\s`: it
//   includes U+001C–U+001F and U+0085 and excludes U+FEFF.
// Characters assigned after the Unicode version of the Python that runs the official script may
// be classified differently; nothing else is.
// Over 300 lines: the official metrics are transcribed whole, to be read line by line against
// evaluate-v1.1.py.
import {
  armKey,
  type Arm,
  type AnswerScores,
  type ExperimentResult,
  type QuestionItem,
} from '../lab/types';
import { RagtuneError } from '../errors';

/** Python's string.punctuation: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** re.sub(r'\b(a|an|the)\b', ' ', text) with Python's Unicode word characters. */
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
/** The characters Python's str.split() splits on (str.isspace()). */
const PYTHON_WHITESPACE =
  // eslint-disable-next-line no-control-regex -- Python counts U+001C–U+001F as whitespace
  /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** Python's `text.split()`: runs of whitespace separate, no empty tokens. */
function pythonSplit(text: string): string[] {
  return text.split(PYTHON_WHITESPACE).filter((token) => token !== '');
}

/** Lower text and remove punctuation, articles and extra whitespace (normalize_answer). */
export function normalizeAnswer(s: string): string {
  const lower = s.toLowerCase();
  const noPunctuation = lower.replace(PUNCTUATION, '');
  const noArticles = noPunctuation.replace(ARTICLES, ' ');
  return pythonSplit(noArticles).join(' ');
}

/** The tokens F1 counts: normalize_answer(s).split(). */
export function answerTokens(s: string): string[] {
  const normal = normalizeAnswer(s);
  return normal === '' ? [] : normal.split(' ');
}

function counts(tokens: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const token of tokens) out.set(token, (out.get(token) ?? 0) + 1);
  return out;
}

/** Σ min(count in a, count in b): the size of Python's Counter(a) & Counter(b). */
function sharedCount(a: readonly string[], b: readonly string[]): number {
  const left = counts(a);
  let shared = 0;
  for (const [token, n] of counts(b)) shared += Math.min(n, left.get(token) ?? 0);
  return shared;
}

/**
 * f1_score: token F1 of the normalised prediction against one ground truth. 0 when they share no
 * token — including when both normalise to nothing (the official v1.1 script's behaviour, where
 * exact match is 1 for the same pair; SQuAD v2's script differs).
 */
export function f1Score(prediction: string, groundTruth: string): number {
  const predictionTokens = answerTokens(prediction);
  const groundTruthTokens = answerTokens(groundTruth);
  const numSame = sharedCount(predictionTokens, groundTruthTokens);
  if (numSame === 0) return 0;
  // The official script's operations in its order, so the floats come out bit-identical.
  const precision = (1.0 * numSame) / predictionTokens.length;
  const recall = (1.0 * numSame) / groundTruthTokens.length;
  return (2 * precision * recall) / (precision + recall);
}

/** exact_match_score: 1 when the normalised strings are equal, else 0. */
export function exactMatchScore(prediction: string, groundTruth: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(groundTruth) ? 1 : 0;
}

/**
 * metric_max_over_ground_truths. The official script raises on an empty list (Python's max([]));
 * so does this, with a message: a question needs at least one accepted answer to be scored.
 */
export function metricMaxOverGroundTruths(
  metric: (prediction: string, groundTruth: string) => number,
  prediction: string,
  groundTruths: readonly string[],
): number {
  if (groundTruths.length === 0) {
    throw new RagtuneError(
      'invalid-dataset',
      'A question has no accepted answers, so its answer cannot be scored. Give every question ' +
        'at least one answer.',
    );
  }
  let best = -Infinity;
  for (const groundTruth of groundTruths) best = Math.max(best, metric(prediction, groundTruth));
  return best;
}

/** One gold question of a SQuAD v1.1 file: its id and its accepted answers' texts. */
export interface GoldQuestion {
  id: string;
  answers: string[];
}

/** The `data` array of a SQuAD v1.1 file (only the fields evaluation reads). */
export interface SquadArticle {
  title?: string;
  paragraphs: { context?: string; qas: { id: string; answers: { text: string }[] }[] }[];
}

export interface SquadEvaluation {
  /** 0–100, as the official script prints it. */
  exact_match: number;
  /** 0–100, as the official script prints it. */
  f1: number;
  /** Gold questions (every qa counts, as in the official script, even a repeated id). */
  count: number;
  /** Ids of gold questions without a prediction: each scored 0 (the script's “Unanswered question”). */
  missing: string[];
}

/** The gold questions of a SQuAD v1.1 dataset in the official script's order. */
export function squadQuestions(dataset: readonly SquadArticle[]): GoldQuestion[] {
  return dataset.flatMap((article) =>
    article.paragraphs.flatMap((paragraph) =>
      paragraph.qas.map((qa) => ({ id: qa.id, answers: qa.answers.map((answer) => answer.text) })),
    ),
  );
}

/** evaluate() over a flat list of gold questions; `predictions` maps question id → text. */
export function evaluateQuestions(
  questions: readonly GoldQuestion[],
  predictions: Readonly<Record<string, string>>,
): SquadEvaluation {
  if (questions.length === 0) {
    throw new RagtuneError('invalid-dataset', 'There are no gold questions to score against.');
  }
  let exactMatch = 0;
  let f1 = 0;
  const missing: string[] = [];
  for (const question of questions) {
    if (!Object.hasOwn(predictions, question.id)) {
      missing.push(question.id);
      continue;
    }
    const prediction = predictions[question.id] as string;
    exactMatch += metricMaxOverGroundTruths(exactMatchScore, prediction, question.answers);
    f1 += metricMaxOverGroundTruths(f1Score, prediction, question.answers);
  }
  return {
    exact_match: (100.0 * exactMatch) / questions.length,
    f1: (100.0 * f1) / questions.length,
    count: questions.length,
    missing,
  };
}

/** evaluate(dataset, predictions) of evaluate-v1.1.py; `dataset` is the file's `data` array. */
export function evaluate(
  dataset: readonly SquadArticle[],
  predictions: Readonly<Record<string, string>>,
): SquadEvaluation {
  return evaluateQuestions(squadQuestions(dataset), predictions);
}

/** `needle` occurs in `haystack` as a whole-token sequence (both already normalised). */
function containsTokens(haystack: string, needle: string): boolean {
  return needle !== '' && ` ${haystack} `.includes(` ${needle} `);
}

/**
 * 1 when some accepted answer, normalised, occurs in the normalised prediction as a whole-token
 * sequence (“Paris” is in “it is paris france”, not in “parisian”). An answer that normalises to
 * nothing (“the”, “!”) is never contained.
 */
export function answerContained(prediction: string, answers: readonly string[]): boolean {
  const normal = normalizeAnswer(prediction);
  return answers.some((answer) => containsTokens(normal, normalizeAnswer(answer)));
}

/**
 * Exact match, F1 and containment of one answer, each 0..1 and maxed over the accepted answers.
 * A question without accepted answers (retrieval-only) scores 0 on all three; aggregate() leaves
 * such items out of the means when it is given the items.
 */
export function scoreAnswer(
  prediction: string,
  answers: readonly string[],
): Pick<AnswerScores, 'exactMatch' | 'f1' | 'contained'> {
  if (answers.length === 0) return { exactMatch: 0, f1: 0, contained: 0 };
  return {
    exactMatch: metricMaxOverGroundTruths(exactMatchScore, prediction, answers),
    f1: metricMaxOverGroundTruths(f1Score, prediction, answers),
    contained: answerContained(prediction, answers) ? 1 : 0,
  };
}

/** A source as retrieval scoring sees it (a ChatSource fits). */
export interface ScoredSource {
  docName: string;
  docId: string;
  text: string;
}

function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

function withoutExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * A gold document names a source when it equals the source's id exactly, or its name ignoring
 * case (NFC, trimmed) — with or without the source's extension, so gold “manual” finds
 * “manual.md”.
 */
export function goldDocMatches(gold: string, source: Pick<ScoredSource, 'docName' | 'docId'>) {
  if (gold === source.docId) return true;
  const key = nameKey(gold);
  const name = nameKey(source.docName);
  return key !== '' && (key === name || key === withoutExtension(name));
}

function trigrams(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= tokens.length; i++) out.push(tokens.slice(i, i + 3).join(' '));
  return out;
}

/** Share of the trigrams in `grams` that also occur in `other` (each position counts). */
function coverage(grams: readonly string[], other: ReadonlySet<string>): number {
  return grams.filter((gram) => other.has(gram)).length / grams.length;
}

/** Share of the passage's (or of the source's) word trigrams that must occur in the other. */
export const PASSAGE_OVERLAP = 0.5;

/**
 * A source holds the gold passage when, after NFC and normalize_answer on both:
 * (a) the source's tokens contain the passage's as a whole-token sequence, or
 * (b) both have at least 3 tokens and at least half (PASSAGE_OVERLAP) of the passage's word
 *     trigrams occur in the source, or at least half of the source's occur in the passage —
 *     so a chunk cut from the passage, a passage split across a chunk boundary (half of it or
 *     more in one chunk), or a source shortened at a sentence still count, while a document
 *     that only shares common words with it does not.
 */
export function passageMatches(sourceText: string, passage: string): boolean {
  const gold = answerTokens(passage.normalize('NFC'));
  const source = answerTokens(sourceText.normalize('NFC'));
  if (gold.length === 0 || source.length === 0) return false;
  if (containsTokens(source.join(' '), gold.join(' '))) return true;
  if (gold.length < 3 || source.length < 3) return false;
  const goldGrams = trigrams(gold);
  const sourceGrams = trigrams(source);
  return (
    coverage(goldGrams, new Set(sourceGrams)) >= PASSAGE_OVERLAP ||
    coverage(sourceGrams, new Set(goldGrams)) >= PASSAGE_OVERLAP
  );
}

/**
 * Retrieval scores of one answer's sources against the item's gold, or {} when the item has none.
 * With gold documents (they decide when both are known, e.g. SQuAD, whose passage is its
 * document): hit = 1 when any source is a gold document, recall = share of the distinct gold
 * documents among the sources. With only a gold passage: hit = recall = 1 when some source holds
 * it (passageMatches), else 0.
 */
export function retrievalScores(
  sources: readonly ScoredSource[],
  item: Pick<QuestionItem, 'goldDocs' | 'goldPassage'>,
): Pick<AnswerScores, 'hit' | 'recall'> {
  const goldDocs = [...new Set(item.goldDocs ?? [])].filter((gold) => gold.trim() !== '');
  if (goldDocs.length > 0) {
    const found = goldDocs.filter((gold) => sources.some((s) => goldDocMatches(gold, s))).length;
    return { hit: found > 0 ? 1 : 0, recall: found / goldDocs.length };
  }
  const passage = item.goldPassage ?? '';
  if (answerTokens(passage).length > 0) {
    const hit = sources.some((source) => passageMatches(source.text, passage)) ? 1 : 0;
    return { hit, recall: hit };
  }
  return {};
}

/** An arm's figures over an experiment. Quality figures are 0..1 (the UI shows ×100). */
export interface ArmAggregate {
  armKey: string;
  arm?: Arm;
  /** Results of this arm. */
  count: number;
  /** Results whose answer failed (answer.error); they score 0 and have no timings. */
  errors: number;
  /** Means over the results that have accepted answers; null when none do. */
  exactMatch: number | null;
  f1: number | null;
  contained: number | null;
  /** Results that count towards exactMatch/f1/contained. */
  answered: number;
  /** Means over the results that have a hit/recall score (items with gold); null when none. */
  hit: number | null;
  recall: number | null;
  /** Results with retrieval scores. */
  withGold: number;
  /** Means over the results with generation stats and no error; null when none. */
  promptTokens: number | null;
  ttftMs: number | null;
  decodeTokensPerS: number | null;
  totalMs: number | null;
}

function meanOrNull(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export interface AggregateContext {
  /** The set's items: when given, answer means leave out results of items without answers. */
  items?: readonly QuestionItem[];
  /** The experiment's arms: when given, the output follows their order and lists arms with no results. */
  arms?: readonly Arm[];
}

/**
 * Per-arm means of an experiment's results. Quality means (exactMatch, f1, contained, hit,
 * recall) are on 0..1; an errored answer counts 0 in them (like a missing SQuAD prediction).
 * Timing means (prompt tokens, TTFT, decode tokens/s, total ms) use only answers with stats.
 */
export function aggregate(
  results: readonly ExperimentResult[],
  context: AggregateContext = {},
): ArmAggregate[] {
  const answerable = context.items
    ? new Set(context.items.filter((item) => item.answers.length > 0).map((item) => item.id))
    : undefined;
  const groups = new Map<string, { arm?: Arm; results: ExperimentResult[] }>();
  for (const arm of context.arms ?? []) {
    if (!groups.has(armKey(arm))) groups.set(armKey(arm), { arm, results: [] });
  }
  for (const result of results) {
    const group = groups.get(result.armKey) ?? { arm: result.answer.arm, results: [] };
    group.arm ??= result.answer.arm;
    group.results.push(result);
    groups.set(result.armKey, group);
  }
  return [...groups].map(([key, group]) => {
    const answered = group.results.filter((r) => !answerable || answerable.has(r.itemId));
    // An errored answer scores 0 whatever text arrived before the error.
    const answerScore = (r: ExperimentResult, metric: 'exactMatch' | 'f1' | 'contained') =>
      r.answer.error ? 0 : r.scores[metric];
    const gold = group.results.filter((r) => r.scores.hit !== undefined);
    const timed = group.results.flatMap((r) =>
      r.answer.stats && !r.answer.error ? [r.answer.stats] : [],
    );
    return {
      armKey: key,
      ...(group.arm ? { arm: group.arm } : {}),
      count: group.results.length,
      errors: group.results.filter((r) => r.answer.error).length,
      exactMatch: meanOrNull(answered.map((r) => answerScore(r, 'exactMatch'))),
      f1: meanOrNull(answered.map((r) => answerScore(r, 'f1'))),
      contained: meanOrNull(answered.map((r) => answerScore(r, 'contained'))),
      answered: answered.length,
      hit: meanOrNull(gold.map((r) => r.scores.hit ?? 0)),
      recall: meanOrNull(gold.map((r) => r.scores.recall ?? 0)),
      withGold: gold.length,
      promptTokens: meanOrNull(timed.map((s) => s.promptTokens)),
      ttftMs: meanOrNull(timed.map((s) => s.timeToFirstTokenMs)),
      decodeTokensPerS: meanOrNull(timed.map((s) => s.decodeTokensPerS)),
      totalMs: meanOrNull(timed.map((s) => s.totalMs)),
    };
  });
}
