// The whole renderer, DOMPurify included, in a real DOM: markdown.ts is bundled by Vite and run in
// headless Chromium (skipped where there is none). Node has no DOM for DOMPurify to work on.
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from '../../../scripts/browser.mjs';
import { htmlToText } from '../../../src/lib/ingest/parse/html';

const executablePath = findChromium();
let browser: Browser | undefined;
let page: Page;

interface RenderApi {
  createMarkdownRenderer(root: Window): {
    render(text: string, options?: { citations?: number }): string;
    sanitize(html: string): string;
  };
  renderMarkdown(text: string, options?: { citations?: number }): string;
}
declare global {
  interface Window {
    RagtuneMarkdown?: RenderApi;
  }
}

async function bundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: 'src/lib/render/markdown.ts', formats: ['iife'], name: 'RagtuneMarkdown' },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunk = results.flatMap((r) => r.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('Vite produced no bundle.');
  return chunk.code;
}

const render = (text: string, citations = 0) =>
  page.evaluate(([t, c]) => window.RagtuneMarkdown!.renderMarkdown(t, { citations: c }), [
    text,
    citations,
  ] as const);
const sanitize = (html: string) =>
  page.evaluate((h) => window.RagtuneMarkdown!.createMarkdownRenderer(window).sanitize(h), html);

/** Parses the HTML in the page and lists what could run or load. */
const dangers = (html: string) =>
  page.evaluate((h) => {
    const template = document.createElement('template');
    template.innerHTML = h;
    const found: string[] = [];
    for (const el of template.content.querySelectorAll('*')) {
      if (/^(SCRIPT|STYLE|IFRAME|OBJECT|EMBED|FORM|IMG|SVG|MATH|INPUT)$/i.test(el.tagName)) {
        found.push(el.tagName);
      }
      for (const attr of el.attributes) {
        if (/^on|^style$|^srcdoc$/i.test(attr.name)) found.push(`${el.tagName}@${attr.name}`);
        if (/href|src|action/i.test(attr.name) && !/^(https?|mailto):/i.test(attr.value)) {
          found.push(`${el.tagName}@${attr.name}=${attr.value}`);
        }
      }
    }
    return found;
  }, html);

// Skipped only where no Chromium exists (CI installs it, so it runs there); the e2e chat test
// checks the same sanitiser in the app.
describe.skipIf(!executablePath)('renderMarkdown in Chromium (DOMPurify on a real DOM)', () => {
  beforeAll(async () => {
    const code = await bundle();
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: code });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the four classic attacks inert', async () => {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '<a href="javascript:alert(1)">y</a>',
    ];
    for (const attack of attacks) {
      const html = await render(attack);
      expect(await dangers(html)).toEqual([]);
    }
    expect(await render('[x](javascript:alert(1))')).toBe('<p>x</p>\n');
  });

  it('strips dangerous HTML that reaches the sanitiser directly (the second wall)', async () => {
    const dirty =
      '<p onclick="alert(1)" style="color:red" id="x">a</p><script>alert(1)</script>' +
      '<img src=x onerror=alert(1)><iframe srcdoc="<script>1</script>"></iframe>' +
      '<a href="javascript:alert(1)">j</a><a href="data:text/html,hi">d</a>' +
      '<form action="https://e.example"><input name="q"><button>go</button></form>' +
      '<svg><script>alert(1)</script></svg><object data="x"></object><embed src="x">' +
      '<a href="https://ok.example/">ok</a><span data-x="1" class="c">s</span>';
    const clean = await sanitize(dirty);
    expect(await dangers(clean)).toEqual([]);
    expect(clean).toContain('<p>a</p>');
    expect(clean).toContain(
      '<a href="https://ok.example/" rel="noopener noreferrer" target="_blank">ok</a>',
    );
    expect(clean).toContain('<span class="c">s</span>');
    expect(clean).not.toContain('data-x');
  });

  it('renders a table chunk from an HTML document as a table, inert', async () => {
    // What the HTML parser writes for a table whose cells hold a pipe and decoded markup.
    const chunk = htmlToText(
      '<table><tr><th>Key</th><th>Value</th></tr><tr><td>a|b</td>' +
        '<td>&lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))</td></tr></table>',
    ).text;
    const html = await render(chunk);
    expect(html).toContain('<th>Key</th>');
    expect(html).toContain('<td>a|b</td>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; x</td>');
    expect(await dangers(html)).toEqual([]);
  });

  it('keeps citation buttons, links, tables and code as the UI needs them', async () => {
    const html = await render(
      'It is **62 euros** [1][2] ([docs](https://a.example/)).\n\n| a |\n|:-|\n| 1 |\n\n`x<y`',
      2,
    );
    expect(html).toContain(
      '<button type="button" class="citation" data-cite="1" aria-label="Source 1">[1]</button>' +
        '<button type="button" class="citation" data-cite="2" aria-label="Source 2">[2]</button>',
    );
    expect(html).toContain(
      '<a href="https://a.example/" rel="noopener noreferrer" target="_blank">docs</a>',
    );
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<code>x&lt;y</code>');
    expect(await dangers(html)).toEqual([]);
  });
});
