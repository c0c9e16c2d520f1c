// Tests of parseDocument for the text formats and Word: expected text, Markdown headings that
// the chunker turns into heading paths, and every bad input's error code and message.

import { describe, expect, it } from 'vitest';
import { chunkText, estimateTokens } from '../../../src/lib/ingest/chunk';
import { MAX_FILE_BYTES } from '../../../src/lib/ingest/detect';
import { htmlToText, parseDocument } from '../../../src/lib/ingest/parse';
import { jsonToText } from '../../../src/lib/ingest/parse/json';
import { makeDocx, makeNotADocxZip } from '../../fixtures/docs/makeDocx';
import { expectRagtuneError } from './expectError';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const SAMPLE_HTML = `<!doctype html><html><head><title>My  Page</title>
<style>p { color: red }</style><script>alert('no')</script></head>
<body><h1>Main &amp; title</h1><p>Hello <b>bold</b>   world&nbsp;&eacute;.<br>Next line</p>
<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><ol><li>first</li><li>second</li></ol>
<h2>Table</h2><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
<noscript>enable js</noscript><template><p>template</p></template><p hidden>hidden</p>
<pre>code
  indented</pre><p>end</p></body></html>`;

describe('plain text and Markdown', () => {
  it('normalises a text file', async () => {
    const bytes = utf8('\uFEFFTitle line  \r\n\r\n\r\n\r\nBody text.\r\n');
    expect(await parseDocument(bytes, 'notes.txt')).toEqual({
      format: 'txt',
      text: 'Title line\n\nBody text.',
    });
  });

  it('keeps Markdown, strips front matter and rewrites Setext headings', async () => {
    const source =
      '---\ntitle: "Guide"\ntags: [a]\n---\nIntro\n\nSetup\n=====\n\nRun it.\n\n' +
      'Details\n-------\n\nMore.\n\n```\n# not a heading\n```\n';
    const parsed = await parseDocument(utf8(source), 'guide.md');
    expect(parsed.title).toBe('Guide');
    expect(parsed.text).toBe(
      'Intro\n\n# Setup\n\nRun it.\n\n## Details\n\nMore.\n\n```\n# not a heading\n```',
    );
  });
});

describe('HTML', () => {
  it('turns structure into Markdown lines and drops non-content', async () => {
    const parsed = await parseDocument(utf8(SAMPLE_HTML), 'page.html');
    expect(parsed.title).toBe('My Page');
    expect(parsed.text).toBe(
      '# Main & title\n\nHello bold world é.\nNext line\n\n- one\n- two\n  - inner\n\n' +
        '1. first\n2. second\n\n## Table\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n\ncode\n  indented\n\nend',
    );
    expect(parsed.text).not.toMatch(/alert|color|enable js|template|hidden/);
  });

  it('converts a clipboard fragment', () => {
    const { text } = htmlToText("<meta charset='utf-8'><b>Hi</b> there<div>line &lt;2&gt;</div>");
    expect(text).toBe('Hi there\nline <2>');
  });
});

describe('CSV', () => {
  it('writes one line per row with header names', async () => {
    const csv = 'name,age,city\nBob,31,\n"Smith, Alice",42,"Paris"\nCarl,7,Oslo,extra\n\n';
    const parsed = await parseDocument(utf8(csv), 'people.csv');
    expect(parsed.text).toBe(
      'name: Bob; age: 31\nname: Smith, Alice; age: 42; city: Paris\n' +
        'name: Carl; age: 7; city: Oslo; column 4: extra',
    );
  });

  it('refuses malformed quoting and a header without rows', async () => {
    const error = await expectRagtuneError(
      () => parseDocument(utf8('a,b\n"open,2\n3,4'), 'broken.csv'),
      'invalid-csv',
      'broken.csv',
    );
    expect(error.message).toMatch(/row 2/);
    await expectRagtuneError(() => parseDocument(utf8('a,b\n'), 'head.csv'), 'empty', 'head.csv');
  });
});

