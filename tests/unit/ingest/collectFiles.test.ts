// collectFiles and pasteItem: files over the size limit are refused by name before a byte is read,
// the rest pass through as the File itself (a folder's path kept), and pastes are named and encoded.
import { describe, expect, it } from 'vitest';
import { collectFiles, pasteItem } from '../../../src/lib/ingest/collectFiles';
import { MAX_FILE_BYTES } from '../../../src/lib/ingest/detect';

/** A file that only claims its size: the limit is checked without reading (or making) the bytes. */
const claiming = (name: string, size: number, webkitRelativePath = ''): File =>
  ({ name, size, webkitRelativePath }) as File;

describe('collectFiles', () => {
  it('refuses a file over the limit by name and keeps the others as they are', () => {
    const small = new File(['hello'], 'notes.txt');
    const big = claiming('scan.pdf', MAX_FILE_BYTES + 1);
    const { items, rejected } = collectFiles([small, big]);
    expect(items).toEqual([{ name: 'notes.txt', bytes: small, source: 'file' }]);
    expect(rejected).toEqual([
      {
        name: 'scan.pdf',
        message:
          '“scan.pdf” is 64 MB; ragtune takes files up to 64 MB. Split it into smaller files and add those.',
      },
    ]);
  });

  it('takes a file of exactly the limit, named by its path inside a picked folder', () => {
    const atLimit = claiming('a.md', MAX_FILE_BYTES, 'manuals/a.md');
    const { items, rejected } = collectFiles([atLimit]);
    expect(rejected).toEqual([]);
    expect(items.map((i) => i.name)).toEqual(['manuals/a.md']);
  });
});

describe('pasteItem', () => {
  const when = new Date('2026-03-04T05:06:07Z');

  it('keeps rich text as HTML so headings survive parsing', async () => {
    const item = pasteItem('Title', '<h1>Title</h1>', when);
    expect(item.name).toBe('Pasted page 2026-03-04 05:06.html');
    expect(item.source).toBe('paste');
    expect(new TextDecoder().decode(item.bytes as ArrayBuffer)).toBe('<h1>Title</h1>');
  });

  it('falls back to plain text when the HTML is empty', () => {
    const item = pasteItem('just words', '  ', when);
    expect(item.name).toBe('Pasted text 2026-03-04 05:06.txt');
    expect(new TextDecoder().decode(item.bytes as ArrayBuffer)).toBe('just words');
  });
});
