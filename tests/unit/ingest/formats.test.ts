import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_EXTENSIONS,
  ACCEPTED_SENTENCE,
  DOC_FORMATS,
} from '../../../src/lib/ingest/formats';
import { formatFromName } from '../../../src/lib/ingest/detect';

describe('the document-format registry', () => {
  it('derives the accepted extensions and the sentence from one table', () => {
    expect(ACCEPTED_EXTENSIONS).toEqual([
      '.pdf',
      '.docx',
      '.md',
      '.markdown',
      '.html',
      '.htm',
      '.txt',
      '.text',
      '.csv',
      '.json',
    ]);
    expect(ACCEPTED_SENTENCE).toBe(
      'ragtune reads PDF (.pdf), Word (.docx), Markdown (.md), HTML (.html), plain text (.txt), ' +
        'CSV (.csv) and JSON (.json) files.',
    );
  });

  it('maps every extension of every format back to that format, in any case', () => {
    for (const [format, { extensions }] of Object.entries(DOC_FORMATS)) {
      for (const extension of extensions) {
        expect(formatFromName(`Report.${extension.toUpperCase()}`)).toBe(format);
      }
    }
    expect(formatFromName('notes.doc')).toBeUndefined();
  });
});
