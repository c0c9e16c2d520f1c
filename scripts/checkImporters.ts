// Each third-party runtime library is imported by exactly one module of src/ (README, the source
// layout), save two named exceptions. Type-only imports may appear anywhere; a value import, a side-effect import, a
// re-export or a dynamic import with a literal specifier counts. Run by `npm run lint`; fails
// naming the module that imports a library it should not, or a listed module that no longer does.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The module allowed to import each runtime dependency (package.json "dependencies"): one,
 * but for the two pairs explained below. */
export const IMPORTERS: Record<string, readonly string[]> = {
  '@huggingface/transformers': ['src/lib/ml/transformers.ts'],
  '@mlc-ai/web-llm': ['src/lib/generate/webllm/webllm.ts'],
  comlink: ['src/lib/rpc/rpc.ts'],
  dompurify: ['src/lib/render/markdown.ts'],
  htmlparser2: ['src/lib/ingest/parse/html.ts'],
  hyparquet: ['src/lib/library/export/parquet.ts'],
  'hyparquet-writer': ['src/lib/library/export/parquet.ts'],
  idb: ['src/lib/store/database.ts'],
  mammoth: ['src/lib/ingest/parse/docx.ts'],
  marked: ['src/lib/render/markdown.ts'],
  papaparse: ['src/lib/ingest/parse/csv.ts'],
  // Two on purpose: the browser build (with its in-thread worker) and, in Node only, the legacy
  // build through a variable specifier that keeps it out of the bundle (and out of this check).
  'pdfjs-dist': ['src/lib/ingest/parse/pdfjsBrowser.ts'],
  stemmer: ['src/lib/search/analyse.ts'],
  // Two on purpose: voy.ts loads the wasm's glue; voyWasmUrl.ts only names the wasm file by a
  // `?url` import, in a module of its own so that Node never has to resolve it.
  'voy-search': ['src/lib/search/voy.ts', 'src/lib/search/voyWasmUrl.ts'],
};

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name'), or undefined. */
export function packageOf(specifier: string): string | undefined {
  if (/^(\.|\/|[a-z]+:)/.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const STATEMENT =
  /\b(?:import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Whether `{ type A, type B }` (every named binding a type) makes an import type-only. */
function allTypes(clause: string | undefined): boolean {
  const named = clause?.match(/^\{([^}]*)\}$/s)?.[1];
  if (!named) return false;
  const names = named
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** The packages a module's source imports at run time. */
export function runtimeImports(source: string): Set<string> {
  const found = new Set<string>();
  for (const m of source.matchAll(STATEMENT)) {
    const [, typeOnly, clause, specifier, dynamic] = m;
    if (typeOnly || allTypes(clause?.trim())) continue;
    const name = packageOf(specifier ?? dynamic ?? '');
    if (name) found.add(name);
  }
  return found;
}

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return /\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every broken rule, in words; empty when each library has exactly its listed importers. */
export function check(root: string): string[] {
  const dependencies = Object.keys(
    (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies,
  );
  const problems: string[] = [];
  for (const name of dependencies) {
    if (!IMPORTERS[name]) problems.push(`${name} is a dependency with no importer listed here.`);
  }
  const seen = new Map<string, Set<string>>();
  for (const file of modules(join(root, 'src'))) {
    const path = relative(root, file).split('\\').join('/');
    for (const name of runtimeImports(readFileSync(file, 'utf8'))) {
      if (!dependencies.includes(name)) continue;
      (seen.get(name) ?? seen.set(name, new Set()).get(name)!).add(path);
      if (!IMPORTERS[name]?.includes(path)) {
        problems.push(`${path} imports ${name}; only ${IMPORTERS[name]?.join(', ')} may.`);
      }
    }
  }
  for (const [name, allowed] of Object.entries(IMPORTERS)) {
    for (const path of allowed) {
      if (!seen.get(name)?.has(path))
        problems.push(`${path} is listed for ${name} but imports it no more.`);
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = check(process.cwd());
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log(
    `${Object.keys(IMPORTERS).length} runtime libraries, each imported only by its listed module.`,
  );
}
