// A model download whose connection drops mid-file, through the real transformers.js in Node:
// a typed 'download-interrupted' error, nothing cut off in the file cache, and a retry that loads.
// Also: a download that hangs is reported as stalled, and a cancel aborts it on the wire.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import { customModelSpec } from '../../../src/lib/embed/catalog';
import { loadTransformersEmbedder } from '../../../src/lib/embed/transformersEmbedder';
import { setModelFileCacheDir, type DownloadProgress } from '../../../src/lib/ml/transformers';
import { TINY_BERT_ID, writeTinyBert } from '../../fixtures/models/tinyBert';

const ONNX = `${TINY_BERT_ID}/onnx/model_quantized.onnx`;

type Behaviour = 'drop' | 'hang' | 'serve';

let work: string;
let server: Server;
let host: string;
/** What the next full (non-range) request of the ONNX file gets. */
const plan: Behaviour[] = [];
const closedEarly: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ragtune-interrupt-'));
  const models = join(work, 'models');
  await writeTinyBert(join(models, TINY_BERT_ID), { words: ['zebra', 'quilt'] });
  server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const path = join(models, rel);
    if (!existsSync(path)) return void res.writeHead(404).end('not found');
    const size = statSync(path).size;
    const behaviour = rel === ONNX && !req.headers.range ? (plan.shift() ?? 'serve') : 'serve';
    res.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/octet-stream' });
    if (behaviour === 'serve') return void createReadStream(path).pipe(res);
    // Half the file, then the connection drops (or hangs until the client gives up).
    const half = createReadStream(path, { start: 0, end: Math.floor(size / 2) - 1 });
    half.on('data', (chunk) => res.write(chunk));
    half.on('end', () => {
      if (behaviour === 'drop') res.socket?.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) closedEarly.push(rel);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  setModelFileCacheDir(join(work, 'cache'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await rm(work, { recursive: true, force: true });
});

const cachedOnnx = () => join(work, 'cache', ONNX);

describe('an interrupted model download', { timeout: 30_000 }, () => {
  it('fails with a typed error that says to try again, and caches nothing cut off', async () => {
    plan.push('drop');
    const error = await loadTransformersEmbedder(customModelSpec(TINY_BERT_ID), { host }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RagtuneError);
    expect((error as RagtuneError).code).toBe('download-interrupted');
    expect((error as RagtuneError).message).toMatch(
      /^The download of the embedding model “ragtune-test\/tiny-bert” was interrupted after 0\.\d MB of 1\.\d MB — try again\./,
    );
    expect(existsSync(cachedOnnx())).toBe(false);
  });

  it('loads on the next try, with the whole file cached', async () => {
    const embedder = await loadTransformersEmbedder(customModelSpec(TINY_BERT_ID), { host });
    try {
      expect(embedder.spec.dim).toBe(384);
      const v = await embedder.embed(['zebra'], 'query');
      expect(v.length).toBe(384);
    } finally {
      await embedder.dispose();
    }
    const served = join(work, 'models', ONNX);
    expect(statSync(cachedOnnx()).size).toBe(statSync(served).size);
  });

  it('a hung download shows as stalled, and a cancel aborts it on the wire', async () => {
    setModelFileCacheDir(join(work, 'cache-2'));
    plan.push('hang');
    const controller = new AbortController();
    const progress: DownloadProgress[] = [];
    const loading = loadTransformersEmbedder(customModelSpec(TINY_BERT_ID), {
      host,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        // Half the ONNX file arrives, then nothing: the heartbeat reports the stall.
        if (p.stalled) controller.abort();
      },
    });
    const error = await loading.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as RagtuneError).code).toBe('cancelled');
    const stalled = progress.find((p) => p.stalled);
    expect(stalled?.loaded).toBeGreaterThan(0);
    expect(stalled?.loaded).toBeLessThan(stalled?.total ?? 0);
    expect(stalled?.secondsLeft).toBeUndefined();
    await expect.poll(() => closedEarly).toContain(ONNX);
    expect(existsSync(join(work, 'cache-2', ONNX))).toBe(false);
  });
});
