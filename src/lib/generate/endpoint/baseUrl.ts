// A person's typed server address as the base URL every request starts from (…/v1, no trailing
// slash), with what is wrong said in words; and whether an address is on this machine (loopback).
import { RagtuneError } from '../../errors';

const invalid = (text: string, typed: string) =>
  new RagtuneError('invalid-url', `“${typed}” ${text}`);

/**
 * Accepts http(s)://host[:port][/prefix][/v1][/]; refuses other schemes, user:password@ (the key
 * goes in its own field, never in a URL that could be logged), queries and fragments.
 */
export function parseBaseUrl(typed: string): string {
  const text = typed.trim();
  if (!text)
    throw new RagtuneError(
      'invalid-url',
      'Type the server’s address, e.g. http://localhost:8000/v1.',
    );
  // "localhost:11434" is a host and port, not a scheme: it gets http:// like a bare host.
  const hostPort = /^[^/:]+:\d+(\/|$)/.test(text);
  const withScheme = !hostPort && /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid('is not an address: type it like http://localhost:8000/v1.', text);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(
      `uses ${url.protocol.slice(0, -1)}: an OpenAI-compatible server is reached over http:// or https://.`,
      text,
    );
  }
  if (url.username || url.password) {
    throw invalid(
      'holds a user name or password: remove it from the address and put the key in the API key field.',
      text,
    );
  }
  if (url.hash || text.includes('#')) {
    throw invalid('has a #fragment: remove it; the address ends at /v1.', text);
  }
  if (url.search || text.includes('?')) {
    throw invalid('has a ?query: remove it; the address ends at /v1.', text);
  }
  if (!url.hostname) throw invalid('names no host: type it like http://localhost:8000/v1.', text);
  const path = url.pathname.replace(/\/+$/, '');
  const base = path.endsWith('/v1') ? path : `${path}/v1`;
  return `${url.origin}${base}`;
}

/** The server's root (the base URL without its /v1): where vLLM serves /tokenize. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/v1$/, '');
}

/** Whether `url` is on this machine: localhost (and *.localhost), 127.0.0.0/8 or ::1. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  // WHATWG URLs normalise IPv4 (127.1, 0x7f.0.0.1 → 127.0.0.1), so the dotted form is enough.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
