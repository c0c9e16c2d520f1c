// `npm run bench:manuals-beir -- --data DIR --out DIR`: writes a manuals folder (Markdown manuals
// and qa.jsonl, e.g. ../shared/data/contoso-manuals) as a BEIR folder, passages = sections.
import { existsSync } from 'node:fs';
import { arg } from './harness';
import { convertManualsDir, QA_FILE } from './manualsDir';

const data = arg('data', '../shared/data/contoso-manuals') ?? '';
const out = arg('out');
if (!out) {
  console.error('Pass --out DIR (where corpus.jsonl, queries.jsonl and qrels.test.tsv go).');
  process.exit(1);
}
if (!existsSync(`${data}/${QA_FILE}`)) {
  console.log(JSON.stringify({ skipped: `no ${QA_FILE} in ${data}: pass --data DIR` }));
  process.exit(0);
}
console.log(JSON.stringify({ data, out, ...convertManualsDir(data, out) }));
