// The bugs scripts/mutants.ts plants, each an exact edit of one file and the tests that should
// notice it. An edit whose text is gone from the source stops the run: update the list with it.

export interface Mutant {
  name: string;
  file: string;
  /** [exact text, replacement], applied in order; each text must occur exactly once. */
  edits: [string, string][];
  /** Vitest files or folders that should kill it. */
  unit?: string[];
  /** Playwright specs that should kill it (run with --e2e only). */
  e2e?: string[];
}

export const MUTANTS: Mutant[] = [
  {
    name: 'answer-citation-always-first-source',
    file: 'src/lib/components/chat/AnswerBody.svelte',
    edits: [
      [
        "const source = citedSource(sources, button?.dataset['cite']);",
        'const source = sources[0];',
      ],
    ],
    e2e: ['tests/e2e/citations.spec.ts'],
  },
  {
    name: 'cited-source-is-first',
    file: 'src/lib/rag/citations.ts',
    edits: [['return sources.find((source) => source.n === n);', 'return sources[0];']],
    unit: ['tests/unit/rag'],
  },
  {
    name: 'viewer-highlights-first-chunk',
    file: 'src/lib/components/library/DocumentViewer.svelte',
    edits: [
      ['view?.chunks.find((c) => c.id === ui.openChunkId)', 'view?.chunks[0]'],
      [
        'data-current={chunk.id === ui.openChunkId}',
        'data-current={chunk.id === view.chunks[0]?.id}',
      ],
    ],
    e2e: ['tests/e2e/open-at-chunk.spec.ts', 'tests/e2e/citations.spec.ts'],
  },
  {
    name: 'rerank-keeps-fused-order',
    file: 'src/lib/library/search.ts',
    edits: [['found.sort((a, b) => b.c.score - a.c.score);', '']],
    unit: ['tests/unit/library', 'tests/unit/state', 'tests/unit/rag'],
    e2e: ['tests/e2e/rerank.spec.ts'],
  },
  {
    name: 'bm25-and-instead-of-or',
    file: 'src/lib/search/bm25.ts',
    edits: [
      [
        '    const n = this.size;\n    if (n === 0) return [];',
        '    keys = [...keys];\n    const n = this.size;\n    if (n === 0) return [];',
      ],
      [
        '    touched.sort((a, b) =>',
        '    const all = [...new Set(keys)];\n' +
          '    const hasAll = (s: number) =>\n' +
          '      all.every((k) => (this.#postings.get(k) ?? []).some((v, i) => i % 2 === 0 && v === s));\n' +
          '    touched.splice(0, touched.length, ...touched.filter(hasAll));\n' +
          '    touched.sort((a, b) =>',
      ],
    ],
    unit: ['tests/unit/search'],
  },
  {
    name: 'bm25-repeated-query-terms-count-twice',
    file: 'src/lib/search/bm25.ts',
    edits: [['for (const key of new Set(keys)) {', 'for (const key of keys) {']],
    unit: ['tests/unit/search'],
  },
  {
    name: 'squad-f1-ignores-repeats',
    file: 'src/lib/eval/squad.ts',
    edits: [['shared += Math.min(n, left.get(token) ?? 0);', 'shared += left.has(token) ? n : 0;']],
    unit: ['tests/unit/eval'],
  },
  {
    name: 'dedupe-hash-never-matches',
    file: 'src/lib/ingest/hash.ts',
    edits: [['new TextEncoder().encode(text))', 'new TextEncoder().encode(text + Math.random()))']],
    unit: ['tests/unit/library', 'tests/unit/store', 'tests/unit/ingest'],
  },
  {
    name: 'top-p-unclamped',
    file: 'src/lib/generate/decoding.ts',
    edits: [['topP: clampTo(r.topP, settings.topP, d.topP),', 'topP: settings.topP,']],
    unit: ['tests/unit/generate/decoding.test.ts'],
  },
  {
    name: 'rag-off-drops-history',
    file: 'src/lib/rag/buildPrompt.ts',
    edits: [
      [
        'const built = await buildPlainMessages(budget);',
        'const built = await buildPlainMessages({ ...budget, history: [] });',
      ],
    ],
    unit: ['tests/unit/rag'],
  },
  {
    name: 'rrf-ignores-rank',
    file: 'src/lib/search/fuse.ts',
    edits: [['(rank ? 1 / (k + rank) : 0)', '(rank ? 1 / (k + 1) : 0)']],
    unit: ['tests/unit/search'],
  },
  {
    name: 'ndcg-without-discount',
    file: 'src/lib/eval/metrics.ts',
    edits: [['sum + grade(relevance, id) / Math.log2(i + 2)', 'sum + grade(relevance, id)']],
    unit: ['tests/unit/eval'],
  },
  {
    name: 'chunks-without-overlap',
    file: 'src/lib/ingest/chunk.ts',
    edits: [
      [
        'const overlapBudget = Math.max(0, Math.min(options.overlapTokens, budget - 1));',
        'const overlapBudget = 0;',
      ],
    ],
    unit: ['tests/unit/ingest'],
  },
  {
    name: 'budget-forgets-answer-room',
    file: 'src/lib/rag/contextBudget.ts',
    edits: [
      [
        'options.contextWindow - options.maxAnswerTokens - overhead.perPrompt',
        'options.contextWindow - overhead.perPrompt',
      ],
    ],
    unit: ['tests/unit/rag', 'tests/unit/state'],
  },
  {
    name: 'worker-death-unheard',
    file: 'src/lib/rpc/rpc.ts',
    edits: [["endpoint.addEventListener('close', die);", '']],
    unit: ['tests/unit/rpc'],
  },
  {
    name: 'import-cancel-ignored',
    file: 'src/lib/library/libraryApi.ts',
    edits: [['jobs.get(jobId)?.abort();', 'void jobId;']],
    unit: ['tests/unit/library'],
    e2e: ['tests/e2e/ingest.spec.ts'],
  },
  {
    name: 'reload-embeds-everything-again',
    file: 'src/lib/library/libraryApi.ts',
    edits: [['const stale = library.staleDocuments;', 'const stale = library.documents;']],
    e2e: ['tests/e2e/promises.spec.ts'],
  },
];
