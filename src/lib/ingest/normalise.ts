// Text normalisation shared by every parser: one canonical form of a document's text, so that
// hashes, chunk offsets and page spans all refer to the same string.

// Control characters other than tab and newline (C0, DEL and C1), plus the BOM / zero-width
// no-break space, which only ever appears in text as an encoding artefact.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFEFF]/g;
// Vertical tab, form feed and the Unicode line/paragraph separators end a line.
// eslint-disable-next-line no-control-regex -- as above
const LINE_BREAKS = /[\u000B\u000C\u2028\u2029]/g;
const TRAILING_SPACE = /[^\S\n]+$/gm;
const EXTRA_BLANK_LINES = /\n{3,}/g;

/**
 * NFC; CRLF/CR → LF; BOM and control characters (except \n and \t) removed; trailing spaces
 * trimmed per line; three or more line breaks collapsed to one blank line; the whole trimmed.
 * Idempotent: normaliseText(normaliseText(s)) === normaliseText(s).
 */
export function normaliseText(input: string): string {
  return input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(LINE_BREAKS, '\n')
    .replace(CONTROL_CHARS, '')
    .replace(TRAILING_SPACE, '')
    .replace(EXTRA_BLANK_LINES, '\n\n')
    .trim();
}
