// The Markdown stage of renderMarkdown in Node (no DOM): GFM output, raw HTML shown as text, unsafe
// links dropped, images as links, citations as buttons; and the refusal to run without a DOM.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import {
  SANITIZE_CONFIG,
  createMarkdownRenderer,
  markdownToHtml,
  renderMarkdown,
  safeUrl,
} from '../../../src/lib/render/markdown';

const button = (n: number) =>
  `<button type="button" class="citation" data-cite="${n}" aria-label="Source ${n}">[${n}]</button>`;

/** No element that runs code or loads anything, no handler, no script URL. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<(script|style|iframe|object|embed|form|img|svg)\b/i);
  expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
  expect(html).not.toMatch(/href\s*=\s*["']?\s*(javascript|data|vbscript):/i);
}

describe('markdownToHtml (before sanitising)', () => {
  it('renders GFM: emphasis, lists, tables, code, strikethrough, autolinks', () => {
    const html = markdownToHtml(
      '**bold** _it_ ~~gone~~\n\n- a\n- b\n\n| x | y |\n|:-|-:|\n| 1 | 2 |\n\n```js\nlet a = 1 < 2;\n```\n\nsee www.example.com',
    );
    expect(html).toContain('<strong>bold</strong> <em>it</em> <del>gone</del>');
    expect(html).toContain('<ul>\n<li>a</li>');
    expect(html).toContain('<th align="left">x</th>');
    expect(html).toContain('<pre><code class="language-js">let a = 1 &lt; 2;');
    expect(html).toContain(
      '<a href="http://www.example.com/" rel="noopener noreferrer" target="_blank">www.example.com</a>',
    );
  });

  it('shows <script>, <img onerror> and raw <a href="javascript:"> as text', () => {
    for (const attack of [
      '<script>alert(1)</script>',
      'hi <img src=x onerror=alert(1)> there',
      '<a href="javascript:alert(1)">y</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<div onclick="alert(1)">click</div>',
    ]) {
      const html = markdownToHtml(attack);
      expectInert(html);
      expect(html).toContain('&lt;');
    }
    expect(markdownToHtml('<script>alert(1)</script>')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('keeps only the text of links whose URL is not http(s) or mailto', () => {
    expect(markdownToHtml('[x](javascript:alert(1))')).toBe('<p>x</p>\n');
    expect(markdownToHtml('[x](JaVaScRiPt:alert(1)) [y](data:text/html,hi) [z](/local)')).toBe(
      '<p>x y z</p>\n',
    );
    expect(markdownToHtml('[x](java\tscript:alert(1))')).not.toContain('href');
    expect(markdownToHtml('[mail](mailto:a@b.example "Write")')).toBe(
      '<p><a href="mailto:a@b.example" title="Write" rel="noopener noreferrer" target="_blank">mail</a></p>\n',
    );
    expect(safeUrl('https://a.example/x?q="1"')).toBe('https://a.example/x?q=%221%22');
    expect(safeUrl('vbscript:x')).toBeUndefined();
  });

  it('turns images into links (nothing loads by itself) and task boxes into glyphs', () => {
    expect(markdownToHtml('![chart](https://a.example/c.png)')).toBe(
      '<p><a href="https://a.example/c.png" rel="noopener noreferrer" target="_blank">chart</a></p>\n',
    );
    expect(markdownToHtml('![x](javascript:alert(1))')).toBe('<p>x</p>\n');
    expect(markdownToHtml('- [x] done\n- [ ] todo')).toContain('<span class="task">☑</span> done');
  });

  it('makes citations within 1..n buttons: [n], [n, m], [n][m], [n-m], [Source n]', () => {
    const html = markdownToHtml('It is 62 euros [1][2], see [1, 3], [2-3] and [Source 2].', {
      citations: 3,
    });
    expect(html).toBe(
      `<p>It is 62 euros ${button(1)}${button(2)}, see ${button(1)}${button(3)}, ` +
        `${button(2)}${button(3)} and ${button(2)}.</p>\n`,
    );
  });

  it('leaves out-of-range numbers, links, code and answers without sources alone', () => {
    expect(markdownToHtml('[9] and [0]', { citations: 3 })).toBe('<p>[9] and [0]</p>\n');
    expect(markdownToHtml('[2, 9]', { citations: 3 })).toBe(`<p>${button(2)}</p>\n`);
    expect(markdownToHtml('[1](https://a.example/)', { citations: 3 })).toContain('<a href=');
    expect(markdownToHtml('`[1]`', { citations: 3 })).toBe('<p><code>[1]</code></p>\n');
    expect(markdownToHtml('[1]')).toBe('<p>[1]</p>\n');
    // The count of one call does not leak into the next.
    markdownToHtml('[1]', { citations: 5 });
    expect(markdownToHtml('[1]')).toBe('<p>[1]</p>\n');
  });
});

describe('sanitiser set-up', () => {
  it('allows no executable or loading element, no inline style or handlers, only http(s)/mailto', () => {
    const tags = SANITIZE_CONFIG.ALLOWED_TAGS ?? [];
    for (const bad of ['script', 'style', 'iframe', 'object', 'embed', 'form', 'img', 'input']) {
      expect(tags).not.toContain(bad);
    }
    expect((SANITIZE_CONFIG.ALLOWED_ATTR ?? []).filter((a) => /^on|style/.test(a))).toEqual([]);
    const uri = SANITIZE_CONFIG.ALLOWED_URI_REGEXP;
    expect(uri?.test('javascript:alert(1)')).toBe(false);
    expect(uri?.test('data:image/png;base64,AAAA')).toBe(false);
    expect(uri?.test('https://a.example')).toBe(true);
  });

  it('refuses to render without a DOM instead of passing HTML through unsanitised', () => {
    expect(() => renderMarkdown('hi')).toThrow(RagtuneError);
    const noDom = {} as Parameters<typeof createMarkdownRenderer>[0];
    expect(() => createMarkdownRenderer(noDom)).toThrow(/no DOM/);
  });
});
