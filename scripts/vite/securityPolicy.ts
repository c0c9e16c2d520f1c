// Builds the app's security policy from the connect-src setting (csp.config.ts): the CSP for the
// page's <meta> tag, the response headers a static host should send, and their host-config forms.
import type { ConnectSource } from '../../csp.config';

/** How RAGTUNE_CONNECT_SRC entries are labelled, since the variable carries no reasons. */
export const FROM_ENV = 'set by RAGTUNE_CONNECT_SRC at build time';

const SOURCE =
  /^(https?|wss?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(:(?:\d{1,5}|\*))?(\/[^\s;,*'"]*)?$/i;

/** Why `source` may not be a connect-src entry, or undefined when it may. */
export function sourceProblem(source: string): string | undefined {
  if (source === '*') return '"*" allows every host: list the hosts the app needs instead';
  if (/^[a-z][a-z0-9+.-]*:$/i.test(source)) {
    return `"${source}" is a bare scheme and allows every host reached over it: list hosts instead`;
  }
  if (source.startsWith("'")) {
    return `"${source}" is a keyword, not a host ('self' is always included)`;
  }
  const match = SOURCE.exec(source);
  if (/^[a-z]+:\/\/\*(?:[:/]|$)/i.test(source)) {
    return `"${source}" has a "*" host and allows every host: list the hosts instead`;
  }
  if (!match) return `"${source}" is not a source of the form https://host[:port][/path]`;
  if (match[2] && !match[3]?.includes('.')) {
    return `"${source}" covers a whole top-level domain: name a domain under it`;
  }
  return undefined;
}

/**
 * The connect-src list for this build. `env` (RAGTUNE_CONNECT_SRC, sources separated by spaces or
 * commas) replaces the defaults, or edits them when every entry starts with + (add) or - (remove).
 * Throws one error naming every bad entry, so a build cannot ship a wildcard by mistake.
 */
export function resolveConnectSrc(
  defaults: readonly ConnectSource[],
  env: string | undefined,
): ConnectSource[] {
  const tokens = (env ?? '').split(/[\s,]+/).filter(Boolean);
  const edits = tokens.filter((t) => t.startsWith('+') || t.startsWith('-'));
  const problems: string[] = [];
  let list: ConnectSource[];
  if (tokens.length === 0) list = [...defaults];
  else if (edits.length === 0) list = tokens.map((source) => ({ source, reason: FROM_ENV }));
  else if (edits.length < tokens.length) {
    throw new Error(
      'RAGTUNE_CONNECT_SRC: either list every source (replacing the defaults) or only +source / ' +
        '-source edits of the defaults, not both.',
    );
  } else {
    list = [...defaults];
    for (const edit of edits) {
      const source = edit.slice(1);
      if (edit.startsWith('+')) list.push({ source, reason: FROM_ENV });
      else if (list.some((entry) => entry.source === source)) {
        list = list.filter((entry) => entry.source !== source);
      } else problems.push(`"${source}" cannot be removed: it is not in the default list`);
    }
  }
  for (const { source } of list) {
    const problem = sourceProblem(source);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) {
    throw new Error(
      `The app's connect-src setting is unsafe or invalid:\n- ${problems.join('\n- ')}`,
    );
  }
  return list.filter((entry, i) => list.findIndex((e) => e.source === entry.source) === i);
}

/**
 * The Content-Security-Policy. A <meta> policy cannot carry frame-ancestors (browsers ignore it
 * there), so only the header form forbids framing.
 */
export function contentSecurityPolicy(
  connect: readonly ConnectSource[],
  delivery: 'meta' | 'header',
): string {
  const header = delivery === 'header';
  const directives = [
    "default-src 'self'",
    // WebAssembly (ONNX Runtime, Voy, WebLLM's model libraries) needs compiling; no JS eval. The
    // header also governs the workers (a <meta> policy never does), where transformers.js imports
    // ONNX Runtime's factory as a blob: module; the page itself enforces both policies, so the
    // meta tag keeps blob: scripts out of the page.
    `script-src 'self' 'wasm-unsafe-eval'${header ? ' blob:' : ''}`,
    "worker-src 'self' blob:",
    // Svelte transitions and our components set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    ["connect-src 'self'", ...connect.map((entry) => entry.source)].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ];
  if (header) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

/** Powerful features the app never uses: denied to it and to anything that might embed in it. */
const DENIED_FEATURES = [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
  'xr-spatial-tracking',
];

/**
 * The response headers a host should send with every file of the app. No COOP/COEP: the app does
 * not use SharedArrayBuffer (ONNX Runtime runs single-threaded without it), and COEP would block
 * models on hosts that send no CORP/CORS headers.
 */
export function securityHeaders(connect: readonly ConnectSource[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connect, 'header'),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': DENIED_FEATURES.map((feature) => `${feature}=()`).join(', '),
    // For browsers too old for frame-ancestors.
    'X-Frame-Options': 'DENY',
  };
}

const GENERATED =
  'Generated from csp.config.ts (and RAGTUNE_CONNECT_SRC): npm run security:headers.';

/** Netlify and Cloudflare Pages `_headers` file: every path gets every header. */
export function headersFile(headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`);
  // The service worker is fetched fresh on each visit, so a new version is found (see scripts/vite/pwa.ts).
  return `# ${GENERATED}\n/*\n${lines.join('\n')}\n/sw.js\n  Cache-Control: no-cache\n`;
}

/** For the nginx `server` (or `location`) block that serves the app. */
export function nginxSnippet(headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(
    ([name, value]) => `add_header ${name} "${value}" always;`,
  );
  return `# ${GENERATED}\n${lines.join('\n')}\n`;
}

/** For the Caddyfile site block that serves the app. */
export function caddySnippet(headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([name, value]) => `\t${name} "${value}"`);
  return `# ${GENERATED}\nheader {\n${lines.join('\n')}\n}\n`;
}
