// Reading the files of a model folder someone pasted (MLC or ONNX): every way a fetch can fail
// becomes a RagtuneError that says what to do. Shared by both engines' custom-model checks.
import { RagtuneError } from '../errors';
import { policyRefusal } from '../security/connectPolicy';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The most a model folder's JSON file may be, read as it streams in (Content-Length is not
 * trusted: a host may omit it or lie). Configs are a few KB; tensor-cache.json lists every
 * tensor (~1 MB for a 7B model); tokenizer.json holds the vocabulary (up to ~20 MB).
 */
export const FILE_CAPS = {
  config: 4 * 1024 * 1024,
  tensorCache: 16 * 1024 * 1024,
  tokenizer: 64 * 1024 * 1024,
} as const;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function tooBig(what: string, url: string, cap: number): RagtuneError {
  return new RagtuneError(
    'invalid-model',
    `${what} at ${url} is larger than ${mb(cap)}, more than such a file ever is: check that the ` +
      'address is the model’s folder, or fix the file.',
  );
}

/**
 * The response's body as text, cancelling the download as soon as it passes `cap` bytes, so a
 * huge or endless file is refused without being held in memory.
 */
export async function readCappedText(
  response: Response,
  cap: number,
  what: string,
  url: string,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    void response.body?.cancel().catch(() => undefined);
    throw tooBig(what, url, cap);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      void reader.cancel().catch(() => undefined);
      throw tooBig(what, url, cap);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** How long one request to a model host may take before we say it did not answer. */
export const FOLDER_FETCH_TIMEOUT_MS = 20_000;

/** The browser's fetch with a time limit, for checks that must not hang on a silent host. */
export const fetchWithTimeout: FetchLike = (url, init) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(FOLDER_FETCH_TIMEOUT_MS) });

/** A fetch that never throws a bare TypeError: an unreachable host is said in words. */
export async function fetchFolderFile(
  fetchFn: FetchLike,
  url: string,
  what: string,
  method = 'GET',
): Promise<Response> {
  // The browser would refuse it with a bare "Failed to fetch": say why instead.
  const refusal = policyRefusal(url);
  if (refusal) throw new RagtuneError('model-unavailable', refusal);
  try {
    return await fetchFn(url, { method });
  } catch (error) {
    throw new RagtuneError(
      'model-unavailable',
      `Could not reach ${new URL(url).host} to read ${what}: check your connection and the address. ` +
        'The host must allow cross-origin requests (Hugging Face does).',
      { cause: error },
    );
  }
}

/** A non-OK answer in words: private or gated (401/403), else missing; `howTo` says how to fix it. */
export function httpProblem(
  response: Response,
  url: string,
  what: string,
  howTo: string,
): RagtuneError {
  if (response.status === 401 || response.status === 403) {
    return new RagtuneError(
      'invalid-model',
      `${what} at ${url} is private or gated (HTTP ${response.status}): make the repository public; ` +
        'the browser cannot send your access token.',
    );
  }
  return new RagtuneError(
    'invalid-model',
    `No ${what} at ${url} (HTTP ${response.status}): give the URL of the folder that holds ` +
      `${howTo}`,
  );
}

/** GETs and parses a JSON file of the folder (at most `cap` bytes), or says why it could not. */
export async function readFolderJson(
  fetchFn: FetchLike,
  url: string,
  what: string,
  howTo: string,
  cap: number = FILE_CAPS.config,
): Promise<unknown> {
  const response = await fetchFolderFile(fetchFn, url, what);
  if (!response.ok) throw httpProblem(response, url, what, howTo);
  const text = await readCappedText(response, cap, what, url);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RagtuneError(
      'invalid-model',
      `${what} at ${url} is not valid JSON (a web page?): check the address, or export the model again.`,
      { cause: error },
    );
  }
}
