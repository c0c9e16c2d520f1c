// Reads a question set for the comparison lab from the files a person picks: one JSONL, JSON,
// CSV or TSV file of questions (questionRecords.ts), a SQuAD v1.1 JSON file, or a BEIR dataset
// folder (questionCorpora.ts). The format is told from the file names and, failing that, from
// the content. SQuAD and BEIR also give their passages as documents to add to the library.
import { RagtuneError } from '../errors';
import { extensionOf } from '../ingest/detect';
import { checkJsonDepth } from '../ingest/jsonDepth';
import { LAB_RANGES, describeRange, inRange } from '../settings/ranges';
import type { QuestionItem, QuestionSet } from '../lab/types';
import { CORPUS_FILE, QUERIES_FILE, type BeirFile } from './beir';
import {
  beirQuestionSet,
  counted,
  squadQuestionSet,
  type CorpusQuestions,
  type PassageDocument,
} from './questionCorpora';
import {
  parseCsvRecords,
  parseJsonArrayRecords,
  parseJsonlRecords,
  type RecordItems,
} from './questionRecords';
import { looksLikeSquad, parseJsonText, readSquad, stripBom } from './squadFiles';

/** A picked file: its path (inside a picked folder, if any) and its text. */
export type QuestionSetFile = BeirFile;

export type QuestionSetFormat = 'jsonl' | 'json' | 'csv' | 'squad' | 'beir';

/** The most questions one set may hold. */
export const MAX_QUESTIONS = LAB_RANGES.questions.max;

export interface QuestionSetOptions {
  /** Use only this many of the set's questions (see `pick`); without it, more than
   * MAX_QUESTIONS is an error. */
  limit?: number;
  /** 'first' (default): the first `limit` questions; 'spread': evenly spaced through the set. */
  pick?: 'first' | 'spread';
}

