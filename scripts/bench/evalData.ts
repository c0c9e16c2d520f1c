// What `npm run bench:eval -- --data PATH` evaluates on: the question file(s) the lab imports and
// the documents to add to the library first. The rules (README "bench:eval"):
// - a BEIR folder (corpus.jsonl or queries.jsonl inside): its files (corpus, queries, qrels/test.tsv
//   or qrels.test.tsv, answers.jsonl) are the set; its passages are the documents.
// - any other folder: the question file is qa.* / questions.* (JSONL, CSV, TSV or JSON), else the
//   folder's only such file; the documents are the folder's other files in a document format.
// - a file: the question file; the documents are the files beside it in a document format. A
//   SQuAD file brings its own passages instead (the page decides, after parsing it).
// Document formats here: .md .markdown .txt .text .html .htm .pdf .docx (CSV and JSON files are
// taken for data, not documents). README* and LICENSE* files are never documents. Not recursive.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { QuestionSetFile } from '../../src/lib/eval/questionSets';

export interface EvalData {
  /** The data set's name for the report: the folder's (or the file's) name. */
  name: string;
  /** What the lab's importSet reads. */
  questionFiles: QuestionSetFile[];
  /** Absolute paths of documents to add through the app's file input. */
  documents: string[];
}

const QUESTION_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.csv', '.tsv', '.json']);
const DOCUMENT_EXTENSIONS = new Set([
  '.md',
  '.markdown',
  '.txt',
  '.text',
  '.html',
  '.htm',
  '.pdf',
  '.docx',
]);
const QUESTION_NAMES = ['qa', 'questions'];
const BEIR_FILES = ['corpus.jsonl', 'queries.jsonl', 'qrels/test.tsv', 'qrels.test.tsv'];

const stem = (file: string) => basename(file, extname(file)).toLowerCase();
const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

function documentsBeside(dir: string, except: string): string[] {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter(
      (path) =>
        path !== except &&
        isFile(path) &&
        DOCUMENT_EXTENSIONS.has(extname(path).toLowerCase()) &&
        !/^(readme|license|licence)/i.test(basename(path)),
    )
    .sort();
}

function questionFile(path: string): EvalData {
  return {
    name: basename(path),
    questionFiles: [{ path: basename(path), text: readFileSync(path, 'utf8') }],
    documents: documentsBeside(dirname(path), path),
  };
}

/** Reads the data at `input` (a folder or a question file) by the rules above. */
export function findEvalData(input: string): EvalData {
  const path = resolve(input);
  if (!existsSync(path)) throw new Error(`There is nothing at ${input}: pass --data PATH.`);
  if (!statSync(path).isDirectory()) return questionFile(path);
  const name = basename(path);
  const beir = [...BEIR_FILES, 'answers.jsonl'].filter((f) => isFile(join(path, f)));
  if (beir.includes('corpus.jsonl') || beir.includes('queries.jsonl')) {
    return {
      name,
      questionFiles: beir.map((f) => ({
        path: `${name}/${f}`,
        text: readFileSync(join(path, f), 'utf8'),
      })),
      documents: [],
    };
  }
  const candidates = readdirSync(path)
    .map((f) => join(path, f))
    .filter((f) => isFile(f) && QUESTION_EXTENSIONS.has(extname(f).toLowerCase()));
  const named = candidates.filter((f) => QUESTION_NAMES.includes(stem(f)));
  const chosen = named.length === 1 ? named : candidates;
  if (chosen.length !== 1) {
    throw new Error(
      chosen.length === 0
        ? `${input} holds no question file (.jsonl, .csv, .tsv or .json): pass the file itself.`
        : `${input} holds several question files (${chosen.map((f) => basename(f)).join(', ')}): ` +
            'pass the one to use as --data FILE (the documents beside it are added).',
    );
  }
  return { ...questionFile(chosen[0]!), name };
}
