// A real model host for end-to-end tests of downloads over the network: serves the tests' models
// cross-origin (CORS, like the hub) and, per file, can stream slowly, drop the connection half-way
// or end a response early with a matching Content-Length. Runs in the test's Node process.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve } from 'node:path';

/** What a full (not range) request of a file gets; a file's steps are used up in order. */
export type Step = 'serve' | 'drop' | 'truncate' | { bytesPerSecond: number };

export interface TestModelHost {
  /** The host to pass as modelHost / generatorHost, e.g. http://127.0.0.1:41234/ */
  url: string;
  plan(file: string, ...steps: Step[]): void;
  /** Files whose response the client closed before it was complete (a cancelled download). */
  closedEarly: string[];
  close(): Promise<void>;
}

export const TEST_MODELS_DIR = resolve('tests/.generated/models');

const CORS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' };

function slowly(res: ServerResponse, bytes: Buffer, bytesPerSecond: number) {
  const tickMs = 50;
  const size = Math.max(1, Math.round((bytesPerSecond * tickMs) / 1000));
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    res.write(bytes.subarray(sent, sent + size));
    sent += size;
    if (sent >= bytes.length) {
      clearInterval(timer);
      res.end();
    }
  }, tickMs);
  res.on('close', () => clearInterval(timer));
}

export async function startModelHost(dir = TEST_MODELS_DIR): Promise<TestModelHost> {
  const steps = new Map<string, Step[]>();
  const closedEarly: string[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'Access-Control-Allow-Headers': '*' }).end();
      return;
    }
    const file = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const path = normalize(join(dir, file));
    if (!path.startsWith(dir) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404, CORS).end('not found');
      return;
    }
    const step = req.headers.range ? 'serve' : (steps.get(file)?.shift() ?? 'serve');
    const size = statSync(path).size;
    const half = Math.floor(size / 2);
    const type = path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    res.on('close', () => {
      if (!res.writableFinished) closedEarly.push(file);
    });
    if (step === 'truncate') {
      // Half the file, announced as all of it: HTTP sees a complete response.
      res.writeHead(200, { ...CORS, 'Content-Type': type, 'Content-Length': half });
      res.end(readFileSync(path).subarray(0, half));
      return;
    }
    res.writeHead(200, { ...CORS, 'Content-Type': type, 'Content-Length': size });
    if (step === 'serve') createReadStream(path).pipe(res);
    else if (step === 'drop') res.write(readFileSync(path).subarray(0, half), () => res.destroy());
    else slowly(res, readFileSync(path), step.bytesPerSecond);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    plan: (file, ...more) => void steps.set(file, [...(steps.get(file) ?? []), ...more]),
    closedEarly,
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
