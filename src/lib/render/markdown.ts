// Answers as safe HTML, the only importer of marked and dompurify: GFM with raw HTML shown as
// text, only http(s)/mailto links, no images, [n] citations as buttons; then a strict DOMPurify.
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';
import { Marked, type RendererObject, type Tokens, type TokenizerExtension } from 'marked';
import { RagtuneError } from '../errors';
import { CITATION_PATTERN, citationNumbers } from '../rag/citations';

export interface RenderOptions {
  /** How many numbered sources the answer had: [n] with 1 ≤ n ≤ citations becomes a button. */
  citations?: number;
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The URL normalised when it is absolute http(s) or mailto; undefined for anything else. */
export function safeUrl(href: string): string | undefined {
  try {
    const url = new URL(href.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function linkHtml(url: string, inner: string, title?: string | null): string {
  const titled = title ? ` title="${escapeHtml(title)}"` : '';
  return `<a href="${escapeHtml(url)}"${titled} rel="noopener noreferrer" target="_blank">${inner}</a>`;
}

export function citationButton(n: number): string {
  return `<button type="button" class="citation" data-cite="${n}" aria-label="Source ${n}">[${n}]</button>`;
}

interface CitationToken extends Tokens.Generic {
  type: 'citation';
  numbers: number[];
}

/** marked parses synchronously, so the source count of the call under way can sit here. */
const current = { citations: 0 };
const LEADING_CITATION = new RegExp(`^${CITATION_PATTERN.source}`, 'i');

const citationTokenizer: TokenizerExtension = {
  name: 'citation',
  level: 'inline',
  start: (src) => {
    const at = src.indexOf('[');
    return at >= 0 ? at : undefined;
  },
  tokenizer: (src): CitationToken | undefined => {
    const match = LEADING_CITATION.exec(src);
    if (!match || current.citations < 1) return undefined;
    const numbers = citationNumbers(match[1] ?? '', current.citations);
    return numbers.length > 0 ? { type: 'citation', raw: match[0], numbers } : undefined;
  },
};

const renderer: RendererObject = {
  // Raw HTML in an answer is shown as text: a model's output never becomes markup.
  html: ({ text }) => escapeHtml(text),
  link({ href, title, tokens }) {
    const inner = this.parser.parseInline(tokens);
    const url = safeUrl(href);
    return url ? linkHtml(url, inner, title) : inner;
  },
  // No images: a remote image loads by itself, and could carry data out of the page.
  image({ href, text }) {
    const url = safeUrl(href);
    return url ? linkHtml(url, escapeHtml(text || url)) : escapeHtml(text);
  },
  checkbox: ({ checked }) => `<span class="task">${checked ? '☑' : '☐'}</span> `,
};

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer,
  extensions: [
    {
      ...citationTokenizer,
      renderer: (token) => (token as CitationToken).numbers.map(citationButton).join(''),
    },
  ],
});

/** marked's output before sanitising: already inert by construction, DOMPurify is the 2nd wall. */
export function markdownToHtml(text: string, options: RenderOptions = {}): string {
  current.citations = Math.max(0, Math.floor(options.citations ?? 0));
  try {
    return marked.parse(text, { async: false });
  } finally {
    current.citations = 0;
  }
}

/** What may survive: text formatting, lists, tables, code, links and citation buttons. */
export const SANITIZE_CONFIG: Config = {
  ALLOWED_TAGS: (
    'p br hr h1 h2 h3 h4 h5 h6 strong em del s code pre blockquote ul ol li ' +
    'table thead tbody tr th td a span button'
  ).split(' '),
  ALLOWED_ATTR: 'href title rel target class type data-cite aria-label start align'.split(' '),
  // Attributes that are not URLs (else their values must pass ALLOWED_URI_REGEXP too).
  ADD_URI_SAFE_ATTR: ['rel', 'target', 'type', 'data-cite', 'aria-label', 'start', 'align'],
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  FORBID_TAGS: ['script', 'style', 'iframe', 'object', 'embed', 'form', 'img', 'svg', 'math'],
  FORBID_ATTR: ['style', 'id', 'name', 'srcdoc', 'formaction'],
};

export interface MarkdownRenderer {
  /** Markdown → sanitised HTML, ready for `{@html}`. */
  render(text: string, options?: RenderOptions): string;
  /** Any HTML through the strict allow-list (for tests, and HTML from elsewhere). */
  sanitize(html: string): string;
}

/** A renderer on a window-like object (the page's `window`; any DOM implementation in tests). */
export function createMarkdownRenderer(root: WindowLike): MarkdownRenderer {
  const purify: DOMPurify = createDOMPurify(root);
  // Without a working DOM DOMPurify returns its input unchanged: refuse rather than pass it on.
  if (!purify.isSupported) {
    throw new RagtuneError('internal', 'HTML cannot be sanitised here: no DOM is available.');
  }
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.setAttribute('rel', 'noopener noreferrer');
      node.setAttribute('target', '_blank');
    }
  });
  const sanitize = (html: string) => purify.sanitize(html, SANITIZE_CONFIG);
  return { sanitize, render: (text, options) => sanitize(markdownToHtml(text, options)) };
}

let pageRenderer: MarkdownRenderer | undefined;

/** Markdown → sanitised HTML with the page's own DOM. Throws where there is none (Node). */
export function renderMarkdown(text: string, options: RenderOptions = {}): string {
  if (!pageRenderer) {
    if (typeof window === 'undefined') {
      throw new RagtuneError('internal', 'renderMarkdown needs a DOM: call it in the browser.');
    }
    pageRenderer = createMarkdownRenderer(window);
  }
  return pageRenderer.render(text, options);
}
