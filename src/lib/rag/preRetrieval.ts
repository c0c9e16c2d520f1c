// Pre-retrieval options from the RAG literature: multi-query (the model rewrites the question
// into several searches, results fused by RRF) and HyDE (search with a hypothetical answer).
// They run only where the context mode allows (RAG), see the question alone (no history) and feed search, never a prompt.
import type { ChatMessage as PromptMessage } from '../generate/Generator';
import type { SearchHit } from '../search/searchHit';
import { reciprocalRankFusion } from '../search/fuse';

export interface PreRetrievalOptions {
  multiQuery: boolean;
  hyde: boolean;
  /** How many rewrites multi-query asks for (the original question is always searched too). */
  rewrites: number;
}

export const DEFAULT_PRE_RETRIEVAL: PreRetrievalOptions = {
  multiQuery: false,
  hyde: false,
  rewrites: 3,
};

/** What the extra model calls and searches cost, shown next to the answer. */
export interface PreRetrievalCost {
  generateMs: number;
  searchMs: number;
  promptTokens: number;
  completionTokens: number;
}

export interface PreRetrievalResult {
  hits: SearchHit[];
  /** Every query searched, the original first. */
  queries: string[];
  hypothetical?: string;
  cost: PreRetrievalCost;
}

export interface PreRetrievalDeps {
  generate(
    messages: PromptMessage[],
  ): Promise<{ text: string; promptTokens: number; completionTokens: number }>;
  search(query: string): Promise<{ hits: SearchHit[] }>;
}

export function rewritePrompt(question: string, n: number): PromptMessage[] {
  return [
    {
      role: 'system',
      content: `Rewrite the user's question into ${n} different search queries that could find the answer in a document library. Write one query per line, with no numbering and nothing else.`,
    },
    { role: 'user', content: question },
  ];
}

export function hydePrompt(question: string): PromptMessage[] {
  return [
    {
      role: 'system',
      content:
        'Write a short passage, two or three sentences, that would answer the question as a document might. Do not say that you are unsure.',
    },
    { role: 'user', content: question },
  ];
}

/** The rewrites a model wrote: one per line, bullets and numbering stripped, no repeats. */
export function parseRewrites(text: string, question: string, n: number): string[] {
  const seen = new Set([question.trim().toLowerCase()]);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const q = line
      .replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '')
      .replace(/^["']|["']$/g, '')
      .trim();
    if (q.length < 3 || seen.has(q.toLowerCase())) continue;
    seen.add(q.toLowerCase());
    out.push(q);
    if (out.length === n) break;
  }
  return out;
}

/** Searches the question (and rewrites / a hypothetical answer when asked) and fuses the lists. */
export async function retrieveWithOptions(
  question: string,
  options: PreRetrievalOptions,
  deps: PreRetrievalDeps,
  topK: number,
): Promise<PreRetrievalResult> {
  const cost: PreRetrievalCost = {
    generateMs: 0,
    searchMs: 0,
    promptTokens: 0,
    completionTokens: 0,
  };
  const generate = async (messages: PromptMessage[]) => {
    const t = performance.now();
    const r = await deps.generate(messages);
    cost.generateMs += performance.now() - t;
    cost.promptTokens += r.promptTokens;
    cost.completionTokens += r.completionTokens;
    return r.text;
  };
  const queries = [question];
  if (options.multiQuery)
    queries.push(
      ...parseRewrites(
        await generate(rewritePrompt(question, options.rewrites)),
        question,
        options.rewrites,
      ),
    );
  const hypothetical = options.hyde ? (await generate(hydePrompt(question))).trim() : undefined;
  if (hypothetical) queries.push(hypothetical);

  const t = performance.now();
  const responses = await Promise.all(queries.map((q) => deps.search(q)));
  cost.searchMs = performance.now() - t;
  if (responses.length === 1) return { hits: responses[0]!.hits.slice(0, topK), queries, cost };

  const byId = new Map<string, SearchHit>();
  for (const r of responses)
    for (const h of r.hits) if (!byId.has(h.chunkId)) byId.set(h.chunkId, h);
  const fused = reciprocalRankFusion(
    responses.map((r) => r.hits.map((h) => ({ id: h.chunkId, score: h.score }))),
  );
  const hits = fused
    .slice(0, topK)
    .map((f) => ({ ...byId.get(f.id)!, score: f.score, fusedScore: f.score }));
  return { hits, queries, hypothetical, cost };
}
