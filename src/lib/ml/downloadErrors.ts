// How a model download can fail half-way, and what a person is told: a body that broke off (never
// cached), or a file that arrived whole by HTTP's count but cannot be read (removed from the cache).
import { RagtuneError } from '../errors';
import { DownloadInterruptedError } from './downloadGuard';

export { DownloadInterruptedError } from './downloadGuard';

/** A model file that could not be parsed; the model's cached files were deleted. */
export class ModelFileDamagedError extends Error {
  override readonly name = 'ModelFileDamagedError';

  constructor(
    readonly modelId: string,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`A file of ${modelId} is damaged (${reason.split('\n')[0]}).`, options);
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A web page where a model file should be (a host that answers every path with its index.html). */
export function isWebPage(error: unknown): boolean {
  return /Unexpected token '?<|<!doctype|<html/i.test(message(error));
}

/**
 * True when a load failed because a model file cannot be read: ONNX Runtime's protobuf parser or
 * JSON.parse gave up on it (cut off, zero-filled, or not a model file at all).
 */
export function isUnreadableModelFile(error: unknown): boolean {
  if (error instanceof SyntaxError) return true;
  return /protobuf parsing failed|Unexpected end of JSON input|Unterminated string in JSON/i.test(
    message(error),
  );
}

/** The first error in `error`'s cause chain with this name. */
function findInChain(error: unknown, name: string): Error | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e.name === name) return e;
  }
  return undefined;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * The 'download-interrupted' RagtuneError for a download that broke off or left a damaged file;
 * undefined for any other failure. `what` names the model in the sentence ("the embedding model X").
 */
export function describeDownloadFailure(error: unknown, what: string): RagtuneError | undefined {
  const cut = findInChain(error, 'DownloadInterruptedError');
  if (cut instanceof DownloadInterruptedError) {
    const got = cut.expected ? ` after ${mb(cut.received)} of ${mb(cut.expected)}` : '';
    return new RagtuneError(
      'download-interrupted',
      `The download of ${what} was interrupted${got} — try again. Nothing incomplete was kept; files that finished stay cached.`,
      { cause: error },
    );
  }
  if (findInChain(error, 'ModelFileDamagedError')) {
    return new RagtuneError(
      'download-interrupted',
      `A file of ${what} arrived incomplete or damaged (the download was interrupted), so it was removed from this browser’s cache — try again. If it happens every time, the file on the model host is damaged.`,
      { cause: error },
    );
  }
  return undefined;
}
