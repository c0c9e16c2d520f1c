// Where transformers.js finds an ONNX model folder given by its URL. transformers.js fetches
// `{host}{model}/{file}` and accepts only 'user/repo'-shaped ids, so the folder's path is split:
// its last one or two parts become the id, the rest the host; host + id is exactly the folder.
import { RagtuneError } from '../../errors';
import { HF_HUB } from '../../ml/hosts';

export interface OnnxFolder {
  /** The folder itself, ending in '/'. */
  folder: string;
  /** transformers.js' remote host for it, ending in '/'. */
  host: string;
  /** The id transformers.js loads from that host, e.g. 'you/your-model'. */
  modelPath: string;
}

const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
/** One part of a transformers.js model id (its REPO_ID_REGEX): word characters at both ends. */
const ID_PART = /^\w(?:[\w.-]{0,94}\w)?$/;

function invalid(input: string, why: string): RagtuneError {
  return new RagtuneError(
    'invalid-model',
    `“${input}” is not a usable ONNX model folder address: ${why}. Paste the http(s) URL of the ` +
      'folder that holds config.json, the tokenizer files and onnx/, e.g. ' +
      'https://huggingface.co/you/your-model-onnx.',
  );
}

/** Drops what a person may have pasted past the folder: a file name, or the onnx/ folder. */
function folderSegments(segments: string[]): string[] {
  const out = [...segments];
  if (/\.(json|onnx|onnx_data|txt|jinja|model)$/i.test(out.at(-1) ?? '')) out.pop();
  if (out.at(-1) === 'onnx') out.pop();
  return out;
}

const usablePart = (part: string) =>
  ID_PART.test(part) && !part.includes('..') && !part.includes('--');

/** Hugging Face page URLs ('…/tree/main', '…/blob/main/config.json') as path segments to files. */
function huggingFaceSegments(segments: string[], input: string): string[] {
  const [user, repo, kind, branch, ...rest] = segments;
  if (!user || !repo) throw invalid(input, 'a Hugging Face model URL names a user and a repo');
  if (kind === undefined) return [user, repo];
  if (!['resolve', 'tree', 'blob'].includes(kind) || !branch) {
    throw invalid(input, 'expected …/tree/<branch>/ or …/resolve/<branch>/ after the repo');
  }
  return branch === 'main' && rest.length === 0
    ? [user, repo]
    : [user, repo, 'resolve', branch, ...rest];
}

/** Splits a pasted folder URL into the host and id transformers.js loads it by. */
export function onnxFolderFromUrl(input: string, baseUrl?: string): OnnxFolder {
  let url: URL;
  try {
    url = new URL(input.trim(), baseUrl);
  } catch {
    throw invalid(input, 'it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(input, 'only http and https addresses can be fetched');
  }
  const raw = folderSegments(url.pathname.split('/').filter(Boolean));
  const onHub = HF_HOSTS.has(url.hostname);
  const segments = onHub ? huggingFaceSegments(raw, input) : raw;
  const origin = onHub ? 'https://huggingface.co' : url.origin;
  const folder = `${origin}/${segments.map((s) => `${s}/`).join('')}`;
  if (onHub && segments.length === 2) {
    return { folder, host: HF_HUB, modelPath: segments.join('/') };
  }
  const last = segments.at(-1);
  const before = segments.at(-2);
  if (last === undefined || !usablePart(last)) {
    throw invalid(
      input,
      'transformers.js loads only folders named with letters, digits, “-”, “_” and “.” ' +
        '(no “--” or “..”): rename the folder',
    );
  }
  const parts = before !== undefined && usablePart(before) ? [before, last] : [last];
  const host = `${origin}/${segments
    .slice(0, segments.length - parts.length)
    .map((s) => `${s}/`)
    .join('')}`;
  return { folder, host, modelPath: parts.join('/') };
}
