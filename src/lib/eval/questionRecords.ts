// Question sets written by hand or exported from a spreadsheet: JSONL lines (or a JSON array)
// of objects, or CSV/TSV rows, with a question, its accepted answers and optionally its gold
// document(s) or passage, turned into QuestionItems.
//
// Fields (JSON keys or CSV header cells; case and surrounding spaces in headers are ignored):
//   question (or query)       the question; rows without one are skipped
//   answer                    one accepted answer, taken whole
//   answers                   several: in JSON an array of strings (or of {"text"} objects);
//                             in CSV a JSON array (["a", "b, c"]) or values separated by `|`
//   id (or _id)               optional; otherwise the line number (JSONL), the item number (JSON
//                             array) or the row number (CSV: the header is row 1, blank rows
//                             are not counted)
//   doc (or docs, document)   gold document name(s): a string or array; in CSV like `answers`
//   gold (or passage)         a gold passage: text a retrieved chunk should hold
import { RagtuneError } from '../errors';
import { parseCsvRows } from '../ingest/parse/csv';
import type { QuestionItem } from '../lab/types';
import { forEachJsonLine, readAnswerList } from './squadFiles';

const FIELDS = {
  id: ['id', '_id'],
  question: ['question', 'query'],
  answer: ['answer'],
  answers: ['answers'],
  docs: ['doc', 'docs', 'document'],
  passage: ['gold', 'passage'],
} as const;

type Field = keyof typeof FIELDS;

/** One record before validation: a field's raw value, or undefined when absent. */
type Lookup = (field: Field) => unknown;

/** What the records gave, plus how many were skipped for having no question. */
export interface RecordItems {
  items: QuestionItem[];
  skipped: number;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function invalid(name: string, where: string, why: string): RagtuneError {
  return new RagtuneError('invalid-dataset', `${name}, ${where}: ${why}.`);
}

/** Builds one item from a record; undefined when it has no question. */
function itemFrom(get: Lookup, fallbackId: string, name: string, where: string) {
  const text = (field: Field): string | undefined => {
    const value = get(field);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') throw invalid(name, where, `"${field}" must be text`);
    return value;
  };
  const list = (field: Field, what: string): string[] => {
    const value = get(field);
    if (value === undefined || value === null || value === '') return [];
    if (typeof value === 'string') return [value];
    if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
    const values = readAnswerList(value);
    if (!values) throw invalid(name, where, `"${field}" must be ${what}`);
    return values;
  };
  const question = text('question')?.trim() ?? '';
  if (question === '') return undefined;
  const answers = unique(
    [...list('answer', 'text'), ...list('answers', 'an array of strings')].filter(
      (answer) => answer.trim() !== '',
    ),
  );
  const goldDocs = unique(
    list('docs', 'a name or an array of names')
      .map((doc) => doc.trim())
      .filter(Boolean),
  );
  const passage = text('passage')?.trim() ?? '';
  const item: QuestionItem = {
    id: text('id')?.trim() || fallbackId,
    question,
    answers,
  };
  if (goldDocs.length > 0) item.goldDocs = goldDocs;
  if (passage !== '') item.goldPassage = passage;
  return item;
}

function checkUnique(items: readonly QuestionItem[], name: string, where: string[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      throw invalid(
        name,
        where[index] as string,
        `the id “${item.id}” was already used (${where[first]}); give every question its own id`,
      );
    }
    seen.set(item.id, index);
  });
}

function lookupIn(record: Record<string, unknown>): Lookup {
  return (field) => {
    for (const key of FIELDS[field]) if (record[key] !== undefined) return record[key];
    return undefined;
  };
}

/** JSONL: one JSON object per line; a line that is not JSON is an 'invalid-json' error. */
export function parseJsonlRecords(text: string, name: string): RecordItems {
  const items: QuestionItem[] = [];
  const where: string[] = [];
  let skipped = 0;
  forEachJsonLine(text, name, (record, line) => {
    const item = itemFrom(lookupIn(record), String(line), name, `line ${line}`);
    if (!item) skipped++;
    else {
      items.push(item);
      where.push(`line ${line}`);
    }
  });
  checkUnique(items, name, where);
  return { items, skipped };
}

/** A JSON array of the same objects a JSONL file holds. */
export function parseJsonArrayRecords(values: readonly unknown[], name: string): RecordItems {
  const items: QuestionItem[] = [];
  const where: string[] = [];
  let skipped = 0;
  values.forEach((value, index) => {
    const at = `item ${index + 1}`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalid(name, at, 'expected an object like {"question": …, "answer": …}');
    }
    const item = itemFrom(lookupIn(value as Record<string, unknown>), String(index + 1), name, at);
    if (!item) skipped++;
    else {
      items.push(item);
      where.push(at);
    }
  });
  checkUnique(items, name, where);
  return { items, skipped };
}

/** A CSV cell holding several values: a JSON array of strings, or values separated by `|`. */
export function splitCell(cell: string): string[] {
  const trimmed = cell.trim();
  if (trimmed.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      const values = readAnswerList(value);
      if (values) return values;
    } catch {
      // Not JSON: an answer that starts with “[”, split on `|` like any other.
    }
  }
  return trimmed.split('|').map((part) => part.trim());
}

/** CSV or TSV with a header row naming at least a `question` column. */
export function parseCsvRecords(text: string, name: string): RecordItems {
  const [header, ...rows] = parseCsvRows(text, name);
  const columns = (header ?? []).map((cell) => cell.trim().toLowerCase());
  const column = (field: Field): number =>
    columns.findIndex((cell) => (FIELDS[field] as readonly string[]).includes(cell));
  if (column('question') < 0) {
    const found = columns.filter(Boolean).join(', ') || 'none';
    throw new RagtuneError(
      'invalid-dataset',
      `${name} has no “question” column (its header row has: ${found}). Name the column that ` +
        'holds the questions “question”, and the answers “answer” or “answers”.',
    );
  }
  const items: QuestionItem[] = [];
  const where: string[] = [];
  let skipped = 0;
  rows.forEach((row, index) => {
    const rowNumber = index + 2; // as a spreadsheet numbers it, the header being row 1
    const get: Lookup = (field) => {
      const at = column(field);
      const cell = at < 0 ? undefined : row[at];
      if (cell === undefined) return undefined;
      return field === 'answers' || field === 'docs' ? splitCell(cell) : cell;
    };
    const item = itemFrom(get, String(rowNumber), name, `row ${rowNumber}`);
    if (!item) skipped++;
    else {
      items.push(item);
      where.push(`row ${rowNumber}`);
    }
  });
  checkUnique(items, name, where);
  return { items, skipped };
}
