// Whether the app's security policy (CSP connect-src, set at build time in csp.config.ts) lets it
// fetch a URL, so a refused host is said in words instead of the browser's bare "Failed to fetch".

/** Replaced by the build (vite.config.ts `define`) with the connect-src sources after 'self'. */
declare const __RAGTUNE_CONNECT_SRC__: readonly string[];

/** The build's connect-src sources; undefined outside a Vite build (Node tests), where none apply. */
export const BUILD_CONNECT_SRC: readonly string[] | undefined =
  typeof __RAGTUNE_CONNECT_SRC__ === 'undefined' ? undefined : __RAGTUNE_CONNECT_SRC__;

const SOURCE = /^([a-z]+):\/\/(\*\.)?([^/:]+|\[[^\]]+\])(?::(\d+|\*))?(\/.*)?$/i;

/** Which URL schemes a source's scheme admits (CSP lets http: sources match https:, ws: wss:). */
const SCHEMES: Record<string, string[]> = {
  http: ['http:', 'https:'],
  https: ['https:'],
  ws: ['ws:', 'wss:'],
  wss: ['wss:'],
};

/** CSP source matching for the forms csp.config.ts allows: scheme://[*.]host[:port|:*][/path]. */
export function sourceMatches(source: string, url: URL): boolean {
  const match = SOURCE.exec(source);
  if (!match) return false;
  const [, scheme = '', wildcard, host = '', port, path] = match;
  if (!SCHEMES[scheme.toLowerCase()]?.includes(url.protocol)) return false;
  const hostname = url.hostname.toLowerCase();
  const wanted = host.toLowerCase();
  if (wildcard ? !hostname.endsWith(`.${wanted}`) : hostname !== wanted) return false;
  if (port !== '*' && url.port !== (port ?? '')) return false;
  if (!path || path === '/') return true;
  return path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path;
}

/** Whether connect-src `'self' ...sources` admits `url`; `self` is the app's origin. */
export function connectAllowed(url: string, sources: readonly string[], self: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.origin === self || sources.some((source) => sourceMatches(source, parsed));
}

/** Where downloads may come from, for a person: hosts and paths without the CSP syntax. */
function readable(sources: readonly string[]): string {
  return sources.map((s) => s.replace(/^[a-z]+:\/\//i, '').replace(/:\*$/, '')).join(', ');
}

/**
 * What to say when this build's policy refuses `url`, or undefined when it allows it (or when no
 * policy applies, as in Node).
 */
export function policyRefusal(
  url: string,
  sources: readonly string[] | undefined = BUILD_CONNECT_SRC,
  self: string | undefined = globalThis.location?.origin,
): string | undefined {
  if (!sources || !self || connectAllowed(url, sources, self)) return undefined;
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  return (
    `This copy of ragtune may download only from ${readable(sources)} and its own address: its ` +
    `security policy refuses ${origin}. Use a model on one of those hosts, or ask whoever builds ` +
    `this copy to allow it (RAGTUNE_CONNECT_SRC=+${origin}, see the README's Privacy and security).`
  );
}
