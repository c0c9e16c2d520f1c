// Tests of the checks made before parsing: formats by name, size limits, binary and encoding
// detection. Each failure must be a RagtuneError that names the file.

import { describe, expect, it } from 'vitest';
import {
  MAX_FILE_BYTES,
  checkSize,
  decodeUtf8,
  formatFromName,
  requireFormat,
} from '../../../src/lib/ingest/detect';
import { expectRagtuneError } from './expectError';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('formatFromName', () => {
  it('maps every accepted extension, case-insensitively', () => {
    const cases: Record<string, string> = {
      'a.txt': 'txt',
      'b.TEXT': 'txt',
      'c.md': 'md',
      'd.markdown': 'md',
      'e.html': 'html',
      'f.HTM': 'html',
      'g.pdf': 'pdf',
      'h.docx': 'docx',
      'i.csv': 'csv',
      'j.json': 'json',
      'dir/k.v2.Md': 'md',
    };
    for (const [name, format] of Object.entries(cases)) expect(formatFromName(name)).toBe(format);
  });

  it('returns undefined for anything else', () => {
    for (const name of ['photo.jpg', 'README', '.md', 'archive.zip', 'old.doc']) {
      expect(formatFromName(name)).toBeUndefined();
    }
  });

  it('explains an unsupported type, naming it and listing the accepted ones', async () => {
    const error = await expectRagtuneError(
      () => requireFormat('photo.jpg'),
      'unsupported-type',
      'photo.jpg',
    );
    expect(error.message).toContain('.jpg');
    expect(error.message).toContain('.docx');
    expect(error.message).toContain('.csv');
    const doc = await expectRagtuneError(
      () => requireFormat('old.doc'),
      'unsupported-type',
      'old.doc',
    );
    expect(doc.message).toMatch(/save it as \.docx/);
    await expectRagtuneError(() => requireFormat('README'), 'unsupported-type', 'README');
  });
});

describe('checkSize', () => {
  it('accepts up to 64 MiB and refuses more, or nothing', async () => {
    expect(MAX_FILE_BYTES).toBe(64 * 1024 * 1024);
    expect(() => checkSize('ok.pdf', MAX_FILE_BYTES)).not.toThrow();
    const error = await expectRagtuneError(
      () => checkSize('big.pdf', MAX_FILE_BYTES + 1),
      'too-large',
      'big.pdf',
    );
    expect(error.message).toContain('64.0 MB');
    await expectRagtuneError(() => checkSize('nothing.txt', 0), 'empty', 'nothing.txt');
  });
});

describe('decodeUtf8', () => {
  it('decodes UTF-8 and drops a BOM', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('héllo')]), 'a.txt')).toBe('héllo');
  });

  it('refuses binary content: NUL bytes or many control characters', async () => {
    const withNul = new Uint8Array([...utf8('text'), 0, ...utf8('more')]);
    const error = await expectRagtuneError(
      () => decodeUtf8(withNul, 'notes.txt'),
      'binary',
      'notes.txt',
    );
    expect(error.message).toContain('notes.txt looks like a binary file, not text');
    const controls = new Uint8Array(400).map((_, index) =>
      index % 3 === 0 ? 1 + (index % 7) : 65,
    );
    await expectRagtuneError(() => decodeUtf8(controls, 'data.csv'), 'binary', 'data.csv');
  });

  it('refuses invalid UTF-8 and UTF-16, saying to save as UTF-8', async () => {
    const latin1 = new Uint8Array([0x48, 0xe9, 0x6c, 0x6c, 0x6f]);
    const error = await expectRagtuneError(
      () => decodeUtf8(latin1, 'old.txt'),
      'invalid-utf8',
      'old.txt',
    );
    expect(error.message).toMatch(/UTF-8/);
    const utf16 = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]);
    await expectRagtuneError(() => decodeUtf8(utf16, 'wide.txt'), 'invalid-utf8', 'wide.txt');
  });

  it('refuses whitespace-only text as empty', async () => {
    await expectRagtuneError(
      () => decodeUtf8(utf8('  \n\t \r\n'), 'blank.md'),
      'empty',
      'blank.md',
    );
  });
});
