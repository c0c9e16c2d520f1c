// The app's own reading of its connect-src: the same matching the browser does for the source
// forms csp.config.ts allows, and the words said when a host is refused.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_SRC } from '../../../csp.config';
import {
  BUILD_CONNECT_SRC,
  connectAllowed,
  policyRefusal,
  sourceMatches,
} from '../../../src/lib/security/connectPolicy';

const SELF = 'https://ragtune.example.org';
const DEFAULTS = DEFAULT_CONNECT_SRC.map((entry) => entry.source);
const allowed = (url: string) => connectAllowed(url, DEFAULTS, SELF);

describe('connectAllowed under the default setting', () => {
  it.each([
    'https://ragtune.example.org/assets/ort.wasm',
    'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/config.json',
    'https://hf.co/you/model/resolve/main/config.json',
    'https://cdn-lfs.huggingface.co/repos/ab/cd',
    'https://cas-bridge.xethub.hf.co/xet-bridge-us/abc',
    'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_80/x.wasm',
    'http://127.0.0.1:8000/my-model/config.json',
    'http://localhost:5173/models/x.onnx',
    'http://localhost/models/x.onnx',
  ])('allows %s', (url) => expect(allowed(url)).toBe(true));

  it.each([
    'https://models.example.org/you/model/config.json',
    'https://you.github.io/model/config.json',
    'https://huggingface.co.evil.example/x',
    'https://raw.githubusercontent.com/attacker/repo/main/x.wasm',
    'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs-fork/x.wasm',
    'http://huggingface.co/x',
    'http://192.168.1.20:8000/model/config.json',
    'https://127.0.0.1.nip.io/x',
    'not a url',
  ])('refuses %s', (url) => expect(allowed(url)).toBe(false));
});

describe('sourceMatches', () => {
  it('matches ports exactly unless the source says *, and a path without a slash exactly', () => {
    const url = (u: string) => new URL(u);
    expect(sourceMatches('https://a.org:8443', url('https://a.org:8443/x'))).toBe(true);
    expect(sourceMatches('https://a.org:8443', url('https://a.org/x'))).toBe(false);
    expect(sourceMatches('https://a.org', url('https://a.org:8443/x'))).toBe(false);
    expect(sourceMatches('https://a.org/file.json', url('https://a.org/file.json'))).toBe(true);
    expect(sourceMatches('https://a.org/file.json', url('https://a.org/file.json/x'))).toBe(false);
    expect(sourceMatches('https://*.a.org', url('https://a.org/'))).toBe(false);
    expect(sourceMatches('http://a.org', url('https://a.org/'))).toBe(true);
    expect(sourceMatches('wss://a.org', url('ws://a.org/'))).toBe(false);
  });
});

describe('policyRefusal', () => {
  it('names the refused origin, the allowed hosts and how to allow it', () => {
    const text = policyRefusal('https://models.example.org/you/m/config.json', DEFAULTS, SELF);
    expect(text).toContain('refuses https://models.example.org');
    expect(text).toContain('huggingface.co, hf.co, *.huggingface.co');
    expect(text).toContain('127.0.0.1, localhost');
    expect(text).toContain('RAGTUNE_CONNECT_SRC=+https://models.example.org');
  });

  it('says nothing for an allowed URL, or where no build policy applies (Node)', () => {
    expect(policyRefusal('https://huggingface.co/x', DEFAULTS, SELF)).toBeUndefined();
    expect(BUILD_CONNECT_SRC).toBeUndefined();
    expect(policyRefusal('https://models.example.org/x')).toBeUndefined();
  });
});
