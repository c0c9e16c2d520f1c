// Which requests may an end-to-end test make: only to this machine (127.0.0.1, localhost, ::1) or
// to no network at all (data:, blob:, about:). Pure, so unit tests check it without a browser.

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const NETWORK_FREE = new Set(['data:', 'blob:', 'about:']);

/** Why `url` would leave the machine, or undefined when it stays on it. */
export function outsideRequest(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `unparseable URL ${url}`;
  }
  if (NETWORK_FREE.has(parsed.protocol)) return undefined;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) {
    return `${parsed.protocol} request ${url}`;
  }
  return LOCAL_HOSTS.has(parsed.hostname) ? undefined : `request to ${parsed.host}: ${url}`;
}

/** What one test's context tried to reach outside the machine (each blocked before it left). */
export class NetworkAudit {
  #violations: string[] = [];

  /** Records `url` if it would leave the machine; true when the request must be blocked. */
  check(url: string): boolean {
    const problem = outsideRequest(url);
    if (problem) this.#violations.push(problem);
    return problem !== undefined;
  }

  get violations(): readonly string[] {
    return this.#violations;
  }

  /** Hands the recorded violations to a test that expects them, so teardown does not fail it. */
  take(): string[] {
    const taken = this.#violations;
    this.#violations = [];
    return taken;
  }

  /** The failure message for teardown, or undefined when nothing tried to leave. */
  report(): string | undefined {
    if (this.#violations.length === 0) return undefined;
    const list = [...new Set(this.#violations)].map((v) => `  - ${v}`).join('\n');
    return `The test made requests that would leave 127.0.0.1 (blocked):\n${list}`;
  }
}
