// The security policy builder: connect-src validation and RAGTUNE_CONNECT_SRC edits, the CSP in
// its two deliveries, and the host-config forms of the headers.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_SRC } from '../../../csp.config';
import {
  FROM_ENV,
  caddySnippet,
  contentSecurityPolicy,
  headersFile,
  nginxSnippet,
  resolveConnectSrc,
  securityHeaders,
  sourceProblem,
} from '../../../scripts/vite/securityPolicy';

const sources = (list: { source: string }[]) => list.map((entry) => entry.source);

describe('sourceProblem', () => {
  it.each([
    'https://huggingface.co',
    'https://*.hf.co',
    'http://127.0.0.1:*',
    'http://localhost:8080',
    'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/',
    'wss://models.example.org',
    'http://[::1]:8000',
  ])('accepts %s', (source) => expect(sourceProblem(source)).toBeUndefined());

  it.each([
    ['*', /allows every host/],
    ['https:', /bare scheme/],
    ['data:', /bare scheme/],
    ['https://*', /"\*" host/],
    ['https://*:443', /"\*" host/],
    ['http://*/models', /"\*" host/],
    ['https://*.co', /whole top-level domain/],
    ["'unsafe-eval'", /keyword/],
    ['huggingface.co', /not a source/],
    ['https://a.example.org/x;script-src', /not a source/],
    ['https://a.*.example.org', /not a source/],
    ['ftp://files.example.org', /not a source/],
  ])('refuses %s', (source, message) => expect(sourceProblem(source)).toMatch(message));
});

describe('resolveConnectSrc', () => {
  it('keeps the defaults, each with its reason, when the variable is unset or blank', () => {
    expect(resolveConnectSrc(DEFAULT_CONNECT_SRC, undefined)).toEqual(DEFAULT_CONNECT_SRC);
    expect(resolveConnectSrc(DEFAULT_CONNECT_SRC, '  ')).toEqual(DEFAULT_CONNECT_SRC);
    for (const entry of DEFAULT_CONNECT_SRC) expect(entry.reason.length).toBeGreaterThan(20);
  });

  it('replaces the list with plain sources, separated by spaces or commas', () => {
    const list = resolveConnectSrc(DEFAULT_CONNECT_SRC, 'https://models.example.org, https://x.io');
    expect(list).toEqual([
      { source: 'https://models.example.org', reason: FROM_ENV },
      { source: 'https://x.io', reason: FROM_ENV },
    ]);
  });

  it('adds and removes with + and -, and refuses removing what is not there', () => {
    const list = resolveConnectSrc(
      DEFAULT_CONNECT_SRC,
      '+https://models.example.org -http://localhost:* -http://127.0.0.1:*',
    );
    expect(sources(list)).toContain('https://models.example.org');
    expect(sources(list)).not.toContain('http://localhost:*');
    expect(sources(list)).not.toContain('http://127.0.0.1:*');
    expect(sources(list)).toContain('https://huggingface.co');
    expect(() => resolveConnectSrc(DEFAULT_CONNECT_SRC, '-https://nowhere.org')).toThrow(
      /cannot be removed/,
    );
  });

  it('refuses mixing a replacement list with edits', () => {
    expect(() => resolveConnectSrc(DEFAULT_CONNECT_SRC, 'https://a.org +https://b.org')).toThrow(
      /not both/,
    );
  });

  it('fails with every bad entry named, so a wildcard never reaches a build', () => {
    expect(() => resolveConnectSrc(DEFAULT_CONNECT_SRC, '+* +https:')).toThrow(
      /"\*" allows every host[\s\S]*"https:" is a bare scheme/,
    );
    expect(() => resolveConnectSrc(DEFAULT_CONNECT_SRC, 'https://*')).toThrow(/"\*" host/);
  });

  it('lists a source once', () => {
    const list = resolveConnectSrc(DEFAULT_CONNECT_SRC, '+https://huggingface.co');
    expect(sources(list).filter((s) => s === 'https://huggingface.co')).toHaveLength(1);
  });
});

describe('contentSecurityPolicy', () => {
  const directive = (csp: string, name: string) =>
    csp.split('; ').find((d) => d.startsWith(`${name} `));

  it("puts exactly the setting's sources after 'self' in connect-src", () => {
    const csp = contentSecurityPolicy([{ source: 'https://a.example.org', reason: 'r' }], 'meta');
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' https://a.example.org");
  });

  it('forbids framing only in the header form (a <meta> cannot), and keeps blob: scripts out of the page', () => {
    const meta = contentSecurityPolicy(DEFAULT_CONNECT_SRC, 'meta');
    const header = contentSecurityPolicy(DEFAULT_CONNECT_SRC, 'header');
    expect(directive(meta, 'frame-ancestors')).toBeUndefined();
    expect(directive(header, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(meta, 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(directive(header, 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval' blob:");
    expect(directive(meta, 'connect-src')).toBe(directive(header, 'connect-src'));
    for (const csp of [meta, header]) {
      expect(csp).not.toContain("'unsafe-eval'");
      expect(directive(csp, 'script-src')).not.toContain("'unsafe-inline'");
      expect(csp).not.toMatch(/\s\*(\s|;|$)/);
      expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    }
  });
});

describe('securityHeaders and their host-config forms', () => {
  const headers = securityHeaders(DEFAULT_CONNECT_SRC);

  it('sends the full CSP, nosniff, no referrer and denies unused powerful features', () => {
    expect(headers['Content-Security-Policy']).toBe(
      contentSecurityPolicy(DEFAULT_CONNECT_SRC, 'header'),
    );
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    for (const feature of ['camera', 'microphone', 'geolocation', 'usb', 'payment']) {
      expect(headers['Permissions-Policy']).toContain(`${feature}=()`);
    }
    expect(headers['Cross-Origin-Embedder-Policy']).toBeUndefined();
  });

  it('writes _headers for every path, and nginx and Caddy lines with the same values', () => {
    const file = headersFile(headers);
    expect(file.split('\n')[1]).toBe('/*');
    for (const [name, value] of Object.entries(headers)) {
      expect(file).toContain(`\n  ${name}: ${value}\n`);
      expect(nginxSnippet(headers)).toContain(`add_header ${name} "${value}" always;`);
      expect(caddySnippet(headers)).toContain(`\t${name} "${value}"\n`);
    }
  });
});
