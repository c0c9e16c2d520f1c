// The manuals as a person imports them: each manual one document (its sections inside it), ranked
// by the app's keyword search, and each hit credited to the sections (BEIR passages) its chunk
// covers. The BEIR layout (manualsBeir.ts) makes every section a document of its own, which removes
// the document level that the app's two-level ranking fuses in; this layout keeps it.
import { chunkText, estimateTokens } from '../../src/lib/ingest/chunk';
import { parseMarkdown } from '../../src/lib/ingest/parse/markdown';
import { splitSections } from '../../src/lib/ingest/split';
import { TwoLevelIndex, type IndexChunk } from '../../src/lib/search/twoLevel';
import { PATH_SEPARATOR, type Manual, type Passage } from './manualsBeir';

export interface FilesLayout {
  index: TwoLevelIndex;
  /** Chunk id → the passage ids whose section body it overlaps, in text order. */
  passagesOf: Map<string, string[]>;
  chunks: number;
}

/**
 * Indexes every manual whole with the app's parse and chunker (fallback token estimate). A chunk
 * is credited to each section whose body it overlaps (a chunk may hold several tiny sections, which
 * the chunker lets share a chunk), matched to the BEIR passages by manual and heading path.
 */
export function indexManualsAsFiles(
  manuals: readonly Manual[],
  corpus: readonly Passage[],
  maxTokens: number,
): FilesLayout {
  const encoder = new TextEncoder();
  const passageId = new Map(corpus.map((p) => [`${p.manual}\n${p.title}`, p.id]));
  const index = new TwoLevelIndex();
  const passagesOf = new Map<string, string[]>();
  let count = 0;
  for (const manual of manuals) {
    const { text } = parseMarkdown(encoder.encode(manual.text), manual.name);
    const spans = chunkText(text, { maxTokens, overlapTokens: 40, countTokens: estimateTokens });
    const chunks: IndexChunk[] = spans.map((s) => ({
      ...s,
      id: `${manual.name}#${s.ordinal}`,
      docId: manual.name,
    }));
    const sections = splitSections(text).flatMap((s) => {
      const id = passageId.get(`${manual.name}\n${s.path.join(PATH_SEPARATOR)}`);
      return id && /\S/.test(text.slice(s.headingEnd, s.end)) ? [{ ...s, id }] : [];
    });
    for (const c of chunks) {
      const ids = sections.filter((s) => s.headingEnd < c.end && s.end > c.start).map((s) => s.id);
      passagesOf.set(c.id, [...new Set(ids)]);
    }
    count += chunks.length;
    index.add(chunks);
  }
  return { index, passagesOf, chunks: count };
}

/** The passages a ranking of chunk ids retrieves, each once, in the order first reached. */
export function rankedPassages(layout: FilesLayout, chunkIds: readonly string[]): string[] {
  const ranked: string[] = [];
  const seen = new Set<string>();
  for (const id of chunkIds) {
    for (const p of layout.passagesOf.get(id) ?? []) {
      if (!seen.has(p)) ranked.push(p);
      seen.add(p);
    }
  }
  return ranked;
}
