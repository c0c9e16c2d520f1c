// The one-importer rule (scripts/checkImporters.ts): which imports count, the repository as it
// stands, and a planted second importer that it must name.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, packageOf, runtimeImports } from '../../../scripts/checkImporters';

describe('runtimeImports', () => {
  it('counts value, side-effect, re-export and literal dynamic imports', () => {
    const source = [
      "import { openDB } from 'idb';",
      "import 'pdfjs-dist/build/pdf.worker.mjs';",
      "export * from 'comlink';",
      "const m = await import('marked');",
      "import { a, type B } from 'stemmer';",
    ].join('\n');
    expect([...runtimeImports(source)].sort()).toEqual([
      'comlink',
      'idb',
      'marked',
      'pdfjs-dist',
      'stemmer',
    ]);
  });

  it('skips type-only imports and relative ones', () => {
    const source = [
      "import type { DBSchema } from 'idb';",
      "import { type A, type B } from 'comlink';",
      "export type { C } from 'marked';",
      "import { x } from './local';",
    ].join('\n');
    expect([...runtimeImports(source)]).toEqual([]);
  });

  it('names the package of a deep or scoped specifier', () => {
    expect(packageOf('@huggingface/transformers/dist/x.js')).toBe('@huggingface/transformers');
    expect(packageOf('voy-search/voy_search_bg.wasm?url')).toBe('voy-search');
    expect(packageOf('../errors')).toBeUndefined();
    expect(packageOf('node:fs')).toBeUndefined();
  });
});

describe('check', () => {
  it('passes on the repository as it stands', () => {
    expect(check(process.cwd())).toEqual([]);
  });

  it('names a second importer and a dependency nobody lists', () => {
    const root = mkdtempSync(join(tmpdir(), 'importers-'));
    try {
      mkdirSync(join(root, 'src/lib/store'), { recursive: true });
      mkdirSync(join(root, 'src/lib/chat'), { recursive: true });
      const deps = { idb: '1', 'left-pad': '1' };
      writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: deps }));
      writeFileSync(join(root, 'src/lib/store/database.ts'), "import { openDB } from 'idb';\n");
      writeFileSync(join(root, 'src/lib/chat/Other.ts'), "import { openDB } from 'idb';\n");
      const problems = check(root);
      expect(problems).toContain(
        'src/lib/chat/Other.ts imports idb; only src/lib/store/database.ts may.',
      );
      expect(problems).toContain('left-pad is a dependency with no importer listed here.');
      expect(problems.some((p) => p.includes('src/lib/store/database.ts imports'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
