// What a thrown value becomes on its way across a worker boundary, and what it is rebuilt as on
// the other side. A RagtuneError travels as {code, message} and comes back a RagtuneError only
// if its code is one of ours: a code we do not know (another version, a forged message) is not
// trusted and arrives as a plain Error with the message. Other Errors keep name and message.
import { isErrorCode, RagtuneError } from '../errors';

export type WireThrown =
  | { kind: 'ragtune'; code: string; message: string }
  | { kind: 'error'; name: string; message: string; stack?: string }
  | { kind: 'value'; value: unknown };

export function toWire(thrown: unknown): WireThrown {
  if (thrown instanceof RagtuneError) {
    return { kind: 'ragtune', code: thrown.code, message: thrown.message };
  }
  if (thrown instanceof Error) {
    const { name, message, stack } = thrown;
    return { kind: 'error', name, message, ...(stack ? { stack } : {}) };
  }
  return { kind: 'value', value: thrown };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The value to throw on this side; anything malformed becomes a plain Error. */
export function fromWire(wire: unknown): unknown {
  if (typeof wire !== 'object' || wire === null || !('kind' in wire)) {
    return new Error('A worker failed with an error that could not be read.');
  }
  const w = wire as Record<string, unknown>;
  if (w.kind === 'ragtune') {
    const message = text(w.message);
    return isErrorCode(w.code) ? new RagtuneError(w.code, message) : new Error(message);
  }
  if (w.kind === 'error') {
    const error = new Error(text(w.message));
    error.name = text(w.name) || 'Error';
    if (typeof w.stack === 'string') error.stack = w.stack;
    return error;
  }
  return w.value;
}
