// Turns Markdown manuals and their question–answer pairs into a BEIR retrieval set: a passage is
// one section (its heading path as title), a question's relevant section is where its answer is.
import { SENTENCE_BREAK, splitSections } from '../../src/lib/ingest/split';
import { analyse } from '../../src/lib/search/analyse';
import type { BeirDoc, BeirQuery } from '../../src/lib/eval/beir';

export interface Manual {
  /** File name, e.g. `product_info_1.md`; the `doc` a Q&A pair names. */
  name: string;
  text: string;
}

export interface QaPair {
  doc: string;
  question: string;
  answer: string;
}

export interface Passage extends BeirDoc {
  manual: string;
  path: string[];
}

/** How a question was placed: its relevant sections, or why it was dropped. */
export interface Placement {
  query: BeirQuery;
  qa: QaPair;
  /** Relevant passage ids, best first; empty when the answer could not be located. */
  relevant: string[];
  /** The best section's share of the answer's located term weight (0–1). */
  coverage: number;
  /** The runner-up section's share (0 when there is none). */
  runnerUp: number;
  /** The best-covering sentence (or list item, spec line): the located answer. */
  evidence: string;
  dropped?: 'unknown-manual' | 'not-located';
}

export interface ManualsBeir {
  corpus: Passage[];
  queries: BeirQuery[];
  /** query id → relevant passage ids (grade 1 each). */
  qrels: Map<string, string[]>;
  placements: Placement[];
}

/** A question is located when one section holds at least this share of its answer's weight. */
export const MIN_COVERAGE = 0.35;
/** Other sections within this share of the best one are relevant too (the answer spans them). */
export const TIE_SHARE = 0.9;
export const PATH_SEPARATOR = ' > ';

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');

/** One passage per non-empty section; ids are `<file stem>/<heading path slugs>` (stable). */
export function manualPassages(manual: Manual): Passage[] {
  const stem = manual.name.replace(/\.[^.]+$/, '');
  const seen = new Map<string, number>();
  const passages: Passage[] = [];
  for (const section of splitSections(manual.text)) {
    const body = manual.text.slice(section.headingEnd, section.end).trim();
    if (body === '') continue; // a heading directly followed by a sub-heading
    const base = [stem, ...section.path.map(slug)].join('/');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    passages.push({
      id: n === 1 ? base : `${base}~${n}`,
      title: section.path.join(PATH_SEPARATOR),
      text: body,
      manual: manual.name,
      path: section.path,
    });
  }
  return passages;
}

const termSet = (text: string) => new Set(analyse(text).map((t) => t.key));

/** A section's sentences and lines (list items, table rows), each as a set of analysed terms. */
function sentences(passage: Passage): { text: string; terms: Set<string> }[] {
  const heading = termSet(passage.path.join(' '));
  return passage.text
    .split(SENTENCE_BREAK)
    .filter((s) => /\S/.test(s))
    .map((text) => ({ text: text.trim(), terms: new Set([...heading, ...termSet(text)]) }));
}

/**
 * Places a Q&A pair among its manual's passages. The answer is a paraphrase, not a quotation, so
 * "the section containing it" is found on analysed terms (the app's stop-words and Porter stems)
 * sentence by sentence: each answer term found in the manual weighs its inverse section frequency
 * within that manual (so the product's name, present everywhere, weighs little), and a sentence
 * (or list item, or spec line; with its section's heading path) covers the share of that weight
 * it holds. The section of the best sentence is relevant if that sentence covers at least
 * MIN_COVERAGE; sections whose best sentence is within TIE_SHARE of it are relevant too.
 * Sentences, not sections, so a long section (reviews) does not win by sheer size. The
 * question's own text is never used, so relevance does not follow from the query's words.
 */
