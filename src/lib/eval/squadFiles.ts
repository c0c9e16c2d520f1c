// Reading the files SQuAD evaluation takes: a SQuAD v1.1 JSON dataset or a JSONL file of gold
// answers (gold), and a JSON object of question id → predicted text (predictions). Used by
// `npm run eval:score` and, for the SQuAD shape, by the lab's question-set parser. Every
// malformed input is a RagtuneError naming the file and where in it.
import { RagtuneError } from '../errors';
import { checkJsonDepth } from '../ingest/jsonDepth';
import { squadQuestions, type GoldQuestion, type SquadArticle } from './squad';

/** A SQuAD v1.1 file's article with the fields the question-set parser also reads. */
export interface SquadFileArticle extends SquadArticle {
  title: string;
  paragraphs: {
    context: string;
    qas: { id: string; question: string; answers: { text: string }[] }[];
  }[];
}

type Fail = (where: string, why: string) => never;

function failIn(name: string): Fail {
  return (where, why) => {
    throw new RagtuneError('invalid-dataset', `${name}: ${where ? `${where}: ` : ''}${why}.`);
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops a byte-order mark, which JSON.parse refuses. */
export function stripBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}

/** JSON.parse with an 'invalid-json' error that names the file. */
export function parseJsonText(text: string, name: string): unknown {
  checkJsonDepth(text, name);
  try {
    return JSON.parse(stripBom(text));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RagtuneError(
      'invalid-json',
      `${name} is not valid JSON (${detail}). Check that it is the whole file and not cut short.`,
    );
  }
}

/** Whether a parsed JSON value is shaped like a SQuAD file (an object with a `data` array). */
export function looksLikeSquad(value: unknown): boolean {
  return isObject(value) && Array.isArray(value.data);
}

function readId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Validates a parsed SQuAD v1.1 file: `{data: [{title, paragraphs: [{context, qas: [{id,
 * question, answers: [{text}]}]}]}]}`. Missing titles, contexts and questions become ''.
 * Answers may be empty here (SQuAD v2's unanswerable questions); scoring refuses them.
 */
export function readSquad(value: unknown, name: string): SquadFileArticle[] {
  const fail: Fail = failIn(name);
  if (!looksLikeSquad(value)) {
    fail('', 'expected a SQuAD v1.1 file, a JSON object with a "data" array of articles');
  }
  const data = (value as { data: unknown[] }).data;
  return data.map((article, a) => {
    const at = `data[${a}]`;
    if (!isObject(article) || !Array.isArray(article.paragraphs)) {
      fail(at, 'expected an article with a "paragraphs" array');
    }
    const title = typeof article.title === 'string' ? article.title : '';
    const paragraphs = (article.paragraphs as unknown[]).map((paragraph, p) => {
      const atP = `${at}.paragraphs[${p}]`;
      if (!isObject(paragraph) || !Array.isArray(paragraph.qas)) {
        fail(atP, 'expected a paragraph with a "qas" array');
      }
      const context = typeof paragraph.context === 'string' ? paragraph.context : '';
      const qas = (paragraph.qas as unknown[]).map((qa, q) => {
        const atQ = `${atP}.qas[${q}]`;
        if (!isObject(qa)) fail(atQ, 'expected an object with "id" and "answers"');
        const id = readId(qa.id);
        if (id === undefined) fail(atQ, '"id" is missing or not a string');
        if (!Array.isArray(qa.answers)) fail(atQ, `question ${id} has no "answers" array`);
        const answers = (qa.answers as unknown[]).map((answer, i) => {
          if (!isObject(answer) || typeof answer.text !== 'string') {
            fail(`${atQ}.answers[${i}]`, 'expected {"text": "…"}');
          }
          return { text: answer.text as string };
        });
        const question = typeof qa.question === 'string' ? qa.question : '';
        return { id, question, answers };
      });
      return { context, qas };
    });
    return { title, paragraphs };
  });
}

/** Calls `visit` with every non-blank line and its 1-based number (CRLF and a BOM tolerated). */
export function forEachJsonLine(
  text: string,
  name: string,
  visit: (record: Record<string, unknown>, line: number) => void,
): void {
  stripBom(text)
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new RagtuneError(
          'invalid-json',
          `${name}, line ${index + 1}, is not valid JSON (${detail}). Each line of a JSONL file ` +
            'must be one whole JSON object.',
        );
      }
      if (!isObject(value)) {
        throw new RagtuneError(
          'invalid-json',
          `${name}, line ${index + 1}: expected a JSON object ({…}), found ${kindOf(value)}.`,
        );
      }
      visit(value, index + 1);
    });
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** Answers given as strings or as SQuAD's {text} objects; undefined when the shape is wrong. */
export function readAnswerList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const answer of value) {
    if (typeof answer === 'string') out.push(answer);
    else if (isObject(answer) && typeof answer.text === 'string') out.push(answer.text);
    else return undefined;
  }
  return out;
}

