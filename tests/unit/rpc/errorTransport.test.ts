// Errors across a worker boundary (rpc/errorTransport.ts through Comlink's 'throw' handler, over a
// real MessageChannel): a RagtuneError keeps its code, a code we do not know is not trusted, and a
// plain Error keeps its name and message.
import { afterEach, describe, expect, it } from 'vitest';
import { RagtuneError, toRagtuneError, type ErrorCode } from '../../../src/lib/errors';
import { fromWire, toWire } from '../../../src/lib/rpc/errorTransport';
import { call, exposeApi, wrapWorker, type WorkerEndpoint } from '../../../src/lib/rpc/rpc';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** Serves an API whose `fail` throws `thrown` on the worker's side; returns the page's proxy. */
function serving(thrown: () => unknown) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  exposeApi({ fail: async () => Promise.reject(thrown()) }, port2 as unknown as WorkerEndpoint);
  return wrapWorker<{ fail(): Promise<void> }>(port1 as unknown as WorkerEndpoint, 'test worker');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('resolved'),
    (error: unknown) => error,
  );
}

describe('error transport', () => {
  it('rebuilds a RagtuneError with a known code', async () => {
    const remote = serving(() => new RagtuneError('quota-exceeded', 'The storage is full.'));
    const error = await rejection(remote.fail());
    expect(error).toBeInstanceOf(RagtuneError);
    expect(error).toMatchObject({ code: 'quota-exceeded', message: 'The storage is full.' });
  });

  it('does not trust a code it does not know', async () => {
    const forged = () => new RagtuneError('no-such-code' as ErrorCode, 'Made up.');
    const error = await rejection(serving(forged).fail());
    expect(error).not.toBeInstanceOf(RagtuneError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Made up.');
    // What the page's call() then makes of it: a generic failure with the message.
    const typed = await rejection(call(serving(forged).fail()));
    expect(typed).toMatchObject({ code: 'internal', message: 'Made up.' });
  });

  it('keeps a plain Error a plain Error, with its name and message', async () => {
    const error = await rejection(
      serving(() => Object.assign(new TypeError('bad input'), { name: 'TypeError' })).fail(),
    );
    expect(error).not.toBeInstanceOf(RagtuneError);
    expect(error).toMatchObject({ name: 'TypeError', message: 'bad input' });
    expect(await rejection(call(serving(() => new Error('boom')).fail()))).toMatchObject({
      code: 'internal',
      message: 'boom',
    });
  });

  it('passes a thrown non-error value through as it is', async () => {
    expect(await rejection(serving(() => 'just a string').fail())).toBe('just a string');
  });

  it('reads malformed wire values as plain Errors', () => {
    expect(fromWire(null)).toBeInstanceOf(Error);
    expect(fromWire({ kind: 'ragtune', code: 42, message: 'x' })).not.toBeInstanceOf(RagtuneError);
    expect(fromWire(toWire(new RagtuneError('offline', 'Offline.')))).toBeInstanceOf(RagtuneError);
  });

  it('does not trust an unknown code in a cloned error name either', () => {
    const cloned = { name: 'RagtuneError:no-such-code', message: 'Made up.' };
    expect(toRagtuneError(cloned)).toMatchObject({ code: 'internal', message: 'Made up.' });
    expect(toRagtuneError({ name: 'RagtuneError:offline', message: 'Offline.' }).code).toBe(
      'offline',
    );
  });
});
