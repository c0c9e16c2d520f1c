// The SSE parser and the chunk reader on recorded-style streams of vLLM, Ollama, llama.cpp, LM Studio
// and a proxy using every SSE feature, fed as the network might: split at random bytes (inside UTF-8
// characters too), byte by byte, with LF, CRLF or CR line ends.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCompletionStream } from '../../../../src/lib/generate/endpoint/completionStream';
import { SseParser } from '../../../../src/lib/generate/endpoint/sse';
import { seededRandom } from '../../../../src/lib/seededRandom';

const stream = (name: string) => readFileSync(join(import.meta.dirname, 'streams', name), 'utf8');

interface Expected {
  text: string;
  reasoning: string;
  model: string;
  finishReason?: string;
  usage?: { promptTokens: number; completionTokens: number };
  end: 'done' | 'error' | 'lost';
  error?: RegExp;
  /** Chunks that carried text or reasoning. */
  pieces: number;
}

const DIALECTS: Record<string, Expected> = {
  'vllm-reasoning.txt': {
    text: 'The per diem is 62 € [2] ✈️.',
    reasoning: 'The sources say 62 €.',
    model: 'sql-lora',
    finishReason: 'stop',
    usage: { promptTokens: 153, completionTokens: 18 },
    end: 'done',
    pieces: 5,
  },
  'vllm-error.txt': {
    text: 'Hotels are',
    reasoning: '',
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    end: 'error',
    error: /EngineDeadError/,
    pieces: 1,
  },
  'ollama.txt': {
    text: 'By train, if the trip is short [1]. Ça va 😀',
    reasoning: 'Trains under four hours.',
    model: 'qwen3:0.6b',
    finishReason: 'length',
    usage: { promptTokens: 88, completionTokens: 12 },
    end: 'done',
    pieces: 4,
  },
  'llamacpp.txt': {
    text: 'The travel office books hotels [3].',
    reasoning: 'Look at [3].',
    model: 'gpt-oss-20b',
    finishReason: 'stop',
    usage: { promptTokens: 1085, completionTokens: 9 },
    end: 'done',
    pieces: 3,
  },
  'llamacpp-old-error.txt': {
    text: 'Trips',
    reasoning: '',
    model: 'llama-3-8b.Q4_K_M.gguf',
    end: 'error',
    error: /too big compared to KV size/,
    pieces: 1,
  },
  'lmstudio.txt': {
    text: 'The allowance is 62 euros.',
    reasoning: '',
    model: 'qwen2.5-7b-instruct',
    finishReason: 'stop',
    end: 'done',
    pieces: 3,
  },
  'sse-features.txt': {
    text: 'Multi-line data, no space after the colon',
    reasoning: '',
    model: 'proxy/model-a',
    finishReason: 'stop',
    usage: { promptTokens: 7, completionTokens: 2 },
    end: 'done',
    pieces: 2,
  },
};

const LINE_ENDS = { LF: '\n', CRLF: '\r\n', CR: '\r' } as const;

/** The bytes cut at `cuts` random places (or every byte when cuts is 'bytes'). */
function split(bytes: Uint8Array, cuts: number | 'bytes', random: () => number): Uint8Array[] {
  if (cuts === 'bytes') return [...bytes].map((b) => Uint8Array.of(b));
  const at = [...new Set(Array.from({ length: cuts }, () => Math.floor(random() * bytes.length)))]
    .filter((i) => i > 0)
    .sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const i of [...at, bytes.length]) {
    pieces.push(bytes.subarray(start, i));
    start = i;
  }
  return pieces;
}

