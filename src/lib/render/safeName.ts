// Names and short texts from untrusted sources (file names, titles, imported experiments) made
// safe to show: invisible control and bidirectional characters become visible escapes.

/**
 * C0/C1 controls, DEL, the bidirectional embeddings, overrides, isolates and marks, zero-width
 * characters and line/paragraph separators: each can make a name look like another
 * (`invoice\u202Efdp.md` shows as “invoicedm.pdf”) or hide part of it.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** `name` with every hidden or direction-changing character shown as ⟨U+XXXX⟩. */
export function safeName(name: string): string {
  return name.replace(HIDDEN, escape);
}

/** Whether `name` holds a character safeName would escape. */
export function hasHiddenCharacters(name: string): boolean {
  HIDDEN.lastIndex = 0;
  const found = HIDDEN.test(name);
  HIDDEN.lastIndex = 0;
  return found;
}