describe('JSON', () => {
  it('writes path: value lines and one paragraph per record', async () => {
    const json = {
      site: { name: 'Docs', tags: ['a', 'b'] },
      pages: [{ id: 1 }, { id: 2, sub: [{ x: true }] }],
    };
    const parsed = await parseDocument(utf8(JSON.stringify(json)), 'site.json');
    expect(parsed.text).toBe(
      'site.name: Docs\nsite.tags: a, b\n\npages.id: 1\n\npages.id: 2\npages.sub[0].x: true',
    );
    expect(jsonToText([{ q: 'Why?', a: 'Because.' }, { q: 'How?' }])).toBe(
      'q: Why?\na: Because.\n\nq: How?',
    );
    expect(jsonToText('just a string')).toBe('just a string');
  });

  it('refuses invalid JSON', async () => {
    const error = await expectRagtuneError(
      () => parseDocument(utf8('{"a": 1,,}'), 'config.json'),
      'invalid-json',
      'config.json',
    );
    expect(error.message).toMatch(/not valid JSON/);
    await expectRagtuneError(
      () => parseDocument(utf8('{}'), 'nothing.json'),
      'empty',
      'nothing.json',
    );
  });
});

describe('DOCX', () => {
  it('keeps Word headings as Markdown headings, which become heading paths', async () => {
    const parsed = await parseDocument(await makeDocx(), 'herons.docx');
    expect(parsed).toEqual({
      format: 'docx',
      title: 'Field guide to herons',
      text:
        '# Field guide to herons\n\nHerons are long-legged wading birds.\n\n## Feeding\n\n' +
        'They stand still in shallow water & wait for fish.\n\n' +
        'A grey heron can swallow a large fish whole.',
    });
    const chunks = chunkText(parsed.text, {
      maxTokens: 40,
      overlapTokens: 0,
      countTokens: estimateTokens,
    });
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([
      ['Field guide to herons'],
      ['Field guide to herons', 'Feeding'],
    ]);
  });

  it('refuses a zip that is not a Word document, and garbage', async () => {
    const zip = await expectRagtuneError(
      async () => parseDocument(await makeNotADocxZip(), 'archive.docx'),
      'corrupt-docx',
      'archive.docx',
    );
    expect(zip.message).toMatch(/not a Word document/);
    await expectRagtuneError(
      () => parseDocument(utf8('just some text'), 'fake.docx'),
      'corrupt-docx',
      'fake.docx',
    );
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    const old = await expectRagtuneError(
      () => parseDocument(ole, 'old.docx'),
      'corrupt-docx',
      'old.docx',
    );
    expect(old.message).toMatch(/\.doc\)|password/);
  });
});

describe('parseDocument checks', () => {
  it('refuses unsupported, too large, empty, binary and cancelled input', async () => {
    await expectRagtuneError(
      () => parseDocument(utf8('x'), 'image.png'),
      'unsupported-type',
      'image.png',
    );
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    await expectRagtuneError(() => parseDocument(big, 'huge.txt'), 'too-large', 'huge.txt');
    await expectRagtuneError(() => parseDocument(new Uint8Array(), 'zero.md'), 'empty', 'zero.md');
    await expectRagtuneError(() => parseDocument(utf8('\n \n'), 'blank.txt'), 'empty', 'blank.txt');
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]);
    await expectRagtuneError(() => parseDocument(binary, 'image.txt'), 'binary', 'image.txt');
    const html = await expectRagtuneError(
      () => parseDocument(new Uint8Array([0x3c, 0x70, 0x3e, 0xe9, 0x3c]), 'latin.html'),
      'invalid-utf8',
      'latin.html',
    );
    expect(html.message).toMatch(/Save it as UTF-8/);
    await expectRagtuneError(
      () => parseDocument(utf8('<p></p>'), 'nothing.html'),
      'empty',
      'nothing.html',
    );
    const controller = new AbortController();
    controller.abort();
    await expectRagtuneError(
      () => parseDocument(utf8('text'), 'a.txt', { signal: controller.signal }),
      'cancelled',
    );
  });
});
