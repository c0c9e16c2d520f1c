// Every way a call to an OpenAI-compatible server fails, as a RagtuneError a person can act on:
// unreachable or blocked by CORS (the browser shows both alike: we name both, with each server's
// setting for this page's origin), refused by the security policy, a refused key, an unknown model,
// a prompt over the context, too many requests, a server error, a lost connection, not JSON.
import { RagtuneError, type ErrorCode } from '../../errors';
import { BUILD_CONNECT_SRC, connectAllowed } from '../../security/connectPolicy';
import type { GenerationResult } from '../Generator';
import { PartialAnswerError } from '../partialAnswer';
import type { ServerError } from './chunks';

const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : url);

/** This page's origin at call time (undefined in Node, where no browser rules apply). */
const pageOrigin = (): string | undefined => globalThis.location?.origin;

/** The exact setting per server that lets `origin` call it from a browser. */
export function corsSettings(origin: string): string {
  return (
    `vLLM: start it with --allowed-origins '["${origin}"]'; ` +
    `Ollama: set OLLAMA_ORIGINS=${origin} before ollama serve; ` +
    `llama.cpp server: --cors-origins ${origin} (older builds allow every origin); ` +
    'LM Studio: Developer → Server Settings → Enable CORS (or lms server start --cors).'
  );
}

/** What to say when the build's security policy (CSP connect-src) refuses `url`, else undefined. */
export function endpointPolicyRefusal(
  url: string,
  sources: readonly string[] | undefined = BUILD_CONNECT_SRC,
  self: string | undefined = pageOrigin(),
): RagtuneError | undefined {
  if (!sources || !self || connectAllowed(url, sources, self)) return undefined;
  const origin = new URL(url).origin;
  return new RagtuneError(
    'endpoint-unreachable',
    `This copy of ragtune may connect only to servers on this machine (localhost, 127.0.0.1, ::1) ` +
      `and the hosts its build allows; its security policy refuses ${origin}. Whoever builds this ` +
      `copy can allow it with RAGTUNE_CONNECT_SRC=+${origin} (see the README's Privacy and security).`,
  );
}

/** fetch threw (a TypeError): the server is down, the address wrong, or CORS refused us. */
export function unreachable(url: string, cause: unknown, origin = pageOrigin()): RagtuneError {
  const host = hostOf(url);
  const cors = origin
    ? ` Or the server is running but does not allow this page's origin (${origin}): browsers ` +
      `report a CORS refusal exactly like a server that is down. ${corsSettings(origin)}`
    : '';
  return new RagtuneError(
    'endpoint-unreachable',
    `Could not reach ${host}: check that the server is running and that the address ` +
      `(${url.replace(/\/(models|chat\/completions)$/, '')}) and port are right.${cors}`,
    { cause },
  );
}

/** A request that took longer than `ms` before the server answered. */
export function timedOut(url: string, ms: number): RagtuneError {
  return new RagtuneError(
    'endpoint-unreachable',
    `${hostOf(url)} did not answer within ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`}: check that the server is ` +
      'running and not overloaded, then try again.',
  );
}

const CONTEXT_OVERFLOW =
  /maximum context length|context_length_exceeded|context length|exceeds? the available context|exceed_context_size|context window|prompt is too long|must be <= \d+/i;

/** What the request was about, for naming it in the message. */
export interface RequestContext {
  url: string;
  modelId?: string;
}

/** A refusal by HTTP status, which callers may still need (e.g. 404: no /tokenize here). */
export class EndpointHttpError extends RagtuneError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(code, message);
  }
}

/** A non-2xx answer (or a mid-stream error with a status) in words. */
export function httpError(
  status: number,
  error: ServerError | undefined,
  { url, modelId }: RequestContext,
): EndpointHttpError {
  const host = hostOf(url);
  const said = error?.message ? ` The server said: “${error.message.slice(0, 300)}”` : '';
  const say = (code: ErrorCode, text: string) =>
    new EndpointHttpError(code, `${text}${said}`, status);
  if (status === 401 || status === 403) {
    return say(
      'endpoint-unauthorized',
      `${host} refused the API key (HTTP ${status}): check the key in this endpoint's settings ` +
        '(vLLM checks the --api-key it was started with; a server without one needs no key).',
    );
  }
  if (status === 404 && modelId && !/\/models$/.test(url)) {
    return say(
      'model-unavailable',
      `${host} does not serve the model “${modelId}” (HTTP 404): refresh the endpoint's model ` +
        'list and pick one it lists (a LoRA adapter must be loaded on the server).',
    );
  }
  if (status === 404) {
    return say(
      'endpoint-failed',
      `Nothing at ${url} (HTTP 404): the address should end where the server serves its OpenAI ` +
        'API, usually /v1 (http://host:port/v1).',
    );
  }
  if (
    (status === 400 || status === 413 || status === 422) &&
    CONTEXT_OVERFLOW.test(`${error?.message ?? ''} ${error?.kind ?? ''}`)
  ) {
    return say(
      'context-too-long',
      `The prompt and the answer's token limit do not fit ${modelId ?? 'the model'}'s context ` +
        'on the server: use fewer or shorter sources, a lower max tokens, or a longer context (vLLM --max-model-len).',
    );
  }
  if (status === 429) {
    return say(
      'endpoint-busy',
      `${host} is busy or rate-limited (HTTP 429): wait a moment, or run fewer arms at once.`,
    );
  }
  if (status >= 500) {
    return say(
      'endpoint-failed',
      `${host} failed while answering (HTTP ${status}): look at the server's log; try again.`,
    );
  }
  return say('endpoint-failed', `${host} refused the request (HTTP ${status}).`);
}

/** A body that is not the OpenAI API's JSON (a web page, a proxy's error page…). */
export function notTheApi(url: string, what: string, cause?: unknown): RagtuneError {
  return new RagtuneError(
    'endpoint-failed',
    `${hostOf(url)} answered ${what} with something that is not OpenAI-compatible JSON (a web page? ` +
      "a proxy?): check that the address is the server's API, usually ending in /v1.",
    { cause },
  );
}

export { PartialAnswerError } from '../partialAnswer';

export function connectionLost(url: string, partial: GenerationResult, cause?: unknown) {
  const kept = partial.text ? ' The text that arrived is kept, marked as incomplete.' : '';
  return new PartialAnswerError(
    'connection-lost',
    `The connection to ${hostOf(url)} ended in the middle of the answer (the server stopped or ` +
      `the network dropped).${kept} Try again when the server is back.`,
    partial,
    { cause },
  );
}
