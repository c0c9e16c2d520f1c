// Decompression bombs are refused before a parser inflates them: a ~300 KB .docx that unpacks to
// 300 MB (with an honest or a lying zip directory) and a PDF whose content stream unpacks to
// 400 MB. The fixtures are made here, in memory.

import { describe, expect, it } from 'vitest';
import { MAX_EXPANDED_BYTES } from '../../../src/lib/ingest/inflate';
import { parseDocument } from '../../../src/lib/ingest/parse';
import { flateStreams } from '../../../src/lib/ingest/parse/pdfGuard';
import { readZipDirectory } from '../../../src/lib/ingest/parse/zipDirectory';
import { makeDocx } from '../../fixtures/docs/makeDocx';
import { makeDocxBomb, makePdfBomb } from '../../fixtures/docs/makeBombs';
import { makeTextPdf } from '../../fixtures/docs/makePdf';
import { expectRagtuneError } from './expectError';

describe('decompression bombs', () => {
  it('refuses a .docx whose zip directory says it unpacks to 300 MB, before inflating', async () => {
    const bomb = await makeDocxBomb(300);
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const entries = readZipDirectory(bomb);
    expect(entries?.find((e) => e.name === 'word/document.xml')?.uncompressedSize).toBeGreaterThan(
      MAX_EXPANDED_BYTES,
    );
    const error = await expectRagtuneError(
      () => parseDocument(bomb, 'bomb.docx'),
      'expands-too-large',
      'bomb.docx',
    );
    expect(error.message).toContain('300.0 MB');
    expect(error.message).toContain('200.0 MB');
  });

  it('refuses a .docx whose directory lies (1 KB claimed) while counting what it inflates to', async () => {
    const liar = await makeDocxBomb(300, true);
    const error = await expectRagtuneError(
      () => parseDocument(liar, 'liar.docx'),
      'expands-too-large',
      'liar.docx',
    );
    expect(error.message).toContain('more than 200.0 MB');
  }, 30_000);

  it('still reads an ordinary .docx and PDF', async () => {
    expect((await parseDocument(await makeDocx(), 'ok.docx')).text).toContain('herons');
    const pdf = await makeTextPdf();
    expect([...flateStreams(pdf)].length).toBeGreaterThan(0);
    expect((await parseDocument(pdf, 'ok.pdf')).text).toContain('otters');
  });

  it('refuses a PDF whose content stream unpacks to 400 MB', async () => {
    const bomb = await makePdfBomb(400);
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    const error = await expectRagtuneError(
      () => parseDocument(bomb, 'bomb.pdf'),
      'expands-too-large',
      'bomb.pdf',
    );
    expect(error.message).toContain('200.0 MB');
  }, 30_000);
});
