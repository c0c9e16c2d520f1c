// Typed server addresses become one base URL (…/v1, no trailing slash) or a message saying what to
// fix; loopback is recognised in every spelling the URL parser allows.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../../src/lib/errors';
import {
  isLoopback,
  parseBaseUrl,
  serverRoot,
} from '../../../../src/lib/generate/endpoint/baseUrl';

function refusal(typed: string): RagtuneError {
  try {
    parseBaseUrl(typed);
  } catch (error) {
    expect(error).toBeInstanceOf(RagtuneError);
    return error as RagtuneError;
  }
  throw new Error(`${typed} was accepted`);
}

describe('parseBaseUrl', () => {
  it.each([
    ['http://localhost:8000', 'http://localhost:8000/v1'],
    ['http://localhost:8000/', 'http://localhost:8000/v1'],
    ['http://localhost:8000/v1', 'http://localhost:8000/v1'],
    ['http://localhost:8000/v1/', 'http://localhost:8000/v1'],
    ['  https://gpu.example.org/v1//  ', 'https://gpu.example.org/v1'],
    ['localhost:11434', 'http://localhost:11434/v1'],
    ['http://127.0.0.1:1234/lmstudio', 'http://127.0.0.1:1234/lmstudio/v1'],
    ['https://proxy.example.org/team/vllm/v1', 'https://proxy.example.org/team/vllm/v1'],
    ['HTTP://LocalHost:8080', 'http://localhost:8080/v1'],
    ['http://[::1]:8000/v1', 'http://[::1]:8000/v1'],
    ['https://gpu.example.org:443/v1', 'https://gpu.example.org/v1'],
  ])('%s → %s', (typed, base) => {
    expect(parseBaseUrl(typed)).toBe(base);
  });

  it('refuses other schemes, credentials, queries, fragments and empty input, in words', () => {
    expect(refusal('ftp://host/v1').message).toMatch(/uses ftp: .*http:\/\/ or https:\/\//);
    expect(refusal('file:///etc/passwd').message).toMatch(/uses file:/);
    expect(refusal('javascript:alert(1)').code).toBe('invalid-url');
    expect(refusal('http://user:secret@host:8000/v1').message).toMatch(/API key field/);
    expect(refusal('http://token@host:8000/v1').message).toMatch(/user name or password/);
    expect(refusal('http://host:8000/v1#models').message).toMatch(/#fragment/);
    expect(refusal('http://host:8000/v1?key=x').message).toMatch(/\?query/);
    expect(refusal('   ').message).toMatch(/Type the server’s address/);
    expect(refusal('http://').code).toBe('invalid-url');
    expect(refusal('http://exa mple.org').code).toBe('invalid-url');
  });

  it('the server root is the base without /v1 (where vLLM serves /tokenize)', () => {
    expect(serverRoot('http://localhost:8000/v1')).toBe('http://localhost:8000');
    expect(serverRoot('https://h.example/team/v1')).toBe('https://h.example/team');
  });
});

describe('isLoopback', () => {
  it.each([
    'http://localhost:8000/v1',
    'http://LOCALHOST/v1',
    'http://app.localhost:3000',
    'http://127.0.0.1:8000/v1',
    'http://127.255.0.9/v1',
    'http://127.1:8000',
    'http://0x7f.0.0.1/v1',
    'http://[::1]:8000/v1',
  ])('%s is on this machine', (url) => expect(isLoopback(url)).toBe(true));

  it.each([
    'http://192.168.1.20:8000/v1',
    'http://10.0.0.1/v1',
    'http://localhost.example.org/v1',
    'http://128.0.0.1/v1',
    'http://[::2]/v1',
    'http://0.0.0.0:8000/v1',
    'not a url',
  ])('%s is not', (url) => expect(isLoopback(url)).toBe(false));
});
