// The one rule for marking a result's matched words (plain text and rendered Markdown alike): a
// word starting with a matched term, case-insensitive, terms of one letter left out.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A global regex matching any of `terms` at a word start, or undefined when none can match. */
export function termPattern(terms: readonly string[]): RegExp | undefined {
  const words = terms.filter((t) => t.trim().length > 1).map(escape);
  return words.length ? new RegExp(`\\b(${words.join('|')})\\w*`, 'giu') : undefined;
}

/** `text` cut into pieces, each marked when it is a match. */
export function splitByTerms(
  text: string,
  terms: readonly string[],
): { text: string; hit: boolean }[] {
  const re = termPattern(terms);
  if (!re) return [{ text, hit: false }];
  const out: { text: string; hit: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), hit: false });
    out.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length || out.length === 0) out.push({ text: text.slice(last), hit: false });
  return out;
}

/** Wraps every match in the text nodes under `root` in a <mark> (after sanitising: text only). */
export function markTerms(root: Element, terms: readonly string[]): void {
  if (!termPattern(terms)) return;
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  for (const node of nodes) {
    const parts = splitByTerms(node.data, terms);
    if (!parts.some((p) => p.hit)) continue;
    const fragment = doc.createDocumentFragment();
    for (const part of parts) {
      if (!part.hit) fragment.append(part.text);
      else fragment.append(Object.assign(doc.createElement('mark'), { textContent: part.text }));
    }
    node.replaceWith(fragment);
  }
}
