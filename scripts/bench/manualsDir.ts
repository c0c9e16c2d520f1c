// Reads a manuals folder (Markdown manuals and qa.jsonl) and writes it as a BEIR folder, with an
// audit of where each question's answer was located (placements.tsv) and what was dropped.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  beirFiles,
  manualsToBeir,
  parseQa,
  type Manual,
  type ManualsBeir,
  type QaPair,
} from './manualsBeir';

export const QA_FILE = 'qa.jsonl';

/** A manuals folder holds qa.jsonl and Markdown manuals, and is not already in BEIR layout. */
export function isManualsDir(dir: string): boolean {
  return existsSync(join(dir, QA_FILE)) && !existsSync(join(dir, 'corpus.jsonl'));
}

export interface ManualsSummary {
  manuals: number;
  passages: number;
  pairs: number;
  queries: number;
  dropped: { 'not-located': number; 'unknown-manual': number };
  /** Queries with more than one relevant section. */
  multi_relevant: number;
}

/** The folder's Markdown manuals (README.md left out), by name, and its Q&A pairs. */
export function readManualsDir(dataDir: string): { manuals: Manual[]; pairs: QaPair[] } {
  const manuals = readdirSync(dataDir)
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dataDir, name), 'utf8') }));
  return { manuals, pairs: parseQa(readFileSync(join(dataDir, QA_FILE), 'utf8')) };
}

export function convertManualsDir(dataDir: string, outDir: string): ManualsSummary {
  const { manuals, pairs } = readManualsDir(dataDir);
  const set = manualsToBeir(manuals, pairs);
  for (const [path, text] of Object.entries({ ...beirFiles(set), 'placements.tsv': audit(set) })) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), text);
  }
  const count = (why: string) => set.placements.filter((p) => p.dropped === why).length;
  return {
    manuals: manuals.length,
    passages: set.corpus.length,
    pairs: pairs.length,
    queries: set.queries.length,
    dropped: { 'not-located': count('not-located'), 'unknown-manual': count('unknown-manual') },
    multi_relevant: [...set.qrels.values()].filter((ids) => ids.length > 1).length,
  };
}

function audit(set: ManualsBeir): string {
  const clean = (text: string) => text.replace(/\s+/g, ' ');
  const rows = set.placements.map((p) =>
    [
      p.query.id,
      p.dropped ?? 'kept',
      p.coverage.toFixed(3),
      p.runnerUp.toFixed(3),
      p.relevant.join(' '),
      clean(p.qa.question),
      clean(p.qa.answer),
      clean(p.evidence),
    ].join('\t'),
  );
  const header = 'query-id\tstatus\tcoverage\trunner-up\trelevant\tquestion\tanswer\tevidence';
  return [header, ...rows].map((row) => `${row}\n`).join('');
}
