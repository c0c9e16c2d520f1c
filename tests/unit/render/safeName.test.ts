// Names with bidirectional or other hidden characters are shown with those characters as
// visible escapes, so `invoice\u202Efdp.md` can never pass for “invoicedm.pdf”.

import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../../src/lib/lab/experimentFile';
import { sourceLabel } from '../../../src/lib/rag/sources';
import { hasHiddenCharacters, safeName } from '../../../src/lib/render/safeName';

const DISGUISED = 'invoice\u202Efdp.md';

describe('safeName', () => {
  it('shows a right-to-left override as a visible escape', () => {
    expect(safeName(DISGUISED)).toBe('invoice⟨U+202E⟩fdp.md');
  });

  it('escapes isolates, marks, zero-width and control characters, and keeps other text', () => {
    expect(safeName('a\u2066b\u2069c\u200Fd\u200Be\u0007f\uFEFFg\u0085h')).toBe(
      'a⟨U+2066⟩b⟨U+2069⟩c⟨U+200F⟩d⟨U+200B⟩e⟨U+0007⟩f⟨U+FEFF⟩g⟨U+0085⟩h',
    );
    expect(safeName('Rapport été – 日本語 עברית.pdf')).toBe('Rapport été – 日本語 עברית.pdf');
    expect(hasHiddenCharacters(DISGUISED)).toBe(true);
    expect(hasHiddenCharacters('plain.md')).toBe(false);
  });

  it('is used by source labels and experiment export names', () => {
    expect(sourceLabel({ docName: DISGUISED, headingPath: ['Intro'] })).toBe(
      'invoice⟨U+202E⟩fdp.md › Intro',
    );
    expect(exportFileName({ name: `Run ${DISGUISED}` }, 'json')).not.toContain('\u202E');
  });
});
