// The decompression-bomb guard for PDFs: pdf.js inflates a page's content stream whole, so every
// Flate stream except images is inflated (and thrown away) first, counting what it expands to.

import { formatBytes } from '../detect';
import { MAX_EXPANDED_BYTES, expandsTooLarge, inflatedBytes } from '../inflate';

const STREAM = [0x73, 0x74, 0x72, 0x65, 0x61, 0x6d]; // "stream"
const END_STREAM = [0x65, 0x6e, 0x64, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d]; // "endstream"
/** How far back from `stream` its dictionary is looked for. */
const DICTIONARY_WINDOW = 4096;

function matchesAt(bytes: Uint8Array, at: number, word: readonly number[]): boolean {
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return false;
  return true;
}

function indexOfWord(bytes: Uint8Array, word: readonly number[], from: number): number {
  const first = word[0] as number;
  for (let at = bytes.indexOf(first, from); at !== -1; at = bytes.indexOf(first, at + 1)) {
    if (matchesAt(bytes, at, word)) return at;
  }
  return -1;
}

const latin1 = new TextDecoder('latin1');

interface FlateStream {
  data: Uint8Array;
  /** How many FlateDecode filters are chained (a bomb may compress twice). */
  layers: number;
}

/** The PDF's Flate-compressed streams that pdf.js may inflate to read text (images left out). */
export function* flateStreams(bytes: Uint8Array): Generator<FlateStream> {
  for (let at = indexOfWord(bytes, STREAM, 0); at !== -1; at = indexOfWord(bytes, STREAM, at + 1)) {
    // `endstream` also holds “stream”; a stream keyword follows a dictionary's “>>”.
    if (at >= 3 && matchesAt(bytes, at - 3, END_STREAM)) continue;
    const head = latin1.decode(bytes.subarray(Math.max(0, at - DICTIONARY_WINDOW), at));
    const dictionary = head.slice(head.lastIndexOf('obj') + 1);
    if (!/>>\s*$/.test(dictionary)) continue;
    const layers = dictionary.match(/\/FlateDecode\b|\/Fl\b/g)?.length ?? 0;
    if (layers === 0 || /\/Subtype\s*\/Image\b/.test(dictionary)) continue;
    let start = at + STREAM.length;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] === 0x0a) start++;
    const end = indexOfWord(bytes, END_STREAM, start);
    yield { data: bytes.subarray(start, end === -1 ? bytes.byteLength : end), layers };
    if (end !== -1) at = end + END_STREAM.length - 1;
  }
}

/** Throws 'expands-too-large' when the PDF's non-image Flate streams inflate past the limit. */
export async function checkPdfExpansion(bytes: Uint8Array, name: string): Promise<void> {
  let total = 0;
  for (const { data, layers } of flateStreams(bytes)) {
    total += await inflatedBytes(data, 'deflate', MAX_EXPANDED_BYTES - total, layers);
    if (total > MAX_EXPANDED_BYTES) {
      throw expandsTooLarge(
        name,
        `has compressed content that unpacks to more than ${formatBytes(MAX_EXPANDED_BYTES)}`,
      );
    }
  }
}
