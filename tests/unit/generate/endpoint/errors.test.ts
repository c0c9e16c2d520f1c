// Failures of OpenAI-compatible servers in words: the CORS advice per server for the page's origin,
// context overflows as vLLM, OpenAI, llama.cpp and TGI word them, 429, 5xx, and the build's policy.
import { describe, expect, it } from 'vitest';
import { serverErrorOf } from '../../../../src/lib/generate/endpoint/chunks';
import {
  corsSettings,
  httpError,
  endpointPolicyRefusal,
  unreachable,
} from '../../../../src/lib/generate/endpoint/errors';

const url = 'http://10.0.0.5:8000/v1/chat/completions';
const ctx = { url, modelId: 'sql-lora' };

describe('endpoint errors', () => {
  it('unreachable names both causes and each server’s setting for the page’s origin', () => {
    const error = unreachable(url, new TypeError('Failed to fetch'), 'http://localhost:5173');
    expect(error.code).toBe('endpoint-unreachable');
    expect(error.message).toContain('Could not reach 10.0.0.5:8000');
    expect(error.message).toContain('(http://10.0.0.5:8000/v1)');
    expect(error.message).toContain('CORS');
    expect(error.message).toContain(`--allowed-origins '["http://localhost:5173"]'`);
    expect(error.message).toContain('OLLAMA_ORIGINS=http://localhost:5173');
    expect(error.message).toContain('--cors-origins http://localhost:5173');
    expect(error.message).toContain('Enable CORS');
    expect(corsSettings('https://lab.example.org')).toContain(`'["https://lab.example.org"]'`);
    // In Node there is no page, so no CORS: only the first cause.
    expect(unreachable(url, new TypeError('fetch failed'), undefined).message).not.toContain(
      'CORS',
    );
  });

  it.each([
    [
      'vLLM',
      {
        error: {
          message:
            "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4936 in the messages, 64 in the completion). Please reduce the length of the messages or completion.",
          type: 'BadRequestError',
          param: null,
          code: 400,
        },
      },
    ],
    [
      'vLLM (older, flat)',
      {
        object: 'error',
        message: "This model's maximum context length is 2048 tokens.",
        type: 'BadRequestError',
        param: null,
        code: 400,
      },
    ],
    [
      'OpenAI',
      {
        error: {
          message: 'Input too long.',
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      },
    ],
    [
      'llama.cpp',
      {
        error: {
          code: 400,
          message: 'the request exceeds the available context size, try increasing it',
          type: 'exceed_context_size_error',
        },
      },
    ],
    [
      'TGI',
      {
        error:
          'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4100 `inputs` tokens and 64 `max_new_tokens`',
        error_type: 'validation',
      },
    ],
  ])('a context overflow from %s is context-too-long', (_server, body) => {
    const error = httpError(400, serverErrorOf(body), ctx);
    expect(error.code).toBe('context-too-long');
    expect(error.message).toMatch(/do not fit sql-lora's context on the server/);
  });

  it('another 400 is not an overflow; 429, 5xx, 403 each say what to do', () => {
    const other = httpError(
      400,
      serverErrorOf({ error: { message: 'temperature must be >= 0', code: 400 } }),
      ctx,
    );
    expect(other.code).toBe('endpoint-failed');
    expect(other.message).toContain('temperature must be >= 0');
    expect(httpError(429, undefined, ctx).code).toBe('endpoint-busy');
    expect(httpError(503, serverErrorOf({ error: 'overloaded' }), ctx)).toMatchObject({
      code: 'endpoint-failed',
      status: 503,
    });
    expect(httpError(503, undefined, ctx).message).toMatch(/failed while answering \(HTTP 503\)/);
    expect(httpError(403, undefined, ctx).code).toBe('endpoint-unauthorized');
  });

  it('the build’s security policy refuses a host it does not list, before any request', () => {
    const refused = endpointPolicyRefusal(
      'https://gpu.example.org/v1/models',
      ['http://localhost:*'],
      'http://localhost:5173',
    );
    expect(refused?.code).toBe('endpoint-unreachable');
    expect(refused?.message).toContain('RAGTUNE_CONNECT_SRC=+https://gpu.example.org');
    expect(
      endpointPolicyRefusal(
        'http://localhost:8000/v1/models',
        ['http://localhost:*'],
        'http://localhost:5173',
      ),
    ).toBeUndefined();
    expect(
      endpointPolicyRefusal(
        'https://gpu.example.org/v1/models',
        undefined,
        'http://localhost:5173',
      ),
    ).toBeUndefined();
  });
});
