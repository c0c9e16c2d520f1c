// A small mutation check: plants named bugs one at a time in a throw-away copy of the project and
// runs the tests that should notice; a mutant whose tests still pass "survived" (see TESTING.md).
//
//   npm run test:mutants                     unit-test mutants
//   npm run test:mutants -- --e2e            also the ones only end-to-end tests can see (slow)
//   npm run test:mutants -- --only a,b       just these mutants
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MUTANTS, type Mutant } from './mutants/list';

const ROOT = resolve(import.meta.dirname, '..');
const COPIED = [
  'src',
  'tests',
  'public',
  'scripts',
  'index.html',
  'package.json',
  'tsconfig.json',
  'svelte.config.js',
  'vite.config.ts',
  'vitest.config.ts',
  'playwright.config.ts',
];

const args = process.argv.slice(2);
const withE2e = args.includes('--e2e');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.split(',') : undefined;
const chosen = MUTANTS.filter((m) =>
  only ? only.includes(m.name) : withE2e || m.e2e === undefined || m.unit !== undefined,
);
if (chosen.length === 0) throw new Error(`No mutant named ${only?.join(', ')}.`);

/** A copy of the project with node_modules linked in: the working tree is never touched. */
function makeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ragtune-mutants-'));
  for (const path of COPIED) {
    cpSync(join(ROOT, path), join(dir, path), {
      recursive: true,
      filter: (p) => !p.includes('/tests/.generated') && !p.includes('/test-results'),
    });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(cwd: string, command: string, argv: string[], env = {}): boolean {
  const result = spawnSync(command, argv, {
    cwd,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, ...env },
    timeout: 15 * 60_000,
  });
  return result.status === 0;
}

function testsPass(copy: string, mutant: Mutant, e2e: boolean): boolean {
  if (!e2e) return run(copy, 'npx', ['vitest', 'run', ...(mutant.unit ?? [])]);
  const port = String(Number(process.env.RAGTUNE_E2E_PORT ?? 4173) + 50);
  return (
    run(copy, 'npx', ['vite', 'build']) &&
    run(copy, 'npx', ['playwright', 'test', ...(mutant.e2e ?? []), '--workers=1'], {
      RAGTUNE_E2E_PORT: port,
      CI: '',
    })
  );
}

/** Plants the mutant; throws when its code is gone (the list must follow the source). */
function plant(copy: string, mutant: Mutant): () => void {
  const path = join(copy, mutant.file);
  const original = readFileSync(path, 'utf8');
  let text = original;
  for (const [from, to] of mutant.edits) {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      throw new Error(`${mutant.name}: “${from}” is not found exactly once in ${mutant.file}.`);
    }
    text = text.slice(0, at) + to + text.slice(at + from.length);
  }
  writeFileSync(path, text);
  return () => writeFileSync(path, original);
}

const copy = makeCopy();
const cleanUp = () => rmSync(copy, { recursive: true, force: true });
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

const rows: { name: string; where: string; outcome: string }[] = [];
try {
  console.log(`Mutants: ${chosen.length}, in ${copy}`);
  // Unmutated, the chosen unit tests must pass, or every mutant would look killed.
  const baseline = [...new Set(chosen.flatMap((m) => m.unit ?? []))];
  const base: Mutant = { name: 'baseline', file: '', edits: [], unit: baseline };
  if (baseline.length > 0 && !testsPass(copy, base, false)) {
    throw new Error('The unit tests fail without any mutant: fix them first.');
  }
  for (const mutant of chosen) {
    const restore = plant(copy, mutant);
    try {
      for (const e2e of [false, true]) {
        if (e2e ? !withE2e || !mutant.e2e : !mutant.unit) continue;
        const survived = testsPass(copy, mutant, e2e);
        const row = { name: mutant.name, where: e2e ? 'e2e' : 'unit', outcome: '' };
        row.outcome = survived ? 'SURVIVED' : 'killed';
        rows.push(row);
        console.log(`${row.outcome.padEnd(8)} ${row.where.padEnd(4)} ${mutant.name}`);
      }
    } finally {
      restore();
    }
  }
} finally {
  cleanUp();
}
const survivors = rows.filter((r) => r.outcome === 'SURVIVED');
console.log(
  `\n${rows.length - survivors.length} killed, ${survivors.length} survived` +
    (survivors.length ? `: ${survivors.map((r) => `${r.name} (${r.where})`).join(', ')}` : ''),
);
const skipped = MUTANTS.filter((m) => !m.unit && !chosen.includes(m));
if (skipped.length) {
  console.log(`Not run (end-to-end only; add --e2e): ${skipped.map((m) => m.name).join(', ')}`);
}
