// An answer cut off by a failure (the connection ended mid-answer, or the server sent an error
// mid-stream): the generation rejects with this error and the answer so far in `partial`, its
// figures included. The chat and the lab keep the text streamed to onToken, mark it with the
// error's message, and keep these figures (of the part that arrived) with it: a resolved result
// could not carry the error (GenerationResult has none).
import { RagtuneError, type ErrorCode } from '../errors';
import type { GenerationResult } from './Generator';

export class PartialAnswerError extends RagtuneError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly partial: GenerationResult,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The answer so far a failed generation left, when it left one. */
export function partialAnswerOf(error: unknown): GenerationResult | undefined {
  return error instanceof PartialAnswerError ? error.partial : undefined;
}