export interface ParsedQuestionSet {
  set: QuestionSet;
  format: QuestionSetFormat;
  /** SQuAD and BEIR passages to offer to the library (all of them, also when `limit` took only
   * some questions); the items' goldDocs are these names. Empty for other formats. */
  documents: PassageDocument[];
  /** What was skipped or assumed, in sentences for the person. */
  notes: string[];
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function isBeir(files: readonly QuestionSetFile[]): boolean {
  const names = files.map((file) => baseName(file.path).toLowerCase());
  return names.includes(CORPUS_FILE) || names.includes(QUERIES_FILE);
}

/** The set's name: the file's name without its extension, or a BEIR dataset's folder name. */
function setName(files: readonly QuestionSetFile[], format: QuestionSetFormat): string {
  const first = files[0]?.path.replace(/\\/g, '/') ?? '';
  if (format === 'beir') {
    const parts = first.split('/').filter(Boolean);
    return parts.length > 1 ? (parts[0] as string) : 'BEIR dataset';
  }
  const base = baseName(first);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base || 'Question set';
}

/** Which reader a single file needs: by extension, else by its first character. */
export function detectFormat(file: QuestionSetFile): Exclude<QuestionSetFormat, 'beir'> {
  const extension = extensionOf(file.path);
  if (extension === 'csv' || extension === 'tsv') return 'csv';
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  const first = stripBom(file.text).trimStart()[0];
  if (extension === 'json' || first === '[' || first === '{') return 'json';
  return 'csv';
}

function emptyError(name: string): RagtuneError {
  return new RagtuneError(
    'empty',
    `${name} is empty. A question set needs at least one question: see the formats the lab ` +
      'accepts (JSONL, CSV, SQuAD JSON or a BEIR folder).',
  );
}

/** What a reader gave: question records, or questions with their passages. */
interface Read {
  format: QuestionSetFormat;
  records?: RecordItems;
  corpus?: CorpusQuestions;
}

/** A .json file: SQuAD, an array of question objects, or JSONL saved as .json. */
function readJson(file: QuestionSetFile): Read {
  const text = stripBom(file.text);
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  let value: unknown;
  checkJsonDepth(text, file.path);
  try {
    value = JSON.parse(text);
  } catch {
    // Several JSON objects, one per line, are JSONL whatever the extension says.
    if (firstLine.trim().startsWith('{') && firstLine.trim().endsWith('}')) {
      return { format: 'jsonl', records: parseJsonlRecords(text, file.path) };
    }
    value = parseJsonText(text, file.path); // throws with the parser's message
  }
  if (looksLikeSquad(value)) {
    return { format: 'squad', corpus: squadQuestionSet(readSquad(value, file.path)) };
  }
  if (Array.isArray(value)) {
    return { format: 'json', records: parseJsonArrayRecords(value, file.path) };
  }
  // One question object on its own.
  if (typeof value === 'object' && value !== null) {
    return { format: 'json', records: parseJsonArrayRecords([value], file.path) };
  }
  throw new RagtuneError(
    'invalid-dataset',
    `${file.path} is JSON but holds no questions: expected a SQuAD v1.1 file ({"data": […]}), an ` +
      'array of {"question", "answer"} objects, or one such object per line (JSONL).',
  );
}

function skippedNote(skipped: number, format: QuestionSetFormat): string[] {
  if (skipped === 0) return [];
  const what =
    format === 'csv' ? counted(skipped, 'row', 'rows') : counted(skipped, 'entry', 'entries');
  return [`${what} without a question skipped.`];
}

function choose(items: QuestionItem[], options: QuestionSetOptions, name: string) {
  const limit = options.limit;
  const r = LAB_RANGES.questions;
  if (limit !== undefined && !inRange(limit, r)) {
    throw new RagtuneError(
      'invalid-dataset',
      `The number of questions to use is ${limit}; it must be ${describeRange(r)}.`,
    );
  }
  const wanted = Math.min(limit ?? items.length, items.length);
  if (wanted > MAX_QUESTIONS) {
    throw new RagtuneError(
      'too-large',
      `${name} has ${items.length.toLocaleString('en')} questions; the lab takes at most ` +
        `${MAX_QUESTIONS.toLocaleString('en')} in one set. Choose how many to use, or split the file.`,
    );
  }
  if (wanted === items.length) return { items, notes: [] };
  const picked =
    options.pick === 'spread'
      ? Array.from({ length: wanted }, (_, i) => items[Math.floor((i * items.length) / wanted)])
      : items.slice(0, wanted);
  const how = options.pick === 'spread' ? 'evenly spread through the set' : 'the first ones';
  return {
    items: picked as QuestionItem[],
    notes: [
      `Using ${wanted.toLocaleString('en')} of the ${items.length.toLocaleString('en')} questions (${how}).`,
    ],
  };
}

function readFiles(files: readonly QuestionSetFile[]): Read {
  if (isBeir(files)) return { format: 'beir', corpus: beirQuestionSet(files) };
  if (files.length > 1) {
    throw new RagtuneError(
      'invalid-dataset',
      `${files.length} files were chosen and they are not a BEIR dataset (corpus.jsonl, ` +
        'queries.jsonl, qrels/test.tsv). Choose one question file.',
    );
  }
  const file = files[0] as QuestionSetFile;
  if (stripBom(file.text).trim() === '') throw emptyError(file.path);
  const format = detectFormat(file);
  if (format === 'json') return readJson(file);
  if (format === 'csv') return { format, records: parseCsvRecords(file.text, file.path) };
  return { format, records: parseJsonlRecords(file.text, file.path) };
}

/**
 * Reads the picked files into a question set. One file: JSONL, JSON (SQuAD v1.1 or an array of
 * question objects), CSV or TSV. Several files (a folder): a BEIR dataset, with an optional
 * answers.jsonl. Errors are RagtuneErrors saying which file, which line and what to do.
 */
export function parseQuestionSet(
  files: readonly QuestionSetFile[],
  options: QuestionSetOptions = {},
): ParsedQuestionSet {
  if (files.length === 0) {
    throw new RagtuneError('empty', 'No file was chosen. Choose a question file or a BEIR folder.');
  }
  const name = files.length === 1 ? (files[0] as QuestionSetFile).path : 'The dataset';
  const read = readFiles(files);
  const items = read.corpus?.items ?? read.records?.items ?? [];
  const notes = read.corpus?.notes ?? skippedNote(read.records?.skipped ?? 0, read.format);
  if (items.length === 0) {
    throw new RagtuneError(
      'invalid-dataset',
      `${name} holds no usable questions${notes.length > 0 ? ` (${notes.join(' ')})` : ''}. ` +
        'Each question needs a “question” field or column, with its answers in “answer” or ' +
        '“answers”.',
    );
  }
  const chosen = choose(items, options, name);
  const source = read.format === 'json' ? 'jsonl' : read.format;
  return {
    set: { name: setName(files, read.format), source, items: chosen.items },
    format: read.format,
    documents: read.corpus?.documents ?? [],
    notes: [...notes, ...chosen.notes],
  };
}
