// Reading the files of a model folder someone pasted (MLC or ONNX): every way a fetch can fail
// becomes a RagtuneError that says what to do. Shared by both engines' custom-model checks.
import { RagtuneError } from '../errors';
import { policyRefusal } from '../security/connectPolicy';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

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

/** GETs and parses a JSON file of the folder, or says why it could not. */
export async function readFolderJson(
  fetchFn: FetchLike,
  url: string,
  what: string,
  howTo: string,
): Promise<unknown> {
  const response = await fetchFolderFile(fetchFn, url, what);
  if (!response.ok) throw httpProblem(response, url, what, howTo);
  try {
    return await response.json();
  } catch (error) {
    throw new RagtuneError(
      'invalid-model',
      `${what} at ${url} is not valid JSON (a web page?): check the address, or export the model again.`,
      { cause: error },
    );
  }
}
