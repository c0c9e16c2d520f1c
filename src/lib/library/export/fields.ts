// Typed reads of untrusted JSON fields for import: each returns the value or throws a message
// that names the file, the line and the field, and what was expected.
import { DOC_FORMATS, type DocFormat } from '../../ingest/formats';

export class InvalidIndexFile extends Error {}

export type JsonObject = Record<string, unknown>;

export function objectAt(value: unknown, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidIndexFile(`${where} is not a JSON object.`);
  }
  return value as JsonObject;
}

export class Fields {
  readonly #object: JsonObject;
  readonly #where: string;

  constructor(value: unknown, where: string) {
    this.#object = objectAt(value, where);
    this.#where = where;
  }

  fail(field: string, expected: string): never {
    throw new InvalidIndexFile(`${this.#where}: “${field}” ${expected}.`);
  }

  string(field: string, maxChars: number, options: { empty?: boolean } = {}): string {
    const value = this.#object[field];
    if (typeof value !== 'string' || value.length > maxChars || (!options.empty && !value)) {
      this.fail(
        field,
        `must be a${options.empty ? '' : ' non-empty'} text of at most ${maxChars} characters`,
      );
    }
    return value;
  }

  integer(field: string, min: number, max: number): number {
    const value = this.#object[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  optionalInteger(field: string, min: number, max: number): number | undefined {
    const value = this.#object[field];
    return value === null || value === undefined ? undefined : this.integer(field, min, max);
  }

  boolean(field: string): boolean {
    const value = this.#object[field];
    if (typeof value !== 'boolean') this.fail(field, 'must be true or false');
    return value;
  }

  strings(field: string, maxItems: number, maxChars: number): string[] {
    const value = this.#object[field];
    if (
      !Array.isArray(value) ||
      value.length > maxItems ||
      !value.every((s) => typeof s === 'string' && s.length <= maxChars)
    ) {
      this.fail(field, `must be a list of at most ${maxItems} texts`);
    }
    return value as string[];
  }

  format(field: string): DocFormat {
    const value = this.#object[field];
    if (typeof value !== 'string' || !Object.hasOwn(DOC_FORMATS, value)) {
      this.fail(field, `must be one of ${Object.keys(DOC_FORMATS).join(', ')}`);
    }
    return value as DocFormat;
  }

  /** A list of `dim` finite numbers, as float32. */
  vector(field: string, dim: number): Float32Array {
    const value = this.#object[field];
    const length = value instanceof Float32Array || Array.isArray(value) ? value.length : -1;
    if (length !== dim) this.fail(field, `must be a list of ${dim} numbers`);
    const out = new Float32Array(dim);
    const list = value as ArrayLike<unknown>;
    for (let i = 0; i < dim; i++) {
      const x = list[i];
      if (typeof x !== 'number' || !Number.isFinite(x))
        this.fail(field, 'must hold finite numbers only');
      out[i] = x;
    }
    return out;
  }
}
