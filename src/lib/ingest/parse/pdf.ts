// PDF files: text per page through pdf.js, lines (aligned columns as tables) rebuilt from positioned
// text items, page spans into the final text. Imports pdfjs-dist's types, and its
// legacy build in Node only; in browsers pdf.js is imported by pdfjsBrowser.ts alone.

import type * as PdfjsModule from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { RagtuneError, cancelledError, throwIfAborted } from '../../errors';
import type { PageSpan, ParsedDocument } from '../types';
import { normaliseText } from '../normalise';
import { checkPdfExpansion } from './pdfGuard';
import { COLUMN_GAP, withTables, type PdfLine } from './pdfTable';

type Pdfjs = typeof PdfjsModule;

let pdfjsPromise: Promise<Pdfjs> | undefined;

/** Node needs pdf.js's legacy build (the modern one wants DOMMatrix at load); browsers do not. */
function loadPdfjs(): Promise<Pdfjs> {
  if (!pdfjsPromise) {
    const isNode = typeof globalThis.process?.versions?.node === 'string';
    // A variable specifier keeps the legacy build out of the browser bundle.
    const legacy = 'pdfjs-dist/legacy/build/pdf.mjs';
    pdfjsPromise = isNode
      ? (import(/* @vite-ignore */ legacy) as Promise<Pdfjs>)
      : import('./pdfjsBrowser');
  }
  return pdfjsPromise;
}

/** Gaps (in units of the font size) that mean a new word, a new line, a new paragraph. */
const WORD_GAP = 0.2;
const LINE_SHIFT = 0.5;
const PARAGRAPH_GAP = 1.8;

function isTextItem(item: object): item is TextItem {
  return 'str' in item && 'transform' in item;
}

/** Adds an item to its line's cells: a new cell after a gap wider than COLUMN_GAP sizes. */
function addCell(line: PdfLine, from: number, x: number, end: number, size: number): void {
  line.size = size;
  if (line.text.slice(from).trim() === '') return; // pdf.js's space items fill gaps: not text
  const last = line.cells.at(-1);
  if (last && x - last.end <= size * COLUMN_GAP) last.end = Math.max(last.end, end);
  else line.cells.push({ x, end, from });
}

/**
 * Rebuilds a page's text from its items: same baseline → same line, big vertical gap →
 * paragraph; lines that form aligned columns become a Markdown table (pdfTable.ts).
 */
export function pageTextFromItems(items: readonly object[]): string {
  let line: PdfLine = { text: '', cells: [], size: 0 };
  const lines = [line];
  const newline = (): void => {
    line = { text: '', cells: [], size: 0 };
    lines.push(line);
  };
  let lineY: number | undefined;
  let lineEndX = 0;
  let lineSize = 0;
  let endedLine = true;
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
    const size = Math.hypot(c, d) || item.height || 10;
    if (item.str !== '') {
      if (lineY !== undefined) {
        const drop = lineY - y;
        if (Math.abs(drop) > Math.max(size, lineSize) * LINE_SHIFT) {
          if (!endedLine) newline();
          if (drop > Math.max(size, lineSize) * PARAGRAPH_GAP) newline();
        } else if (
          !endedLine &&
          x - lineEndX > size * WORD_GAP &&
          !/\s$/.test(line.text) &&
          !/^\s/.test(item.str)
        ) {
          line.text += ' ';
        }
      }
      const from = line.text.length;
      line.text += item.str;
      addCell(line, from, x, x + (item.width || 0), size);
      lineY = y;
      lineEndX = x + item.width;
      lineSize = size;
      endedLine = false;
    }
    if (item.hasEOL && !endedLine) {
      newline();
      endedLine = true;
    }
  }
  return withTables(lines).join('\n');
}

function pdfError(name: string, error: unknown): RagtuneError {
  const errorName = error instanceof Error ? error.name : '';
  if (errorName === 'PasswordException') {
    return new RagtuneError(
      'encrypted-pdf',
      `${name} is protected with a password. Open it in a PDF reader, save or print a copy ` +
        'without the password, and add that copy.',
      { cause: error },
    );
  }
  return new RagtuneError(
    'corrupt-pdf',
    `${name} could not be read as a PDF: it is damaged or not a PDF file. Open it in a PDF ` +
      'reader to check it, save a fresh copy (or print it to PDF) and add that.',
    { cause: error },
  );
}

