// The parser entry point: checks a file, picks the parser for its extension and returns
// normalised text with Markdown headings (and page spans for PDFs).

import { throwIfAborted } from '../../errors';
import type { ParsedDocument } from '../types';
import { checkSize, decodeUtf8, emptyError, requireFormat } from '../detect';
import type { DocFormat } from '../formats';
import { parseCsv } from './csv';
import { htmlToText } from './html';
import { parseJson } from './json';
import { parseMarkdown } from './markdown';
import { parseText } from './text';

export { htmlToText } from './html';
export { jsonToText } from './json';

export interface ParseOptions {
  signal?: AbortSignal;
}

function parseHtml(bytes: Uint8Array, name: string): ParsedDocument {
  const { text, title } = htmlToText(decodeUtf8(bytes, name));
  return title ? { format: 'html', text, title } : { format: 'html', text };
}

type Parser = (bytes: Uint8Array, name: string, options: ParseOptions) => Promise<ParsedDocument>;

/** One parser per format of ../formats (the Record makes a new format name its parser). */
const PARSERS: Record<DocFormat, Parser> = {
  txt: async (bytes, name) => parseText(bytes, name),
  md: async (bytes, name) => parseMarkdown(bytes, name),
  html: async (bytes, name) => parseHtml(bytes, name),
  csv: async (bytes, name) => parseCsv(bytes, name),
  json: async (bytes, name) => parseJson(bytes, name),
  // pdf.js and mammoth are large: loaded on demand, the first time such a file comes.
  docx: async (bytes, name) => (await import('./docx')).parseDocx(bytes, name),
  pdf: async (bytes, name, options) => (await import('./pdf')).parsePdf(bytes, name, options),
};

/**
 * Parses a file's bytes by its name's extension. Throws a RagtuneError ('unsupported-type',
 * 'too-large', 'empty', 'binary', 'invalid-utf8', 'corrupt-pdf', …, 'cancelled').
 */
export async function parseDocument(
  bytes: Uint8Array,
  name: string,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  throwIfAborted(options.signal);
  const format = requireFormat(name);
  checkSize(name, bytes.byteLength);
  const parsed = await PARSERS[format](bytes, name, options);
  throwIfAborted(options.signal);
  if (parsed.text === '') throw emptyError(name);
  return parsed;
}