function response(pieces: Uint8Array[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(p);
      controller.close();
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

async function read(pieces: Uint8Array[]) {
  const tokens: string[] = [];
  const out = await readCompletionStream(response(pieces), { onToken: (t) => tokens.push(t) });
  return { ...out, tokens };
}

function check(out: Awaited<ReturnType<typeof read>>, want: Expected) {
  expect(out.state.text).toBe(want.text);
  expect(out.tokens.join('')).toBe(want.text);
  expect(out.state.reasoning).toBe(want.reasoning);
  expect(out.state.model).toBe(want.model);
  expect(out.state.finishReason).toBe(want.finishReason);
  expect(out.state.usage).toEqual(want.usage);
  expect(out.state.pieces).toBe(want.pieces);
  expect(out.end.kind).toBe(want.end);
  if (want.error) {
    expect(out.end.kind === 'error' && out.end.error.message).toMatch(want.error);
  }
}

describe('recorded-style streams of each dialect', () => {
  for (const [file, want] of Object.entries(DIALECTS)) {
    for (const [endName, eol] of Object.entries(LINE_ENDS)) {
      it(`${file} with ${endName}: whole, byte by byte, and at 200 random splits`, async () => {
        const text = stream(file).replace(/\n/g, eol);
        const bytes = new TextEncoder().encode(text);
        check(await read([bytes]), want);
        check(await read(split(bytes, 'bytes', Math.random)), want);
        const random = seededRandom(file.length * 31 + eol.length);
        for (let run = 0; run < 200; run++) {
          check(await read(split(bytes, 1 + Math.floor(random() * 12), random)), want);
        }
      });
    }
  }
});

describe('SseParser', () => {
  it('keeps a UTF-8 character cut between two network chunks whole', () => {
    const bytes = new TextEncoder().encode('data: 😀€\n\n');
    const parser = new SseParser();
    // The emoji is bytes 6..9: cut inside it, then inside the euro sign.
    const events = [
      ...parser.push(bytes.subarray(0, 8)),
      ...parser.push(bytes.subarray(8, 11)),
      ...parser.push(bytes.subarray(11)),
    ];
    expect(events).toEqual([{ event: 'message', data: '😀€' }]);
  });

  it('a CR at the end of one chunk and LF at the start of the next are one line end', () => {
    const parser = new SseParser();
    const events = [
      ...parser.push('data: a\r'),
      ...parser.push('\n\r'),
      ...parser.push('\ndata: b\r\n\r\n'),
    ];
    expect(events).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('counts comments, joins multi-line data, keeps event names, ignores id and retry', () => {
    const parser = new SseParser();
    const events = parser.push(
      ': ping\n\nid: 7\nretry: 10\nevent: delta\ndata: one\ndata:two\ndata\n\n',
    );
    expect(events).toEqual([{ event: 'delta', data: 'one\ntwo\n' }]);
    expect(parser.comments).toBe(1);
  });

  it('delivers a last event with no blank line at the end of the stream, and nothing twice', () => {
    const parser = new SseParser();
    expect(parser.push('data: [DONE]')).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'message', data: '[DONE]' }]);
    expect(parser.end()).toEqual([]);
  });
});

describe('streams that end badly', () => {
  it('a body that ends with no [DONE] and no finish reason is lost, its text kept', async () => {
    const cut = stream('lmstudio.txt').split('\n\n').slice(0, 3).join('\n\n');
    const out = await read([new TextEncoder().encode(cut)]);
    expect(out.end.kind).toBe('lost');
    expect(out.state.text).toBe('The allowance is');
  });

  it('a data line that is not JSON ends the stream as not-json', async () => {
    const out = await read([
      new TextEncoder().encode('data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: <html>\n\n'),
    ]);
    expect(out.end.kind).toBe('not-json');
    expect(out.state.text).toBe('a');
  });

  it('a server that ignored stream: true and sent one JSON completion', async () => {
    const body = JSON.stringify({
      model: 'tgi',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Whole.', reasoning_content: 'Hm.' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    const tokens: string[] = [];
    const out = await readCompletionStream(
      new Response(body, { headers: { 'Content-Type': 'application/json' } }),
      {
        onToken: (t) => tokens.push(t),
      },
    );
    expect(out.end.kind).toBe('done');
    expect(tokens).toEqual(['Whole.']);
    expect(out.state).toMatchObject({
      text: 'Whole.',
      reasoning: 'Hm.',
      model: 'tgi',
      usage: { promptTokens: 5, completionTokens: 2 },
    });
  });
});
