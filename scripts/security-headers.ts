// Prints the response headers of this build's security policy for a host's config: `nginx`,
// `caddy` or `netlify` (the _headers file). Reads RAGTUNE_CONNECT_SRC as the build does.
import { DEFAULT_CONNECT_SRC } from '../csp.config';
import {
  caddySnippet,
  headersFile,
  nginxSnippet,
  resolveConnectSrc,
  securityHeaders,
} from './vite/securityPolicy';

const forms = { nginx: nginxSnippet, caddy: caddySnippet, netlify: headersFile } as const;
const form = process.argv[2] ?? 'nginx';

if (!(form in forms)) {
  console.error(`Usage: npm run security:headers -- ${Object.keys(forms).join('|')}`);
  process.exit(2);
}
try {
  const headers = securityHeaders(
    resolveConnectSrc(DEFAULT_CONNECT_SRC, process.env.RAGTUNE_CONNECT_SRC),
  );
  process.stdout.write(forms[form as keyof typeof forms](headers));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
