// Tests of text normalisation and content hashing, the base of offsets and de-duplication.
// Both must be deterministic and idempotent.

import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/lib/ingest/hash';
import { normaliseText } from '../../../src/lib/ingest/normalise';

describe('normaliseText', () => {
  it('applies NFC, unifies line breaks and drops BOM and control characters', () => {
    const input = '\uFEFFCafe\u0301\r\nline two\rline\u0000 three\u0007\tend';
    expect(normaliseText(input)).toBe('Café\nline two\nline three\tend');
  });

  it('trims trailing spaces per line and collapses runs of blank lines', () => {
    const input = '  \n\nfirst   \n\n\n\n  second\t \n\n\nthird\n\n';
    expect(normaliseText(input)).toBe('first\n\n  second\n\nthird');
  });

  it('is idempotent', () => {
    const input = 'a \r\n\r\n\r\n b\u000C c\u2028d  \n\n';
    const once = normaliseText(input);
    expect(normaliseText(once)).toBe(once);
    expect(once).toBe('a\n\n b\n c\nd');
  });
});

describe('sha256Hex', () => {
  it('hashes UTF-8 text to 64 hex digits', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await sha256Hex('é')).not.toBe(await sha256Hex('e'));
  });
});
