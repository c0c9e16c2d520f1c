// A Vite plugin that puts the security policy into the build: the CSP <meta> tag in index.html
// and a `_headers` file (Netlify / Cloudflare Pages) with the full response headers.
import type { Plugin } from 'vite';
import type { ConnectSource } from '../../csp.config';
import { contentSecurityPolicy, headersFile, securityHeaders } from './securityPolicy';

/** Where index.html wants its CSP: the tag must come before any script or stylesheet. */
export const CSP_PLACEHOLDER = '<!-- ragtune:csp -->';

export function securityHeadersPlugin(connect: readonly ConnectSource[]): Plugin {
  const meta = contentSecurityPolicy(connect, 'meta');
  return {
    name: 'ragtune-security-headers',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        // Fail rather than ship a page without its policy.
        if (!html.includes(CSP_PLACEHOLDER)) {
          throw new Error(`index.html lost its ${CSP_PLACEHOLDER} line: the CSP goes there.`);
        }
        const tag = `<meta http-equiv="Content-Security-Policy" content="${meta}" />`;
        return html.replace(CSP_PLACEHOLDER, tag);
      },
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: '_headers',
        source: headersFile(securityHeaders(connect)),
      });
    },
  };
}