export function placeAnswer(
  answer: string,
  passages: readonly Passage[],
): Omit<Placement, 'query' | 'qa' | 'dropped'> {
  const sets = passages.map((p) => termSet(`${p.path.join(' ')} ${p.text}`));
  const n = passages.length;
  const weights = new Map<string, number>();
  for (const term of termSet(answer)) {
    const df = sets.filter((s) => s.has(term)).length;
    if (df > 0) weights.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  const total = [...weights.values()].reduce((a, w) => a + w, 0);
  if (total === 0) return { relevant: [], coverage: 0, runnerUp: 0, evidence: '' };
  const held = (set: Set<string>) => {
    let sum = 0;
    for (const [term, w] of weights) if (set.has(term)) sum += w;
    return sum / total;
  };
  const scored = passages
    .map((p) => {
      let top = { coverage: 0, text: '' };
      for (const s of sentences(p)) {
        const coverage = held(s.terms);
        if (coverage > top.coverage) top = { coverage, text: s.text };
      }
      return { id: p.id, ...top };
    })
    .sort((a, b) => b.coverage - a.coverage);
  const { coverage, text: evidence } = scored[0]!;
  const runnerUp = scored[1]?.coverage ?? 0;
  if (coverage < MIN_COVERAGE) return { relevant: [], coverage, runnerUp, evidence };
  const relevant = scored.filter((s) => s.coverage >= coverage * TIE_SHARE).map((s) => s.id);
  return { relevant, coverage, runnerUp, evidence };
}

/** Parses `qa.jsonl` lines `{doc, question, answer}`; a malformed line fails naming its number. */
export function parseQa(text: string): QaPair[] {
  const pairs: QaPair[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const value = JSON.parse(line) as Partial<QaPair>;
    const { doc, question, answer } = value;
    if (typeof doc !== 'string' || typeof question !== 'string' || typeof answer !== 'string') {
      throw new Error(`qa.jsonl, line ${i + 1}: expected {doc, question, answer} strings`);
    }
    pairs.push({ doc, question, answer });
  });
  return pairs;
}

export function manualsToBeir(manuals: readonly Manual[], pairs: readonly QaPair[]): ManualsBeir {
  const byManual = new Map<string, Passage[]>();
  for (const manual of manuals) byManual.set(manual.name, manualPassages(manual));
  const corpus = [...byManual.values()].flat();
  const queries: BeirQuery[] = [];
  const qrels = new Map<string, string[]>();
  const placements: Placement[] = pairs.map((qa, i) => {
    const query = { id: `q${i + 1}`, text: qa.question };
    const passages = byManual.get(qa.doc);
    if (!passages) {
      return {
        query,
        qa,
        relevant: [],
        coverage: 0,
        runnerUp: 0,
        evidence: '',
        dropped: 'unknown-manual',
      };
    }
    const placed = placeAnswer(qa.answer, passages);
    if (placed.relevant.length === 0) return { query, qa, ...placed, dropped: 'not-located' };
    queries.push(query);
    qrels.set(query.id, placed.relevant);
    return { query, qa, ...placed };
  });
  return { corpus, queries, qrels, placements };
}

/** The three BEIR files' contents: corpus.jsonl, queries.jsonl and qrels.test.tsv (flat, as in
 * ../shared/data: a browser's file input drops folders, so qrels/test.tsv would arrive as test.tsv). */
export function beirFiles(set: ManualsBeir): Record<string, string> {
  const lines = (rows: string[]) => rows.map((r) => `${r}\n`).join('');
  return {
    'corpus.jsonl': lines(
      set.corpus.map((p) => JSON.stringify({ _id: p.id, title: p.title, text: p.text })),
    ),
    'queries.jsonl': lines(set.queries.map((q) => JSON.stringify({ _id: q.id, text: q.text }))),
    'qrels.test.tsv': lines([
      'query-id\tcorpus-id\tscore',
      ...[...set.qrels].flatMap(([q, ids]) => ids.map((id) => `${q}\t${id}\t1`)),
    ]),
  };
}
