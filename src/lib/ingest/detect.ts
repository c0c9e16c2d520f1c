// Checks on a file before it is parsed: which format its name says, whether it is too big, and
// whether its bytes are really UTF-8 text. Every failure is a RagtuneError that says what to do.

import { RagtuneError } from '../errors';
import { ACCEPTED_SENTENCE, FORMAT_BY_EXTENSION, type DocFormat } from './formats';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The file's extension, lower case and without the dot ('' when it has none). */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function formatFromName(name: string): DocFormat | undefined {
  return FORMAT_BY_EXTENSION.get(extensionOf(name));
}

/** The format of `name`, or an 'unsupported-type' error naming the extension and the choices. */
export function requireFormat(name: string): DocFormat {
  const format = formatFromName(name);
  if (format) return format;
  const extension = extensionOf(name);
  const hints: Record<string, string> = {
    doc: ' Old Word .doc files are not supported: open it in Word or LibreOffice and save it as .docx.',
    rtf: ' Save it as .docx or .txt first.',
    odt: ' Save it as .docx first.',
  };
  const what = extension ? `a .${extension} file` : 'a file without an extension';
  throw new RagtuneError(
    'unsupported-type',
    `${name} is ${what}, which ragtune cannot read. ${ACCEPTED_SENTENCE}${hints[extension] ?? ''}`,
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Throws 'too-large' above MAX_FILE_BYTES and 'empty' for a zero-byte file. */
export function checkSize(name: string, bytes: number): void {
  if (bytes === 0) {
    throw new RagtuneError('empty', `${name} is empty (0 bytes). Add a file that contains text.`);
  }
  if (bytes > MAX_FILE_BYTES) {
    throw new RagtuneError(
      'too-large',
      `${name} is ${formatBytes(bytes)}; ragtune reads files up to ${formatBytes(MAX_FILE_BYTES)}. ` +
        'Split it into smaller files and add those.',
    );
  }
}

const SNIFF_BYTES = 8192;
/** Above this share of control bytes in the first 8 KB, a file is binary rather than text. */
const MAX_CONTROL_SHARE = 0.1;

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    // Tab, LF, FF and CR are ordinary in text; ESC appears in terminal logs.
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13 && byte !== 27) {
      control++;
    }
  }
  return sample.length > 0 && control / sample.length > MAX_CONTROL_SHARE;
}

function isUtf16(bytes: Uint8Array): boolean {
  const [a, b] = bytes;
  return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff);
}

/**
 * Decodes UTF-8 text strictly (a leading BOM is dropped). Throws 'invalid-utf8' for UTF-16 or
 * malformed UTF-8, 'binary' for binary content, 'empty' when nothing but whitespace is left.
 */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  if (isUtf16(bytes)) {
    throw new RagtuneError(
      'invalid-utf8',
      `${name} is saved as UTF-16 text. Save it again as UTF-8 (in most editors: Save As → ` +
        'Encoding: UTF-8) and add it again.',
    );
  }
  if (looksBinary(bytes)) {
    throw new RagtuneError(
      'binary',
      `${name} looks like a binary file, not text. Check that you picked the right file; if it ` +
        `is a document in another format, export it as text first. ${ACCEPTED_SENTENCE}`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new RagtuneError(
      'invalid-utf8',
      `${name} is not valid UTF-8 text (it may use an older encoding such as Windows-1252). ` +
        'Save it as UTF-8 (in most editors: Save As → Encoding: UTF-8) and add it again.',
      { cause: error },
    );
  }
  if (text.trim() === '') throw emptyError(name);
  return text;
}

export function emptyError(name: string): RagtuneError {
  return new RagtuneError(
    'empty',
    `${name} contains no text. Check that you picked the right file, or add one with some text in it.`,
  );
}