/** Gold answers in JSONL: one `{"_id" (or "id"), "answers": [...]}` per line. */
function parseGoldJsonl(text: string, name: string): GoldQuestion[] {
  const out: GoldQuestion[] = [];
  forEachJsonLine(text, name, (record, line) => {
    const fail: (why: string) => never = (why) => failIn(name)(`line ${line}`, why);
    const id = readId(record._id ?? record.id);
    if (id === undefined) fail('"_id" (or "id") is missing or not a string');
    const answers = readAnswerList(record.answers);
    if (!answers) fail('"answers" must be an array of strings or of {"text": "…"} objects');
    out.push({ id, answers });
  });
  return out;
}

/**
 * The gold questions of a `--gold` file: a SQuAD v1.1 JSON dataset, or JSONL lines
 * `{"_id", "answers": [...]}` with answers as strings or {text} objects. Every question needs
 * an answer (the official script cannot score one without).
 */
export function parseGoldFile(text: string, name: string): GoldQuestion[] {
  const trimmed = stripBom(text).trim();
  if (trimmed === '') {
    throw new RagtuneError('empty', `${name} is empty. Give a SQuAD v1.1 JSON or a JSONL file.`);
  }
  let whole: unknown;
  checkJsonDepth(trimmed, name);
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined; // Not one JSON value: JSONL (or broken, which the line parser reports).
  }
  let questions: GoldQuestion[];
  if (looksLikeSquad(whole)) questions = squadQuestions(readSquad(whole, name));
  else if (whole === undefined || (isObject(whole) && 'answers' in whole)) {
    questions = parseGoldJsonl(trimmed, name);
  } else {
    throw new RagtuneError(
      'invalid-dataset',
      `${name} is JSON but not a SQuAD v1.1 file: expected an object with a "data" array of ` +
        'articles, or JSONL lines {"_id": …, "answers": […]}.',
    );
  }
  if (questions.length === 0) {
    throw new RagtuneError('invalid-dataset', `${name} holds no questions.`);
  }
  const unanswerable = questions.find((question) => question.answers.length === 0);
  if (unanswerable) {
    throw new RagtuneError(
      'invalid-dataset',
      `${name}: question ${unanswerable.id} has no answers. SQuAD v1.1 scoring needs at least ` +
        'one accepted answer per question (SQuAD v2’s unanswerable questions are not supported).',
    );
  }
  return questions;
}

/** A `--pred` file: one JSON object mapping question id → predicted text. */
export function parsePredictionsFile(text: string, name: string): Record<string, string> {
  if (stripBom(text).trim() === '') {
    throw new RagtuneError('empty', `${name} is empty. Give a JSON object {"id": "answer", …}.`);
  }
  const value = parseJsonText(text, name);
  if (!isObject(value)) {
    throw new RagtuneError(
      'invalid-dataset',
      `${name} must be one JSON object mapping question ids to predicted answers ` +
        `({"id": "answer", …}), found ${kindOf(value)}.`,
    );
  }
  for (const [id, prediction] of Object.entries(value)) {
    if (typeof prediction !== 'string') {
      throw new RagtuneError(
        'invalid-dataset',
        `${name}: the prediction for ${JSON.stringify(id)} is ${kindOf(prediction)}, not a string.`,
      );
    }
  }
  return value as Record<string, string>;
}
