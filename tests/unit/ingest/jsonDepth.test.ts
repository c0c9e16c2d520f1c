// Deeply nested JSON: refused before parsing with a 'too-deep' error naming the file, and the
// flattener walks deep values without recursion (no raw "Maximum call stack size exceeded").

import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, jsonDepth } from '../../../src/lib/ingest/jsonDepth';
import { parseDocument } from '../../../src/lib/ingest/parse';
import { jsonToText } from '../../../src/lib/ingest/parse/json';
import { expectRagtuneError } from './expectError';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('JSON nesting depth', () => {
  it('counts nesting and ignores brackets inside strings', () => {
    expect(jsonDepth('{"a": [1, {"b": "[[[{{{\\"]]]"}]}')).toBe(3);
    expect(jsonDepth('"just text"')).toBe(0);
  });

  it('refuses 200,000 levels of arrays with a message naming the file', async () => {
    const depth = 200_000;
    const bytes = utf8('['.repeat(depth) + ']'.repeat(depth));
    const error = await expectRagtuneError(
      () => parseDocument(bytes, 'deep.json'),
      'too-deep',
      'deep.json',
    );
    expect(error.message).toContain(`${MAX_JSON_DEPTH} levels`);
    expect(error.message).not.toMatch(/call stack/i);
  });

  it('refuses 1,000,000 unclosed brackets and 200,000 nested objects', async () => {
    await expectRagtuneError(
      () => parseDocument(utf8('['.repeat(1_000_000)), 'open.json'),
      'too-deep',
      'open.json',
    );
    const objects = '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000);
    await expectRagtuneError(
      () => parseDocument(utf8(objects), 'obj.json'),
      'too-deep',
      'obj.json',
    );
  });

  it('reads a file exactly at the limit', async () => {
    const text =
      '{"k":'.repeat(MAX_JSON_DEPTH - 1) + '{"leaf": "value"}' + '}'.repeat(MAX_JSON_DEPTH - 1);
    const parsed = await parseDocument(utf8(text), 'edge.json');
    expect(parsed.text.endsWith('.leaf: value')).toBe(true);
  });

  it('flattens a 200,000-level value without recursion', () => {
    let value: unknown = 'bottom';
    for (let i = 0; i < 200_000; i++) value = { k: value };
    const text = jsonToText(value);
    expect(text.startsWith('k.k.k')).toBe(true);
    expect(text.endsWith('.k: bottom')).toBe(true);
  });
});
