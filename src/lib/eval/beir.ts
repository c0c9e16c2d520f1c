// Parses a BEIR retrieval dataset from its text files (corpus.jsonl, queries.jsonl, qrels TSV)
// into typed structures; malformed input fails with 'invalid-dataset' naming the file and line.
import { RagtuneError } from '../errors';
import type { SearchMode } from '../library/types';

export interface BeirModeResult {
  mode: SearchMode;
  queries: number;
  'ndcg@10': number;
  'recall@10': number;
  'recall@100': number;
  query_p50_ms: number;
  query_p95_ms: number;
  embed_p50_ms: number;
}

export interface BeirReport {
  docs: number;
  chunks: number;
  ingest_ms: number;
  /** Corpus entries that could not be indexed (e.g. empty text). */
  skipped: number;
  model?: string;
  results: BeirModeResult[];
}

export interface BeirProgress {
  phase: 'ingest' | 'queries';
  done: number;
  total: number;
  mode?: SearchMode;
}

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
}

/** query id → (corpus id → graded relevance). */
export type Qrels = Map<string, Map<string, number>>;

export interface BeirDataset {
  corpus: BeirDoc[];
  /** Every query in queries.jsonl; evaluate those with judgements (`qrels.has(id)`). */
  queries: BeirQuery[];
  qrels: Qrels;
}

export interface BeirFile {
  /** Path inside the dataset folder, e.g. `scifact/qrels/test.tsv`. */
  path: string;
  text: string;
}

export const CORPUS_FILE = 'corpus.jsonl';
export const QUERIES_FILE = 'queries.jsonl';
/** Where the test split's judgements may live, in order of preference. */
export const QRELS_FILES = ['qrels/test.tsv', 'qrels.test.tsv'] as const;

export function parseBeir(files: readonly BeirFile[]): BeirDataset {
  const find = (name: string): BeirFile | undefined =>
    files.find(({ path }) => {
      const normal = path.replace(/\\/g, '/');
      return normal === name || normal.endsWith(`/${name}`);
    });
  const pick = (names: readonly string[]): BeirFile => {
    for (const name of names) {
      const file = find(name);
      if (file) return file;
    }
    throw new RagtuneError(
      'invalid-dataset',
      `The dataset has no ${names.join(' or ')}. A BEIR dataset folder holds corpus.jsonl, ` +
        'queries.jsonl and qrels/test.tsv.',
    );
  };
  const corpus = pick([CORPUS_FILE]);
  const queries = pick([QUERIES_FILE]);
  const qrels = pick(QRELS_FILES);
  return {
    corpus: parseCorpus(corpus.text, corpus.path),
    queries: parseQueries(queries.text, queries.path),
    qrels: parseQrels(qrels.text, qrels.path),
  };
}

export function parseCorpus(text: string, file: string = CORPUS_FILE): BeirDoc[] {
  return parseJsonl(text, file, (record, fail) => ({
    id: readId(record, fail),
    title: readString(record, 'title', fail, true),
    text: readString(record, 'text', fail, false),
  }));
}

export function parseQueries(text: string, file: string = QUERIES_FILE): BeirQuery[] {
  return parseJsonl(text, file, (record, fail) => ({
    id: readId(record, fail),
    text: readString(record, 'text', fail, false),
  }));
}

/** Qrels TSV: `query-id<TAB>corpus-id<TAB>score`, with an optional header line. */
export function parseQrels(text: string, file: string = QRELS_FILES[0]): Qrels {
  const qrels: Qrels = new Map();
  let first = true;
  forEachLine(text, (line, lineNumber) => {
    const fields = line.split('\t').map((field) => field.trim());
    const isHeader = first && fields[0]?.toLowerCase() === 'query-id';
    first = false;
    if (isHeader) return;
    const fail = failure(file, lineNumber);
    if (fields.length !== 3) {
      fail(`expected 3 tab-separated columns (query-id, corpus-id, score), found ${fields.length}`);
    }
    const [queryId, docId, scoreText] = fields as [string, string, string];
    const score = Number(scoreText);
    if (!queryId || !docId) fail('a query id or corpus id is empty');
    if (scoreText === '' || !Number.isFinite(score)) fail(`score “${scoreText}” is not a number`);
    const judged = qrels.get(queryId) ?? new Map<string, number>();
    judged.set(docId, score);
    qrels.set(queryId, judged);
  });
  return qrels;
}

type Fail = (why: string) => never;

function failure(file: string, lineNumber: number): Fail {
  return (why) => {
    throw new RagtuneError('invalid-dataset', `${file}, line ${lineNumber}: ${why}.`);
  };
}

/** Calls `visit` for every non-blank line with its 1-based number; tolerates CRLF and a BOM. */
function forEachLine(text: string, visit: (line: string, lineNumber: number) => void): void {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') visit(line, index + 1);
  });
}

function parseJsonl<T extends { id: string }>(
  text: string,
  file: string,
  read: (record: Record<string, unknown>, fail: Fail) => T,
): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  forEachLine(text, (line, lineNumber) => {
    const fail = failure(file, lineNumber);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail('expected a JSON object');
    }
    const item = read(value as Record<string, unknown>, fail);
    if (seen.has(item.id)) fail(`duplicate _id “${item.id}”`);
    seen.add(item.id);
    out.push(item);
  });
  return out;
}

function readId(record: Record<string, unknown>, fail: Fail): string {
  const id = record._id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id !== 'string' || id === '') fail('"_id" is missing or not a string');
  return id;
}

function readString(
  record: Record<string, unknown>,
  key: string,
  fail: Fail,
  optional: boolean,
): string {
  const value = record[key];
  if (optional && (value === undefined || value === null)) return '';
  if (typeof value !== 'string') fail(`"${key}" is missing or not a string`);
  return value;
}
