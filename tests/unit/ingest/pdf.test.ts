// Tests of PDF parsing through pdf.js in Node: text per page with page spans into the final
// text, lines rebuilt from text items, and the encrypted / corrupt / scanned errors.

import { describe, expect, it } from 'vitest';
import { chunkText, estimateTokens } from '../../../src/lib/ingest/chunk';
import { normaliseText } from '../../../src/lib/ingest/normalise';
import { parseDocument } from '../../../src/lib/ingest/parse';
import { joinPages, pageTextFromItems } from '../../../src/lib/ingest/parse/pdf';
import {
  PDF_PAGES,
  makeCorruptPdf,
  makeImageOnlyPdf,
  makeTextPdf,
} from '../../fixtures/docs/makePdf';
import { makeEncryptedPdf } from '../../fixtures/docs/makeEncryptedPdf';
import { expectRagtuneError } from './expectError';

describe('PDF text and pages', () => {
  it('extracts each page, with spans that slice the final text', async () => {
    const bytes = await makeTextPdf();
    const copy = bytes.slice();
    const parsed = await parseDocument(bytes, 'otters.pdf');
    expect(bytes).toEqual(copy);
    expect(parsed.format).toBe('pdf');
    expect(parsed.title).toBe('Ragtune test PDF');
    expect(parsed.text).toBe(PDF_PAGES.map(normaliseText).join('\n\n'));
    expect(normaliseText(parsed.text)).toBe(parsed.text);
    expect(parsed.pages).toHaveLength(PDF_PAGES.length);
    parsed.pages?.forEach((span, index) => {
      expect(span.page).toBe(index + 1);
      expect(parsed.text.slice(span.start, span.end)).toBe(normaliseText(PDF_PAGES[index] ?? ''));
    });
  });

  it('gives each chunk the page it starts on', async () => {
    const parsed = await parseDocument(await makeTextPdf(), 'otters.pdf');
    const chunks = chunkText(parsed.text, {
      maxTokens: 12,
      overlapTokens: 0,
      countTokens: estimateTokens,
      pages: parsed.pages ?? [],
    });
    expect(new Set(chunks.map((chunk) => chunk.page))).toEqual(new Set([1, 2, 3]));
    for (const chunk of chunks) {
      const page = parsed.pages?.find(
        (span) => span.start <= chunk.start && chunk.start < span.end,
      );
      expect(chunk.page).toBe(page?.page);
    }
  });

  it('keeps page spans right around empty pages', () => {
    const { text, pages } = joinPages(['First  page.\r\n', '   ', 'Third\n\n\n\npage.']);
    expect(text).toBe('First  page.\n\nThird\n\npage.');
    expect(pages).toEqual([
      { page: 1, start: 0, end: 12 },
      { page: 2, start: 12, end: 12 },
      { page: 3, start: 14, end: 26 },
    ]);
  });

  it('rebuilds lines and word gaps from positioned items', () => {
    const item = (str: string, x: number, y: number, width: number, hasEOL = false): object => ({
      str,
      transform: [10, 0, 0, 10, x, y],
      width,
      height: 10,
      hasEOL,
    });
    const items = [
      item('Hello', 0, 100, 25),
      item('world', 28, 100, 25),
      item('glued', 53, 100, 25),
      item('Next', 0, 88, 20),
      item('line', 24, 88, 20, true),
      item('New paragraph', 0, 60, 60),
    ];
    expect(pageTextFromItems(items)).toBe('Hello worldglued\nNext line\n\nNew paragraph');
  });
});

describe('PDF errors', () => {
  it('refuses a password-protected PDF', async () => {
    const error = await expectRagtuneError(
      () => parseDocument(makeEncryptedPdf(), 'locked.pdf'),
      'encrypted-pdf',
      'locked.pdf',
    );
    expect(error.message).toMatch(/password/);
  });

  it('refuses bytes that are not a PDF, and a truncated PDF', async () => {
    await expectRagtuneError(
      () => parseDocument(makeCorruptPdf(), 'broken.pdf'),
      'corrupt-pdf',
      'broken.pdf',
    );
    const text = new TextEncoder().encode('Just a text file named .pdf\n');
    await expectRagtuneError(
      () => parseDocument(text, 'renamed.pdf'),
      'corrupt-pdf',
      'renamed.pdf',
    );
    const truncated = (await makeTextPdf()).slice(0, 120);
    const error = await expectRagtuneError(
      () => parseDocument(truncated, 'cut.pdf'),
      'corrupt-pdf',
    );
    expect(error.message).toContain('cut.pdf');
  });

  it('refuses a scan without a text layer, saying to OCR it', async () => {
    const error = await expectRagtuneError(
      async () => parseDocument(await makeImageOnlyPdf(2), 'scan.pdf'),
      'no-text-layer',
      'scan.pdf',
    );
    expect(error.message).toMatch(/2 pages/);
    expect(error.message).toMatch(/OCR/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const parsing = parseDocument(await makeTextPdf(), 'slow.pdf', { signal: controller.signal });
    controller.abort();
    await expectRagtuneError(() => parsing, 'cancelled');
  });
});
