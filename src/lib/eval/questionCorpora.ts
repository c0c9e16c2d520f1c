// Question sets that come with their own passages: SQuAD v1.1 (questions over Wikipedia
// paragraphs) and BEIR datasets (queries, a corpus and relevance judgements). Each gives items
// whose goldDocs name documents it also returns, so that once those documents are in the
// library a retrieved chunk's document name says whether retrieval found the gold passage.
import { RagtuneError } from '../errors';
import { normaliseText } from '../ingest/normalise';
import type { QuestionItem } from '../lab/types';
import { parseBeir, type BeirFile } from './beir';
import { forEachJsonLine, readAnswerList, type SquadFileArticle } from './squadFiles';

/** A document to offer to the library: `name` is what items' goldDocs refer to. */
export interface PassageDocument {
  name: string;
  text: string;
}

export interface CorpusQuestions {
  items: QuestionItem[];
  documents: PassageDocument[];
  notes: string[];
}

/** “1 entry”, “2 entries”. */
export function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** Longest title kept in a derived document name, in characters. */
const TITLE_CHARS = 60;

/** A title made safe and short for a document name: no path separators or control characters. */
function nameTitle(title: string): string {
  const clean = title
    .replace(/_/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters have no place in a name
    .replace(/[\u0000-\u001f\u007f/\\]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...clean];
  return chars.length <= TITLE_CHARS ? clean : `${chars.slice(0, TITLE_CHARS - 1).join('')}…`;
}

/**
 * Collects passages as documents. The library stores identical text once (under the first
 * name), so a repeated text gets the first copy's name; a repeated name gets “ (2)”, “ (3)”…
 */
class DocumentNames {
  readonly documents: PassageDocument[] = [];
  #byText = new Map<string, string>();
  #names = new Set<string>();
  duplicates = 0;

  add(wanted: string, extension: string, text: string): string {
    const key = normaliseText(text);
    const existing = this.#byText.get(key);
    if (existing !== undefined) {
      this.duplicates++;
      return existing;
    }
    let name = `${wanted}${extension}`;
    for (let n = 2; this.#names.has(name.toLowerCase()); n++) name = `${wanted} (${n})${extension}`;
    this.#names.add(name.toLowerCase());
    this.#byText.set(key, name);
    this.documents.push({ name, text });
    return name;
  }
}

function sameTextNote(duplicates: number): string[] {
  if (duplicates === 0) return [];
  const what = duplicates === 1 ? 'passage repeats an earlier one' : 'passages repeat earlier ones';
  return [
    `${duplicates} ${what} word for word and share${duplicates === 1 ? 's' : ''} its document.`,
  ];
}

/**
 * SQuAD v1.1: every question with a text becomes an item with its answers (repeats dropped),
 * its paragraph as goldPassage and the paragraph's document, named `${title} ¶${n}.txt` (n
 * counting the article's paragraphs from 1, underscores in the title as spaces), as goldDocs.
 */
export function squadQuestionSet(articles: readonly SquadFileArticle[]): CorpusQuestions {
  const names = new DocumentNames();
  const items: QuestionItem[] = [];
  const seen = new Set<string>();
  let noQuestion = 0;
  let noAnswer = 0;
  let repeated = 0;
  articles.forEach((article, a) => {
    const title = nameTitle(article.title) || `Article ${a + 1}`;
    article.paragraphs.forEach((paragraph, p) => {
      const context = paragraph.context.trim();
      const doc = context === '' ? undefined : names.add(`${title} ¶${p + 1}`, '.txt', context);
      for (const qa of paragraph.qas) {
        const question = qa.question.trim();
        if (question === '') {
          noQuestion++;
          continue;
        }
        if (seen.has(qa.id)) {
          repeated++;
          continue;
        }
        seen.add(qa.id);
        const answers = [...new Set(qa.answers.map((answer) => answer.text))];
        if (answers.length === 0) noAnswer++;
        const item: QuestionItem = { id: qa.id, question, answers };
        if (doc !== undefined) {
          item.goldDocs = [doc];
          item.goldPassage = context;
        }
        items.push(item);
      }
    });
  });
  const notes = sameTextNote(names.duplicates);
  if (noQuestion > 0)
    notes.push(`${counted(noQuestion, 'entry', 'entries')} without a question text skipped.`);
  if (repeated > 0)
    notes.push(`${counted(repeated, 'repeated question id', 'repeated question ids')} skipped.`);
  if (noAnswer > 0) {
    notes.push(
      `${counted(noAnswer, 'question has', 'questions have')} no answer (SQuAD v2’s unanswerable ` +
        'ones): no answer scores for them.',
    );
  }
  return { items, documents: names.documents, notes };
}

/** An optional `answers.jsonl` beside a BEIR dataset: `{"_id", "answers": [...]}` per line. */
export const ANSWERS_FILE = 'answers.jsonl';

function findFile(files: readonly BeirFile[], name: string): BeirFile | undefined {
  return files.find(({ path }) => {
    const normal = path.replace(/\\/g, '/');
    return normal === name || normal.endsWith(`/${name}`);
  });
}

function readAnswersFile(file: BeirFile): Map<string, string[]> {
  const answers = new Map<string, string[]>();
  forEachJsonLine(file.text, file.path, (record, line) => {
    const id = record._id ?? record.id;
    const list = readAnswerList(record.answers);
    if ((typeof id !== 'string' && typeof id !== 'number') || !list) {
      throw new RagtuneError(
        'invalid-dataset',
        `${file.path}, line ${line}: expected {"_id": …, "answers": ["…"]}.`,
      );
    }
    answers.set(String(id), list);
  });
  return answers;
}

/**
 * A BEIR dataset (corpus.jsonl, queries.jsonl, qrels/test.tsv or qrels.test.tsv, parsed by
 * beir.ts): every judged query with a relevant (grade > 0) document becomes an item whose
 * goldDocs are those documents, named `${title} [${id}].txt` (or `${id}.txt` without a title),
 * each holding its title and text. Answers are empty unless an answers.jsonl gives them.
 */
export function beirQuestionSet(files: readonly BeirFile[]): CorpusQuestions {
  const data = parseBeir(files);
  const answersFile = findFile(files, ANSWERS_FILE);
  const answers = answersFile ? readAnswersFile(answersFile) : new Map<string, string[]>();
  const names = new DocumentNames();
  const docName = new Map<string, string>();
  let emptyDocs = 0;
  for (const doc of data.corpus) {
    const text = [doc.title.trim(), doc.text.trim()].filter(Boolean).join('\n\n');
    if (text === '') {
      emptyDocs++;
      continue;
    }
    const title = nameTitle(doc.title);
    const id = nameTitle(doc.id);
    docName.set(doc.id, names.add(title ? `${title} [${id}]` : id, '.txt', text));
  }
  const items: QuestionItem[] = [];
  let unjudged = 0;
  let noGold = 0;
  for (const query of data.queries) {
    const judged = data.qrels.get(query.id);
    if (!judged) {
      unjudged++;
      continue;
    }
    const gold = [...judged]
      .filter(([, grade]) => grade > 0)
      .flatMap(([id]) => docName.get(id) ?? []);
    if (gold.length === 0 || query.text.trim() === '') {
      noGold++;
      continue;
    }
    items.push({
      id: query.id,
      question: query.text.trim(),
      answers: [...new Set(answers.get(query.id) ?? [])],
      goldDocs: [...new Set(gold)],
    });
  }
  const notes = sameTextNote(names.duplicates);
  if (emptyDocs > 0)
    notes.push(`${counted(emptyDocs, 'corpus entry', 'corpus entries')} without text left out.`);
  if (unjudged > 0)
    notes.push(`${counted(unjudged, 'query', 'queries')} without relevance judgements skipped.`);
  if (noGold > 0) {
    notes.push(
      `${counted(noGold, 'query', 'queries')} with no relevant document in the corpus (or no text) skipped.`,
    );
  }
  if (!answersFile) {
    notes.push(
      `No ${ANSWERS_FILE}: the questions have no accepted answers, so only retrieval is scored.`,
    );
  }
  return { items, documents: names.documents, notes };
}
