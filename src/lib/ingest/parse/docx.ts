// Word (.docx) files: mammoth turns the document into HTML, and html.ts turns that into text with
// `#` headings, so Word's heading styles survive. The only importer of mammoth.

import mammoth from 'mammoth';
import { RagtuneError } from '../../errors';
import type { ParsedDocument } from '../types';
import { emptyError } from '../detect';
import { checkDocxExpansion } from './docxGuard';
import { htmlToText } from './html';

const ZIP_MAGIC = [0x50, 0x4b];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

function corruptDocx(name: string, bytes: Uint8Array, cause?: unknown): RagtuneError {
  const why = startsWith(bytes, OLE_MAGIC)
    ? 'it is an old Word 97–2003 (.doc) file or a password-protected document renamed to .docx'
    : startsWith(bytes, ZIP_MAGIC)
      ? 'it is a zip archive but not a Word document (it has no word/document.xml)'
      : 'it is damaged or another kind of file renamed to .docx';
  return new RagtuneError(
    'corrupt-docx',
    `${name} could not be read as a Word document: ${why}. Open it in Word or LibreOffice, ` +
      'save it as .docx (without a password) and add it again.',
    cause === undefined ? undefined : { cause },
  );
}

export async function parseDocx(bytes: Uint8Array, name: string): Promise<ParsedDocument> {
  if (!startsWith(bytes, ZIP_MAGIC)) throw corruptDocx(name, bytes);
  // Before mammoth inflates anything: a small file must not unpack to hundreds of MB.
  if (!(await checkDocxExpansion(bytes, name))) throw corruptDocx(name, bytes);
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  // Mammoth's browser build reads `arrayBuffer`, its Node build reads `buffer`: give both.
  const input = Object.assign({ arrayBuffer: arrayBuffer as ArrayBuffer }, { buffer: arrayBuffer });
  let html: string;
  try {
    html = (await mammoth.convertToHtml(input)).value;
  } catch (error) {
    throw corruptDocx(name, bytes, error);
  }
  const { text } = htmlToText(html);
  if (text === '') throw emptyError(name);
  const title = /^# (.+)$/m.exec(text)?.[1];
  return title ? { format: 'docx', text, title } : { format: 'docx', text };
}
