// A real OpenAI-compatible server for tests and manual use, shaped like vLLM: GET /v1/models (a base
// and two LoRA adapters with `parent`, `max_model_len`; or flat, as Ollama lists them), POST /v1/chat/completions streamed as SSE
// by the tiny LMs (tinyLmBackends.ts), POST /tokenize. Faults on demand: a required key (401), no
// CORS headers, the connection killed after N chunks, no usage, CRLF, keep-alives, a JSON answer.
// CLI: `tsx tests/support/openaiServer.ts --port 8765 [--key K] [--no-cors] [--kill-after N] …`
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { ChatMessage } from '../../src/lib/generate/Generator';
import { streamAnswer, wholeAnswer, type AnswerRequest } from './openaiAnswers';
import { CONTEXT_LENGTH, LISTED_MODELS, startBackends, type Backends } from './tinyLmBackends';

export interface OpenAiServerOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** Require `Authorization: Bearer <apiKey>` (vLLM --api-key); 401 otherwise. */
  apiKey?: string;
  /** Send CORS headers (vLLM's default, any origin); false: none, so a browser refuses us. */
  cors?: boolean;
  /** Destroy the connection after this many text chunks of an answer. */
  killAfterChunks?: number;
  /** Honour stream_options.include_usage (default true); false: never send usage. */
  usage?: boolean;
  /** End SSE lines with CRLF instead of LF. */
  crlf?: boolean;
  /** Serve POST /tokenize (default true); false: 404 as on servers without it. */
  tokenize?: boolean;
  /** Answer stream: true with one JSON completion (a server that does not stream). */
  ignoreStream?: boolean;
  /** Send a `: ping` comment before every chunk. */
  keepAlive?: boolean;
  /** Wait this long before each text chunk (for stopping mid-answer). */
  chunkDelayMs?: number;
  /**
   * Answer a request seen before from memory, all chunks at once: a server far faster than any
   * client, so a benchmark measures the client's reading (bench:generate --engine endpoint).
   */
  replay?: boolean;
  /** Models neither listed nor served, as after vLLM's /v1/unload_lora_adapter. */
  unloaded?: string[];
  /** List the models as Ollama and LM Studio do: no `parent`, `root` or context length. */
  flat?: boolean;
}

export interface OpenAiServer {
  /** The base URL a client uses: http://127.0.0.1:PORT/v1 */
  url: string;
  /** Requests seen: method, path and the Authorization header. */
  requests: { method: string; path: string; authorization?: string }[];
  /** The most chat completions open at once (received, not yet answered) since configure(). */
  readonly peakOpenAnswers: number;
  /** Changes the options for the next requests (the port stays). */
  configure(options: Omit<OpenAiServerOptions, 'port'>): void;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** vLLM's error body (ErrorResponse). */
const errorBody = (message: string, type: string, code: number) => ({
  error: { message, type, param: null, code },
});

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return JSON.parse(text) as unknown;
}

function withCors(req: IncomingMessage, res: ServerResponse, on: boolean): void {
  if (!on) return;
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ?? 'authorization, content-type',
  );
}