/** Pages and characters of text one PDF may have (a 64 MB file of text stays far below). */
export const MAX_PDF_PAGES = 20_000;
export const MAX_PDF_TEXT_CHARS = 100_000_000;

function checkPageCount(name: string, pages: number): void {
  if (pages <= MAX_PDF_PAGES) return;
  throw new RagtuneError(
    'too-large',
    `${name} has ${pages.toLocaleString('en')} pages; ragtune reads PDFs of up to ` +
      `${MAX_PDF_PAGES.toLocaleString('en')} pages. Split it into smaller files and add those.`,
  );
}

function checkTextLength(name: string, chars: number): void {
  if (chars <= MAX_PDF_TEXT_CHARS) return;
  throw new RagtuneError(
    'expands-too-large',
    `${name} holds more than ${MAX_PDF_TEXT_CHARS.toLocaleString('en')} characters of text; ` +
      'split it into smaller files and add those.',
  );
}

/** Joins normalised page texts with blank lines and records where each page sits. */
export function joinPages(pageTexts: readonly string[]): { text: string; pages: PageSpan[] } {
  const pages: PageSpan[] = [];
  let text = '';
  pageTexts.forEach((raw, index) => {
    const pageText = normaliseText(raw);
    if (pageText !== '' && text !== '') text += '\n\n';
    const start = text.length;
    text += pageText;
    pages.push({ page: index + 1, start, end: text.length });
  });
  return { text, pages };
}

export async function parsePdf(
  bytes: Uint8Array,
  name: string,
  options: { signal?: AbortSignal } = {},
): Promise<ParsedDocument> {
  const pdfjs = await loadPdfjs();
  throwIfAborted(options.signal);
  // pdf.js inflates a content stream whole and offers no cap: count what streams expand to first.
  await checkPdfExpansion(bytes, name);
  throwIfAborted(options.signal);
  const task = pdfjs.getDocument({
    // A copy: pdf.js may transfer (detach) the buffer it is given.
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const abort = (): void => void task.destroy();
  options.signal?.addEventListener('abort', abort);
  try {
    let doc: PdfjsModule.PDFDocumentProxy;
    try {
      doc = await task.promise;
    } catch (error) {
      if (options.signal?.aborted) throw cancelledError();
      throw pdfError(name, error);
    }
    checkPageCount(name, doc.numPages);
    const pageTexts: string[] = [];
    let chars = 0;
    for (let number = 1; number <= doc.numPages; number++) {
      if (options.signal?.aborted) throw cancelledError();
      try {
        const page = await doc.getPage(number);
        const pageText = pageTextFromItems((await page.getTextContent()).items);
        page.cleanup();
        chars += pageText.length;
        checkTextLength(name, chars);
        pageTexts.push(pageText);
      } catch (error) {
        if (options.signal?.aborted) throw cancelledError();
        if (error instanceof RagtuneError) throw error;
        // One unreadable page should not cost the rest of the document.
        pageTexts.push('');
        if (doc.numPages === 1) throw pdfError(name, error);
      }
    }
    const { text, pages } = joinPages(pageTexts);
    if (text === '') {
      throw new RagtuneError(
        'no-text-layer',
        `${name} has ${doc.numPages} page${doc.numPages === 1 ? '' : 's'} but no text layer: it ` +
          'is probably scanned images. Run OCR on it first (for example OCRmyPDF, or “Recognize ' +
          'text” in Acrobat), then add the result.',
      );
    }
    const title = await readTitle(doc);
    return title ? { format: 'pdf', text, pages, title } : { format: 'pdf', text, pages };
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await task.destroy();
  }
}

async function readTitle(doc: PdfjsModule.PDFDocumentProxy): Promise<string | undefined> {
  try {
    const { info } = await doc.getMetadata();
    const title = (info as { Title?: unknown }).Title;
    return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}
