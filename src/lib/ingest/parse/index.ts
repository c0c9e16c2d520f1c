// The parser entry point: checks a file, picks the parser for its extension and returns
// normalised text with Markdown headings (and page spans for PDFs).

import { throwIfAborted } from '../../errors';
import type { ParsedDocument } from '../../library/types';
import { checkSize, decodeUtf8, emptyError, requireFormat } from '../detect';
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

async function parseByFormat(
  bytes: Uint8Array,
  name: string,
  options: ParseOptions,
): Promise<ParsedDocument> {
  const format = requireFormat(name);
  switch (format) {
    case 'txt':
      return parseText(bytes, name);
    case 'md':
      return parseMarkdown(bytes, name);
    case 'html':
      return parseHtml(bytes, name);
    case 'csv':
      return parseCsv(bytes, name);
    case 'json':
      return parseJson(bytes, name);
    // pdf.js and mammoth are large: loaded on demand, the first time such a file comes.
    case 'docx': {
      const { parseDocx } = await import('./docx');
      return parseDocx(bytes, name);
    }
    case 'pdf': {
      const { parsePdf } = await import('./pdf');
      return parsePdf(bytes, name, options);
    }
  }
}

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
  requireFormat(name);
  checkSize(name, bytes.byteLength);
  const parsed = await parseByFormat(bytes, name, options);
  throwIfAborted(options.signal);
  if (parsed.text === '') throw emptyError(name);
  return parsed;
}