function modelList(unloaded: readonly string[], flat: boolean) {
  const listed = LISTED_MODELS.filter((m) => !unloaded.includes(m.id));
  const entry = (id: string, ownedBy: string) => ({
    id,
    object: 'model',
    created: 1_700_000_000,
    owned_by: ownedBy,
  });
  return {
    object: 'list',
    data: listed.map((m) =>
      flat
        ? entry(m.id, 'library')
        : {
            ...entry(m.id, 'vllm'),
            root: m.root,
            parent: m.parent ?? null,
            ...(m.parent ? {} : { max_model_len: CONTEXT_LENGTH }),
            permission: [],
          },
    ),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: OpenAiServerOptions,
  backends: Backends,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  withCors(req, res, options.cors !== false);
  if (req.method === 'OPTIONS') {
    res.writeHead(options.cors !== false ? 204 : 405).end();
    return;
  }
  if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
    json(res, 401, { error: 'Unauthorized' });
    return;
  }
  if (req.method === 'GET' && path === '/v1/models')
    return json(res, 200, modelList(options.unloaded ?? [], options.flat === true));
  if (req.method !== 'POST' || !['/v1/chat/completions', '/tokenize'].includes(path)) {
    return json(res, 404, { detail: 'Not Found' });
  }
  if (path === '/tokenize' && options.tokenize === false)
    return json(res, 404, { detail: 'Not Found' });
  let body: Record<string, unknown>;
  try {
    body = (await readBody(req)) as Record<string, unknown>;
  } catch {
    return json(res, 400, errorBody('Invalid JSON body.', 'BadRequestError', 400));
  }
  const listed = LISTED_MODELS.find(
    (m) => m.id === body.model && !options.unloaded?.includes(m.id),
  );
  if (!listed) {
    const message = `The model \`${String(body.model)}\` does not exist.`;
    return json(res, 404, errorBody(message, 'NotFoundError', 404));
  }
  const backend = backends.get(listed.weights);
  if (path === '/tokenize') {
    const count = await backend.generator.countTokens(String(body.prompt ?? ''));
    return json(res, 200, { count, max_model_len: CONTEXT_LENGTH, tokens: [] });
  }
  const request: AnswerRequest = {
    model: listed.id,
    messages: (body.messages ?? []) as ChatMessage[],
    temperature: typeof body.temperature === 'number' ? body.temperature : 1,
    topP: typeof body.top_p === 'number' ? body.top_p : 1,
    maxTokens: typeof body.max_tokens === 'number' ? body.max_tokens : 256,
    seed: typeof body.seed === 'number' ? body.seed : 0,
    includeUsage:
      (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true,
  };
  const template = await backend.generator.applyChatTemplate(request.messages);
  const promptTokens = await backend.generator.countTokens(template);
  if (promptTokens + request.maxTokens > CONTEXT_LENGTH) {
    const message =
      `This model's maximum context length is ${CONTEXT_LENGTH} tokens. However, you requested ` +
      `${promptTokens + request.maxTokens} tokens (${promptTokens} in the messages, ` +
      `${request.maxTokens} in the completion). Please reduce the length of the messages or completion.`;
    return json(res, 400, errorBody(message, 'BadRequestError', 400));
  }
  const run = body.stream === true && !options.ignoreStream ? streamAnswer : wholeAnswer;
  await backend.queue(() => run(req, res, backend.generator, request, options));
}

export async function startOpenAiServer(start: OpenAiServerOptions = {}): Promise<OpenAiServer> {
  const backends = await startBackends();
  let options = { ...start };
  const requests: OpenAiServer['requests'] = [];
  let open = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization });
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      peak = Math.max(peak, ++open);
      res.on('close', () => (open -= 1));
    }
    handle(req, res, options, backends).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, errorBody(String(error), 'InternalServerError', 500));
      else res.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(start.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get peakOpenAnswers() {
      return peak;
    },
    configure: (next) => {
      options = { ...next, port: start.port };
      peak = open;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await backends.close();
    },
  };
}

/** `tsx tests/support/openaiServer.ts --port 8765 [--key K] [--no-cors] [--kill-after N] [--no-usage] [--crlf] [--no-tokenize] [--keep-alive] [--delay-ms N] [--replay]` */
async function main(argv: string[]): Promise<void> {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const kill = value('--kill-after');
  const delay = value('--delay-ms');
  const server = await startOpenAiServer({
    port: Number(value('--port') ?? 8765),
    ...(value('--key') ? { apiKey: value('--key') } : {}),
    cors: !argv.includes('--no-cors'),
    ...(kill ? { killAfterChunks: Number(kill) } : {}),
    usage: !argv.includes('--no-usage'),
    crlf: argv.includes('--crlf'),
    tokenize: !argv.includes('--no-tokenize'),
    keepAlive: argv.includes('--keep-alive'),
    ...(delay ? { chunkDelayMs: Number(delay) } : {}),
    replay: argv.includes('--replay'),
  });
  console.log(
    `OpenAI-compatible test server on ${server.url} (models: ${LISTED_MODELS.map((m) => m.id).join(', ')})`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
