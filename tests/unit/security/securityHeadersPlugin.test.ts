// The Vite plugin puts the meta CSP where index.html asks for it (or fails the build) and emits
// the _headers file from the same setting.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_SRC } from '../../../csp.config';
import { CSP_PLACEHOLDER, securityHeadersPlugin } from '../../../scripts/vite/securityHeaders';
import {
  contentSecurityPolicy,
  headersFile,
  securityHeaders,
} from '../../../scripts/vite/securityPolicy';

type Handler = (html: string) => string;
const plugin = securityHeadersPlugin(DEFAULT_CONNECT_SRC);
const transform = (plugin.transformIndexHtml as { handler: Handler }).handler;

describe('securityHeadersPlugin', () => {
  it("replaces index.html's placeholder with the meta policy", () => {
    const html = readFileSync(new URL('../../../index.html', import.meta.url), 'utf8');
    expect(html).toContain(CSP_PLACEHOLDER);
    const out = transform(html);
    expect(out).not.toContain(CSP_PLACEHOLDER);
    expect(out).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(DEFAULT_CONNECT_SRC, 'meta')}" />`,
    );
    // Before the first script or stylesheet, so it governs them.
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<script'));
  });

  it('fails rather than build a page without its policy', () => {
    expect(() => transform('<html><head></head></html>')).toThrow(/ragtune:csp/);
  });

  it('emits _headers from the same setting', () => {
    const emitted: { fileName: string; source: string }[] = [];
    const generateBundle = plugin.generateBundle as (this: unknown) => void;
    generateBundle.call({
      emitFile: (file: { fileName: string; source: string }) => emitted.push(file),
    });
    expect(emitted).toEqual([
      {
        type: 'asset',
        fileName: '_headers',
        source: headersFile(securityHeaders(DEFAULT_CONNECT_SRC)),
      },
    ]);
  });
});
