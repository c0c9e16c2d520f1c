// Test helper: asserts that a call fails with a RagtuneError of a given code whose message
// names the file (every error a person sees must say which file and what to do).

import { expect } from 'vitest';
import { RagtuneError, type ErrorCode } from '../../../src/lib/errors';

export async function expectRagtuneError(
  action: () => unknown,
  code: ErrorCode,
  fileName?: string,
): Promise<RagtuneError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a '${code}' error`).toBeInstanceOf(RagtuneError);
  const error = caught as RagtuneError;
  expect(error.code).toBe(code);
  if (fileName) expect(error.message).toContain(fileName);
  return error;
}
