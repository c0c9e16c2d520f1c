// Plain-text files: strict UTF-8 decoding and normalisation, nothing more.
// A text file has no markup, so no line is turned into a heading here.

import type { ParsedDocument } from '../types';
import { decodeUtf8 } from '../detect';
import { normaliseText } from '../normalise';

export function parseText(bytes: Uint8Array, name: string): ParsedDocument {
  return { format: 'txt', text: normaliseText(decodeUtf8(bytes, name)) };
}
