// JSON files: turned into readable lines `path.to.key: value`; an array of objects becomes one
// record per paragraph, so that each record stays together in a chunk.

import { RagtuneError } from '../../errors';
import type { ParsedDocument } from '../types';
import { decodeUtf8, emptyError } from '../detect';
import { checkJsonDepth } from '../jsonDepth';
import { normaliseText } from '../normalise';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isContainer(value: Json): value is Json[] | { [key: string]: Json } {
  return typeof value === 'object' && value !== null;
}

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

class JsonLines {
  private readonly paragraphs: string[] = [];
  private lines: string[] = [];

  line(path: string, value: string): void {
    this.lines.push(path === '' ? value : `${path}: ${value}`);
  }

  endParagraph(): void {
    if (this.lines.length > 0) this.paragraphs.push(this.lines.join('\n'));
    this.lines = [];
  }

  toString(): string {
    this.endParagraph();
    return this.paragraphs.join('\n\n');
  }
}

type Task = { value: Json; path: string; inRecord: boolean } | 'end-paragraph';

/**
 * Walks the value with a stack of tasks rather than recursion, so nesting depth costs heap, not
 * call stack (deep input is refused before parsing, but pasted values come here directly).
 */
function visit(root: Json, out: JsonLines): void {
  const tasks: Task[] = [{ value: root, path: '', inRecord: false }];
  for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
    if (task === 'end-paragraph') {
      out.endParagraph();
      continue;
    }
    const { value, path, inRecord } = task;
    // Children are pushed last-first so that they come off the stack in document order.
    const children: Task[] = [];
    if (!isContainer(value)) {
      out.line(path, String(value));
    } else if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (value.every((item) => !isContainer(item))) {
        out.line(path, value.map(String).join(', '));
      } else if (!inRecord) {
        // Records: one paragraph each, keys relative to the array (its index adds nothing).
        out.endParagraph();
        for (const item of value)
          children.push({ value: item, path, inRecord: true }, 'end-paragraph');
      } else {
        value.forEach((item, index) =>
          children.push({ value: item, path: `${path}[${index}]`, inRecord }),
        );
      }
    } else {
      for (const [key, item] of Object.entries(value))
        children.push({ value: item, path: joinPath(path, key), inRecord });
    }
    for (let i = children.length - 1; i >= 0; i--) tasks.push(children[i] as Task);
  }
}

/** Readable lines for any JSON value (exported for tests and for pasted JSON). */
export function jsonToText(value: unknown): string {
  const out = new JsonLines();
  visit(value as Json, out);
  return normaliseText(out.toString());
}

export function parseJson(bytes: Uint8Array, name: string): ParsedDocument {
  const source = decodeUtf8(bytes, name);
  checkJsonDepth(source, name);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    throw new RagtuneError(
      'invalid-json',
      `${name} is not valid JSON${detail}. Fix it in a text editor or JSON validator and add it again.`,
      { cause: error },
    );
  }
  const text = jsonToText(value);
  if (text === '') throw emptyError(name);
  return { format: 'json', text };
}
