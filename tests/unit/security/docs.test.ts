// docs/security.md shows the default setting and the nginx and Caddy headers: they must be exactly
// what the policy builder makes of csp.config.ts, so the docs cannot drift from the build.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_SRC } from '../../../csp.config';
import { caddySnippet, nginxSnippet, securityHeaders } from '../../../scripts/vite/securityPolicy';

const doc = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
const headers = securityHeaders(DEFAULT_CONNECT_SRC);

describe('docs/security.md', () => {
  it('lists every default connect-src entry with its reason', () => {
    for (const { source, reason } of DEFAULT_CONNECT_SRC) {
      expect(doc).toContain(`| \`${source}\` | ${reason} |`);
    }
  });

  it('shows the nginx and Caddy headers the builder makes for the default setting', () => {
    expect(doc).toContain('```nginx\n' + nginxSnippet(headers) + '```');
    expect(doc).toContain('```caddy\n' + caddySnippet(headers) + '```');
  });
});
