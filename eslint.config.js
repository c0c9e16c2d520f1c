// Lint rules for TypeScript and Svelte 5; `npm run lint` also runs Prettier.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'tests/.generated/',
      'test-results/',
      'playwright-report/',
      '.bench/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // Layers: the domain folders know nothing of the page's state or its components (issue 9,
  // item 4): state/ calls them, never the other way round. ingest/ and embed/ have a stricter
  // zone below (a later block's no-restricted-imports replaces this one for their files).
  {
    files: [
      'src/lib/lab/**',
      'src/lib/rag/**',
      'src/lib/generate/**',
      'src/lib/search/**',
      'src/lib/eval/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/state/*', '**/components/*'],
              message:
                'lab/, rag/, generate/, search/ and eval/ import nothing from state/ or components/: move the code or type to its owner (state/ holds rune classes only).',
            },
          ],
        },
      ],
    },
  },
  // Layers: parsing, chunking and embedding are pure of the app around them (issue 9, item 7).
  {
    files: ['src/lib/ingest/**', 'src/lib/embed/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/library/*', '**/state/*', '**/components/*'],
              message:
                'ingest/ and embed/ import nothing from library/, state/ or components/: move the type to its owner (e.g. ingest/types.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/lib/search/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/library/*', '**/state/*', '**/components/*'],
              message:
                'search/ imports nothing from library/, state/ or components/: move the type to its owner (e.g. search/searchHit.ts).',
            },
          ],
        },
      ],
    },
  },
  // Only the state calls workers: the worker clients (and the endpoint engine, the client of a
  // person's server) are imported as values by state/, by App.svelte (which starts the library
  // worker) and by the client modules themselves; their types may be imported anywhere.
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: [
      'src/lib/state/**',
      'src/App.svelte',
      'src/lib/library/libraryClient.ts',
      'src/lib/generate/generatorClient.ts',
      'src/lib/generate/transformers/client.ts',
      'src/lib/generate/endpoint/endpointEngine.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/libraryClient',
                '**/generatorClient',
                '**/transformers/client',
                '**/endpoint/endpointEngine',
                './endpointEngine',
              ],
              allowTypeImports: true,
              message:
                'Only state/ calls workers: take what you need from a state class, or import the type only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
);
