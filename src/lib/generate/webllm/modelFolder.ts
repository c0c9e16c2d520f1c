// Where an MLC weights folder lives and what WebLLM will fetch from it: Hugging Face page URLs,
// other static hosts, and the size of the weights from tensor-cache.json.
import { RagtuneError } from '../../errors';
import { FILE_CAPS, readCappedText, type FetchLike } from '../folderFetch';

export type { FetchLike } from '../folderFetch';

export interface ModelFolder {
  /** The `model` URL for WebLLM's record (WebLLM appends 'resolve/main/' unless one is present). */
  model: string;
  /** The folder WebLLM will actually read, ending in '/'. */
  folder: string;
  /** A readable id derived from the URL: 'user/repo' on Hugging Face, host and path elsewhere. */
  suggestedId: string;
}

const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const RESOLVE = /\/resolve\/[^/]+\//;

function invalidUrl(input: string, why: string): RagtuneError {
  return new RagtuneError(
    'invalid-model',
    `“${input}” is not a usable model folder address: ${why}. Paste the http(s) URL of the folder ` +
      'that holds mlc-chat-config.json, e.g. https://huggingface.co/you/your-model-q4f16_1-MLC.',
  );
}

/** Drops a file name the person may have pasted with the folder ('…/mlc-chat-config.json'). */
function withoutFile(segments: string[]): string[] {
  const last = segments.at(-1) ?? '';
  return /\.(json|bin|txt|model|wasm)$/i.test(last) ? segments.slice(0, -1) : segments;
}

function huggingFaceFolder(url: URL, input: string): ModelFolder {
  const [user, repo, kind, branch, ...rest] = url.pathname.split('/').filter(Boolean);
  if (!user || !repo) throw invalidUrl(input, 'a Hugging Face model URL names a user and a repo');
  const base = `https://huggingface.co/${user}/${repo}`;
  if (kind === undefined)
    return { model: base, folder: `${base}/resolve/main/`, suggestedId: `${user}/${repo}` };
  if (!['resolve', 'tree', 'blob'].includes(kind) || !branch) {
    throw invalidUrl(input, 'expected …/resolve/<branch>/ or …/tree/<branch>/ after the repo');
  }
  const sub = withoutFile(rest);
  const folder = `${base}/resolve/${branch}/${sub.map((s) => `${s}/`).join('')}`;
  const suffix = [branch === 'main' ? '' : `@${branch}`, ...sub.map((s) => `/${s}`)].join('');
  return { model: folder, folder, suggestedId: `${user}/${repo}${suffix}` };
}

/**
 * Turns what a person pasted into WebLLM's `model` URL. Any host works, but WebLLM appends
 * 'resolve/main/' to a URL without '/resolve/<x>/', so for other hosts we add that part as a
 * fragment: WebLLM then keeps the URL, and relative file URLs resolve to the folder itself.
 */
export function modelFolderFromUrl(input: string, baseUrl?: string): ModelFolder {
  let url: URL;
  try {
    url = new URL(input.trim(), baseUrl);
  } catch {
    throw invalidUrl(input, 'it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidUrl(input, 'only http and https addresses can be fetched');
  }
  url.hash = '';
  url.search = '';
  if (HF_HOSTS.has(url.hostname)) return huggingFaceFolder(url, input);

  const segments = withoutFile(url.pathname.split('/').filter(Boolean));
  const folder = `${url.origin}/${segments.map((s) => `${s}/`).join('')}`;
  const suggestedId = `${url.host}/${segments.join('/')}`.replace(/\/$/, '');
  return { model: RESOLVE.test(folder) ? folder : `${folder}#/resolve/main/`, folder, suggestedId };
}

/** What WebLLM 0.2.86 does to a record's `model` URL (cleanModelUrl), for our own fetches. */
export function folderOfModelUrl(model: string): string {
  let url = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL('.', new URL(url).href).href;
}

interface TensorCacheRecord {
  nbytes?: unknown;
}

/** Sums the shard sizes listed in a parsed tensor-cache.json; null if it lists none. */
export function weightsBytes(tensorCache: unknown): number | null {
  const records = (tensorCache as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return null;
  let total = 0;
  for (const r of records as TensorCacheRecord[]) {
    if (typeof r.nbytes === 'number' && Number.isFinite(r.nbytes)) total += r.nbytes;
  }
  return total > 0 ? total : null;
}

/**
 * The download size of a model's weights (from tensor-cache.json), or null when it cannot be
 * read (offline, host unreachable). The tokenizer and the model library add a few MB more.
 */
export async function fetchDownloadBytes(
  model: string,
  fetchFn: FetchLike,
): Promise<number | null> {
  try {
    const url = new URL('tensor-cache.json', folderOfModelUrl(model)).href;
    const response = await fetchFn(url);
    if (!response.ok) return null;
    const text = await readCappedText(response, FILE_CAPS.tensorCache, 'tensor-cache.json', url);
    return weightsBytes(JSON.parse(text));
  } catch {
    return null;
  }
}
