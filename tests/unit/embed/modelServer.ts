// A tiny model host for unit tests: serves a folder over http on 127.0.0.1 (random port) and
// records what was requested, as the hub or a self-hosted mirror would serve `{model}/` folders.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve } from 'node:path';

export interface ModelServer {
  /** e.g. http://127.0.0.1:41234/models/ */
  host: string;
  /** Paths requested (relative to the served folder), in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function serveModels(dir: string): Promise<ModelServer> {
  const root = resolve(dir);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rel = decodeURIComponent(url.pathname.replace(/^\/models\//, ''));
    requests.push(rel);
    const path = normalize(join(root, rel));
    if (!path.startsWith(root) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    const type = path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(path).size });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}/models/`,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A host where nothing listens: a port we bound and released. */
export async function unreachableHost(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}/models/`;
}
